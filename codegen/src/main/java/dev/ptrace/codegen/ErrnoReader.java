package dev.ptrace.codegen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads errno names, numbers and messages: the uapi ones from {@code asm-generic/errno-base.h} and
 * {@code asm-generic/errno.h} (shared by x86_64 and aarch64), the kernel-internal ones (512 and up, which a
 * tracer can see at syscall exit) from the kernel's {@code include/linux/errno.h}. The message is the comment on
 * the defining line (empty when it has none). A name defined as another name ({@code EWOULDBLOCK EAGAIN}) is an alias.
 */
final class ErrnoReader {
    /** One errno; {@code message} is the header comment, empty when the line has none. */
    record Code(String name, int number, String message) {
    }

    /** Canonical codes by number and the aliases (alias name to canonical name). */
    record Result(List<Code> codes, Map<String, String> aliases, List<String> warnings) {
    }

    private ErrnoReader() {
    }

    static Result read(List<Path> uapiRoots, Path kernelErrnoH) {
        Preprocessor pp = new Preprocessor(uapiRoots, true);
        pp.includeHeader("asm-generic/errno.h");
        List<String> warnings = new ArrayList<>(pp.warnings());
        if (!pp.missingIncludes().isEmpty()) {
            warnings.add("errno: missing includes " + pp.missingIncludes());
        }
        Preprocessor kernel = new Preprocessor(List.of(kernelErrnoH.getParent().getParent()), false);
        kernel.process(kernelErrnoH);
        Map<Integer, Code> byNumber = new TreeMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        collect(pp, byNumber, aliases, warnings);
        collect(kernel, byNumber, aliases, warnings);
        return new Result(new ArrayList<>(byNumber.values()), aliases, warnings);
    }

    private static void collect(Preprocessor pp, Map<Integer, Code> byNumber, Map<String, String> aliases,
                                List<String> warnings) {
        for (Preprocessor.Define d : pp.defines()) {
            Macro m = d.macro();
            if (m.functionLike() || !m.name().matches("E[A-Z0-9_]+")) {
                continue;
            }
            if (m.body().size() == 1 && m.body().get(0).isIdent()) {
                aliases.put(m.name(), m.body().get(0).text);
                continue;
            }
            OptionalLong v = pp.value(m.name());
            if (v.isEmpty()) {
                warnings.add("errno " + m.name() + " is not a number: " + m.bodyText());
                continue;
            }
            int number = Math.toIntExact(v.getAsLong());
            String message = m.comment();
            Code previous = byNumber.putIfAbsent(number, new Code(m.name(), number, message));
            if (previous != null) {
                aliases.put(m.name(), previous.name());
            }
        }
    }
}
