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
            pp.includeHeader(h);
        }
        pp.followIncludes(false);
        for (String h : FamilySpec.KERNEL_HEADERS) {
            Path p = kernelRoot.resolve(h);
            if (Files.isRegularFile(p)) {
                pp.processAs(p, "kernel:" + h);
            }
        }
        List<String> warnings = new ArrayList<>();
        List<Family> families = new ArrayList<>();
        for (FamilySpec spec : FamilySpec.ALL) {
            Map<String, Constant> found = new LinkedHashMap<>();
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
            if (list.isEmpty()) {
                warnings.add(arch.arch() + " " + spec.key() + ": no constants found");
            }
            families.add(new Family(spec, mask, list));
        }
        Set<String> missing = new HashSet<>(pp.missingIncludes());
        if (!missing.isEmpty()) {
            warnings.add(arch.arch() + ": includes not found (ignored): " + new java.util.TreeSet<>(missing));
        }
        return new Result(families, warnings);
    }
}
