package dev.ptrace.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one architecture's uapi headers are, and the compiler macros that select it.
 *
 * @param arch           "x86_64" or "aarch64"
 * @param unistd         the syscall number header ({@code asm/unistd_64.h} or {@code asm/unistd.h})
 * @param includeRoots   search path for {@code #include <...>}
 * @param kernelArchDir  the kernel source directory name of the arch ("x86", "arm64")
 */
record ArchHeaders(String arch, Path unistd, List<Path> includeRoots, String kernelArchDir) {

    /** Builds the search path from the unistd header: the folder above {@code asm/}, and its parent when that
     *  holds {@code asm-generic/} (the Debian multiarch layout). */
    static ArchHeaders of(String arch, Path unistd) {
        Path root = unistd.toAbsolutePath().normalize().getParent().getParent();
        List<Path> roots = new ArrayList<>();
        roots.add(root);
        Path parent = root.getParent();
        if (!Files.isDirectory(root.resolve("asm-generic")) && parent != null
                && Files.isDirectory(parent.resolve("asm-generic"))) {
            roots.add(parent);
        }
        return new ArchHeaders(arch, unistd, roots, arch.equals("x86_64") ? "x86" : "arm64");
    }

    /** A preprocessor configured as a 64-bit compiler for this architecture would be. */
    Preprocessor preprocessor() {
        Preprocessor pp = new Preprocessor(includeRoots, true);
        if (arch.equals("x86_64")) {
            pp.predefine("__x86_64__", "1").predefine("__x86_64", "1").predefine("__amd64__", "1");
        } else {
            pp.predefine("__aarch64__", "1").predefine("__AARCH64EL__", "1");
        }
        pp.predefine("__LP64__", "1").predefine("__linux__", "1").predefine("__BITS_PER_LONG", "64");
        return pp;
    }

    /** Java-friendly prefix of the generated class names: "X86_64" or "Aarch64". */
    String classPrefix() {
        return arch.equals("x86_64") ? "X86_64" : "Aarch64";
    }

    /** Constant name of {@code dev.ptrace.Arch}. */
    String archConstant() {
        return arch.equals("x86_64") ? "X86_64" : "AARCH64";
    }
}
