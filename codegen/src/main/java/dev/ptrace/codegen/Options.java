package dev.ptrace.codegen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What to generate, from which headers, into which project root.
 *
 * @param projectRoot  the folder holding the parent pom; outputs go below it
 * @param archs        the architectures to regenerate ("x86_64", "aarch64")
 * @param strict       fail instead of skipping when a requested header is missing
 * @param x86Unistd    x86_64 {@code asm/unistd_64.h}
 * @param aarch64Unistd aarch64 {@code asm/unistd.h}
 * @param prototypes   the kernel's {@code include/linux/syscalls.h}
 * @param libcInclude  the C library's include folder ({@code unistd.h} for the access(2) modes)
 * @param verbose      print every preprocessor warning
 * @param log          where progress and warnings go
 */
record Options(Path projectRoot, List<String> archs, boolean strict, Path x86Unistd, Path aarch64Unistd,
               Path prototypes, Path libcInclude, boolean verbose, PrintStream log) {

    static final String ENV_X86 = "PTRACE_SYSCALL_HEADER_X86_64";
    static final String ENV_AARCH64 = "PTRACE_SYSCALL_HEADER_AARCH64";
    static final String ENV_PROTOTYPES = "PTRACE_SYSCALL_PROTOTYPES";
    static final String ENV_LIBC = "PTRACE_LIBC_INCLUDE";
    static final Path DEFAULT_LIBC = Paths.get("/usr/include");
    static final Path DEFAULT_X86 = Paths.get("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    static final Path DEFAULT_AARCH64 = Paths.get("/usr/aarch64-linux-gnu/include/asm/unistd.h");
    static final List<String> ALL_ARCHS = List.of("x86_64", "aarch64");

    static final String USAGE = String.join("\n",
            "usage: mvn -pl codegen compile exec:java [-Dexec.args=\"--out DIR --arch x86_64,aarch64 --strict\"]",
            "Regenerates the syscall, errno, signal and constant tables from Linux headers.",
            "  --out DIR       project root to write into (default: the folder of the ptrace-parent pom)",
            "  --arch LIST     architectures to regenerate (default: $ARCH or x86_64,aarch64)",
            "  --strict        fail when a requested header is missing (default: $STRICT=1)",
            "  --verbose       print every preprocessor warning",
            "Environment: " + ENV_X86 + " (default " + DEFAULT_X86 + "),",
            "  " + ENV_AARCH64 + " (default " + DEFAULT_AARCH64 + "),",
            "  " + ENV_PROTOTYPES + " (default /usr/src/linux-headers-<version>-common/include/linux/syscalls.h),",
            "  " + ENV_LIBC + " (default " + DEFAULT_LIBC + ", the C library headers: unistd.h for R_OK...).");

    /** Reads arguments, then the environment, then defaults. */
    static Options parse(String[] args, Map<String, String> env, Properties props, PrintStream log) {
        Path out = null;
        String arch = env.get("ARCH");
        boolean strict = "1".equals(env.get("STRICT")) || "true".equalsIgnoreCase(env.get("STRICT"));
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out":
                    out = Paths.get(next(args, ++i));
                    break;
                case "--arch":
                    arch = next(args, ++i);
                    break;
                case "--strict":
                    strict = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--help":
                case "-h":
                    throw new UsageException(USAGE);
                default:
                    throw new UsageException("unknown argument '" + args[i] + "'\n" + USAGE);
            }
        }
        List<String> archs = new ArrayList<>();
        if (arch == null || arch.isBlank()) {
            archs.addAll(ALL_ARCHS);
        } else {
            for (String a : arch.split(",")) {
                String n = a.strip().toLowerCase().replace("amd64", "x86_64").replace("arm64", "aarch64");
                if (!ALL_ARCHS.contains(n)) {
                    throw new UsageException("unknown architecture '" + a + "' (known: " + ALL_ARCHS + ")");
                }
                if (!archs.contains(n)) {
                    archs.add(n);
                }
            }
        }
        Path root = out != null ? out.toAbsolutePath().normalize() : findProjectRoot(props);
        Path x86 = pathFrom(env, ENV_X86, DEFAULT_X86);
        Path aarch64 = pathFrom(env, ENV_AARCH64, DEFAULT_AARCH64);
        Path protos = env.get(ENV_PROTOTYPES) != null && !env.get(ENV_PROTOTYPES).isBlank()
                ? Paths.get(env.get(ENV_PROTOTYPES)) : defaultPrototypes(x86);
        Path libc = pathFrom(env, ENV_LIBC, DEFAULT_LIBC);
        return new Options(root, List.copyOf(archs), strict, x86, aarch64, protos, libc, verbose, log);
    }

    private static String next(String[] args, int i) {
        if (i >= args.length) {
            throw new UsageException("missing value after " + args[i - 1] + "\n" + USAGE);
        }
        return args[i];
    }

    private static Path pathFrom(Map<String, String> env, String name, Path def) {
        String v = env.get(name);
        return v == null || v.isBlank() ? def : Paths.get(v);
    }

    /**
     * The project root: {@code maven.multiModuleProjectDirectory} when Maven sets it, else the current
     * directory; in both cases walking up until the pom of {@code ptrace-parent}.
     */
    static Path findProjectRoot(Properties props) {
        List<Path> starts = new ArrayList<>();
        String mm = props.getProperty("maven.multiModuleProjectDirectory");
        if (mm != null && !mm.isBlank()) {
            starts.add(Paths.get(mm));
        }
        starts.add(Paths.get(props.getProperty("user.dir", ".")));
        for (Path start : starts) {
            for (Path d = start.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
                if (isProjectRoot(d)) {
                    return d;
                }
            }
        }
        throw new UsageException("cannot find the project root (a pom.xml with <artifactId>ptrace-parent"
                + "</artifactId>) above " + starts + "; pass --out DIR");
    }

    /** Whether a folder holds the parent pom: artifactId ptrace-parent with modules (a child only names it). */
    static boolean isProjectRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        try {
            if (!Files.isRegularFile(pom)) {
                return false;
            }
            String text = Files.readString(pom, StandardCharsets.UTF_8);
            return text.contains("<artifactId>ptrace-parent</artifactId>") && text.contains("<modules>");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The {@code syscalls.h} of the installed {@code linux-headers-*-common} package whose kernel version
     * matches the uapi headers, else of the newest one; a path that does not exist if none is installed.
     */
    static Path defaultPrototypes(Path x86Unistd) {
        Path src = Paths.get("/usr/src");
        String uapi = HeaderVersion.uapiVersion(ArchHeaders.of("x86_64", x86Unistd).includeRoots());
        List<Path> trees = new ArrayList<>();
        if (Files.isDirectory(src)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(src, "linux-headers-*-common")) {
                for (Path p : ds) {
                    if (Files.isRegularFile(p.resolve("include/linux/syscalls.h"))) {
                        trees.add(p);
                    }
                }
            } catch (IOException e) {
                // none found
            }
        }
        Comparator<Path> byVersion = Comparator.comparing(
                (Path p) -> versionKey(HeaderVersion.fromMakefile(p.resolve("Makefile"))))
                .thenComparing(p -> p.getFileName().toString());
        trees.sort(byVersion.reversed());
        for (Path t : trees) {
            if (uapi != null && uapi.equals(HeaderVersion.fromMakefile(t.resolve("Makefile")))) {
                return t.resolve("include/linux/syscalls.h");
            }
        }
        return trees.isEmpty() ? src.resolve("linux-headers-common/include/linux/syscalls.h")
                : trees.get(0).resolve("include/linux/syscalls.h");
    }

    private static String versionKey(String v) {
        if (v == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String part : v.split("\\.")) {
            sb.append(String.format("%06d", Integer.parseInt(part)));
        }
        return sb.toString();
    }

    /** The unistd header of an architecture. */
    Path unistd(String arch) {
        return arch.equals("x86_64") ? x86Unistd : aarch64Unistd;
    }

    /** Bad arguments or environment; the message says what to do. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
