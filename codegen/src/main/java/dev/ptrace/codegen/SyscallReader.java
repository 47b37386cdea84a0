package dev.ptrace.codegen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads syscall numbers from a unistd header.
 *
 * <p>Every active {@code __NR_name} macro that evaluates to a number names a syscall; {@code __NR3264_*} helpers
 * are only reached through the {@code __NR_*} aliases that the header selects for 64-bit. When the header also
 * declares table entries ({@code __SYSCALL}, {@code __SC_COMP}, {@code __SC_3264}, {@code __SC_COMP_3264}, as
 * asm-generic does), those macros are expanded with the header's own definitions, {@code __SYSCALL} is
 * captured, and only numbers with an entry count: that drops markers such as {@code __NR_syscalls} and
 * {@code __NR_arch_specific_syscall} and yields the kernel entry point of each number.
 */
final class SyscallReader {
    static final String MARKER = "__ptrace_codegen_syscall_entry";

    /** A syscall found in the header. */
    record Entry(String name, int number, String entryPoint) {
    }

    /** The syscalls, ordered by number. */
    record Result(List<Entry> syscalls, List<String> warnings) {
    }

    private SyscallReader() {
    }

    static Result read(Preprocessor pp, Path unistd) {
        Map<Long, String> entries = new TreeMap<>();
        pp.predefineFunction("__SYSCALL", List.of("nr", "sym"), MARKER + "(nr, sym)");
        pp.listener((line, file, active) -> {
            if (active && line.text().contains("__S")) {
                List<Token> toks = pp.expander().expand(Token.lex(line.text()));
                for (int i = 0; i + 1 < toks.size(); i++) {
                    if (toks.get(i).is(MARKER) && toks.get(i + 1).is("(")) {
                        int depth = 0;
                        int comma = -1;
                        int j = i + 2;
                        for (; j < toks.size(); j++) {
                            Token t = toks.get(j);
                            if (t.is("(")) {
                                depth++;
                            } else if (t.is(")")) {
                                if (depth == 0) {
                                    break;
                                }
                                depth--;
                            } else if (t.is(",") && depth == 0 && comma < 0) {
                                comma = j;
                            }
                        }
                        if (comma < 0) {
                            continue;
                        }
                        OptionalLong nr = CExpr.evalValue(toks.subList(i + 2, comma));
                        if (nr.isPresent()) {
                            entries.putIfAbsent(nr.getAsLong(), Token.join(toks.subList(comma + 1, j)).strip());
                        }
                    }
                }
            }
        });
        pp.process(unistd);
        List<String> warnings = new ArrayList<>(pp.warnings());
        Map<Long, String> byNumber = new LinkedHashMap<>();
        for (Preprocessor.Define d : pp.defines()) {
            String macro = d.macro().name();
            if (!macro.startsWith("__NR_") || d.macro().functionLike()
                    || pp.macros().get(macro) != d.macro()) {
                continue;
            }
            OptionalLong v = pp.value(macro);
            if (v.isEmpty()) {
                warnings.add("skipped " + macro + ": not a number (" + d.macro().bodyText() + ")");
                continue;
            }
            long nr = v.getAsLong();
            if (!entries.isEmpty() && !entries.containsKey(nr)) {
                continue;
            }
            String name = macro.substring("__NR_".length());
            String previous = byNumber.putIfAbsent(nr, name);
            if (previous != null) {
                warnings.add("number " + nr + " is both " + previous + " and " + name + "; kept " + previous);
            }
        }
        List<Entry> out = new ArrayList<>();
        byNumber.forEach((nr, name) -> out.add(new Entry(name, Math.toIntExact(nr), entries.get(nr))));
        out.sort(Comparator.comparingInt(Entry::number));
        return new Result(out, warnings);
    }
}
