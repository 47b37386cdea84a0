package dev.ptrace.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the constant families of one architecture: its uapi headers, then the kernel headers that hold the
 * socket constants, all in one macro environment (so {@code SOCK_CLOEXEC} resolves to that arch's
 * {@code O_CLOEXEC}).
 */
final class ConstantReader {
    /** One constant. */
    record Constant(String name, long value) {
    }

    /** One family's constants; flag families are sorted by value, value families keep header order. */
    record Family(FamilySpec spec, long mask, List<Constant> constants) {
    }

    /** All families of one arch. */
    record Result(List<Family> families, List<String> warnings) {
    }

    private ConstantReader() {
    }

    static Result read(ArchHeaders arch, Path kernelRoot) {
        return read(arch, kernelRoot, null);
    }

    /**
     * Reads the families of one arch; {@code libcInclude} is the C library's include folder for the few
     * families no uapi header defines (read in a preprocessor of their own, without following includes, so
     * glibc's redefinitions cannot replace uapi macros), or null to leave those families empty.
     */
    static Result read(ArchHeaders arch, Path kernelRoot, Path libcInclude) {
        Preprocessor pp = arch.preprocessor();
        Path kernelSignal = kernelRoot.resolve("arch/" + arch.kernelArchDir() + "/include/asm/signal.h");
        if (Files.isRegularFile(kernelSignal)) {
            // x86's uapi signal.h says SIGRTMAX is _NSIG but only the kernel's own signal.h defines _NSIG.
            Preprocessor k = new Preprocessor(List.of(kernelRoot.resolve("include")), false);
            k.process(kernelSignal);
            k.value("_NSIG").ifPresent(v -> pp.predefine("_NSIG", Long.toString(v)));
        }
        pp.listener(new EnumCollector(pp));
        for (String h : FamilySpec.UAPI_HEADERS) {
            String only = FamilySpec.ARCH_ONLY_HEADERS.get(h);
            if (only == null || only.equals(arch.arch())) {
                pp.includeHeader(h);
            }
        }
        pp.followIncludes(false);
        for (String h : FamilySpec.KERNEL_HEADERS) {
            Path p = kernelRoot.resolve(h);
            if (Files.isRegularFile(p)) {
                // The installed uapi header of the same name (linux/socket.h, pulled in by linux/in.h) has the
                // same include guard once sanitized; forget it so the kernel header is read.
                pp.macros().remove("_" + h.substring("include/".length()).toUpperCase().replaceAll("[/.]", "_"));
                pp.processAs(p, "kernel:" + h);
            }
        }
        Preprocessor libc = arch.preprocessor().followIncludes(false);
        if (libcInclude != null) {
            for (String h : FamilySpec.LIBC_HEADERS) {
                Path p = libcHeader(libcInclude, h);
                if (p != null) {
                    libc.processAs(p, "libc:" + h);
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        List<Family> families = new ArrayList<>();
        for (FamilySpec spec : FamilySpec.ALL) {
            families.add(family(pp, libc, spec, arch, warnings));
        }
        Set<String> missing = new HashSet<>(pp.missingIncludes());
        if (!missing.isEmpty()) {
            warnings.add(arch.arch() + ": includes not found (ignored): " + new java.util.TreeSet<>(missing));
        }
        return new Result(families, warnings);
    }

    /**
     * A C library header below {@code libcInclude}, or below its multiarch folder ({@code bits/*} of the host),
     * or null.
     */
    static Path libcHeader(Path libcInclude, String h) {
        Path p = libcInclude.resolve(h);
        if (Files.isRegularFile(p)) {
            return p;
        }
        try (var dirs = Files.list(libcInclude)) {
            return dirs.filter(d -> d.getFileName().toString().endsWith("-linux-gnu"))
                    .map(d -> d.resolve(h)).filter(Files::isRegularFile).sorted().findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * One family: its kernel and uapi macros from {@code kernel}, then those of its C library headers (if any) from
     * {@code libc}; the first definition of a name wins.
     */
    private static Family family(Preprocessor kernel, Preprocessor libc, FamilySpec spec, ArchHeaders arch,
                                 List<String> warnings) {
        Map<String, Constant> found = new LinkedHashMap<>();
        boolean fromLibc = spec.files().stream().allMatch(f -> f.startsWith("libc:"));
        Preprocessor pp = fromLibc ? libc : kernel;
        List<Preprocessor> sources = fromLibc ? List.of(libc)
                : spec.files().stream().anyMatch(f -> f.startsWith("libc:")) ? List.of(kernel, libc)
                : List.of(kernel);
        for (Preprocessor src : sources) {
            readDefines(src, spec, arch, warnings, found);
        }
        List<Constant> list = new ArrayList<>(found.values());
        if (spec.flags()) {
            list.sort(Comparator.comparing(Constant::value, Long::compareUnsigned));
        }
        long mask = 0;
        if (spec.mask() != null) {
            OptionalLong m = pp.value(spec.mask());
            if (m.isPresent()) {
                mask = m.getAsLong();
            } else {
                warnings.add(arch.arch() + " " + spec.key() + ": field mask " + spec.mask() + " is not defined");
            }
        }
        boolean archOnly = spec.files().stream().allMatch(f -> FamilySpec.ARCH_ONLY_HEADERS.containsKey(f)
                && !FamilySpec.ARCH_ONLY_HEADERS.get(f).equals(arch.arch()));
        if (list.isEmpty() && !archOnly) {
            warnings.add(arch.arch() + " " + spec.key() + ": no constants found");
        }
        return new Family(spec, mask, list);
    }

    private static void readDefines(Preprocessor pp, FamilySpec spec, ArchHeaders arch, List<String> warnings,
                                    Map<String, Constant> found) {
        for (Preprocessor.Define d : pp.defines()) {
            Macro m = d.macro();
            if (m.functionLike() || !spec.files().contains(m.file()) || !spec.names().matcher(m.name()).matches()
                    || (spec.exclude() != null && spec.exclude().matcher(m.name()).matches())
                    || (spec.enumTag() != null && !m.comment().equals("enum " + spec.enumTag()))
                    || pp.macros().get(m.name()) != m || found.containsKey(m.name())) {
                continue;
            }
            OptionalLong v = pp.value(m.name());
            if (v.isEmpty()) {
                warnings.add(arch.arch() + " " + spec.key() + ": skipped " + m.name() + " = " + m.bodyText());
                continue;
            }
            found.put(m.name(), new Constant(m.name(), v.getAsLong()));
        }
    }
}
