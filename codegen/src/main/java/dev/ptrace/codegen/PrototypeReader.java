package dev.ptrace.codegen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code asmlinkage long sys_*(...)} prototypes of {@code include/linux/syscalls.h}.
 *
 * <p>Conditionals are evaluated for a 64-bit kernel without {@code CONFIG_ARCH_HAS_SYSCALL_WRAPPER} (so the
 * prototype block is visible) and with none of the old-ABI options. A prototype in an inactive branch is still
 * kept, but one from an active branch wins over it: that picks the right {@code sys_clone} out of the
 * {@code CONFIG_CLONE_BACKWARDS*} variants while keeping prototypes guarded by options we do not model.
 * Includes are not followed.
 */
final class PrototypeReader {
    private static final Pattern PROTO = Pattern.compile(
            "asmlinkage\\s+long\\s+(sys_\\w+)\\s*\\((.*)\\)\\s*;", Pattern.DOTALL);
    private static final Set<String> TYPE_WORDS = Set.of("int", "long", "char", "short", "unsigned", "signed",
            "void", "const", "volatile", "float", "double");

    /** One argument: its C type as written (sparse annotations removed) and its name ("" if unnamed). */
    record Arg(String type, String name) {
    }

    /** A prototype. */
    record Prototype(String symbol, List<Arg> args) {
    }

    private PrototypeReader() {
    }

    static Map<String, Prototype> read(Path syscallsH, Path kernelInclude) {
        return read(kernelInclude, pp -> pp.process(syscallsH));
    }

    /** Prototypes of header text that is not a file (the bundled arch supplement). */
    static Map<String, Prototype> readText(String text, String name) {
        return read(Path.of("."), pp -> pp.processText(text, name));
    }

    private static Map<String, Prototype> read(Path kernelInclude, java.util.function.Consumer<Preprocessor> input) {
        Preprocessor pp = new Preprocessor(List.of(kernelInclude), false);
        pp.predefine("BITS_PER_LONG", "64").predefine("__BITS_PER_LONG", "64")
                .predefine("CONFIG_ADVISE_SYSCALLS", "1").predefine("__LITTLE_ENDIAN", "1234");
        Map<String, Prototype> active = new HashMap<>();
        Map<String, Prototype> inactive = new HashMap<>();
        StringBuilder statement = new StringBuilder();
        boolean[] statementActive = {true};
        pp.listener((line, file, isActive) -> {
            if (statement.length() == 0) {
                statementActive[0] = isActive;
            }
            statement.append(line.text()).append(' ');
            int semi;
            while ((semi = statement.indexOf(";")) >= 0) {
                String s = statement.substring(0, semi + 1);
                statement.delete(0, semi + 1);
                Matcher m = PROTO.matcher(s.strip());
                if (m.find()) {
                    Prototype p = new Prototype(m.group(1), parseArgs(m.group(2)));
                    (statementActive[0] ? active : inactive).putIfAbsent(p.symbol(), p);
                }
                statementActive[0] = isActive;
            }
            if (statement.toString().isBlank()) {
                statement.setLength(0);
            }
        });
        input.accept(pp);
        Map<String, Prototype> out = new HashMap<>(inactive);
        out.putAll(active);
        return out;
    }

    static List<Arg> parseArgs(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : list.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        if (parts.size() == 1 && (parts.get(0).isBlank() || parts.get(0).strip().equals("void"))) {
            return List.of();
        }
        List<Arg> args = new ArrayList<>();
        for (String p : parts) {
            args.add(parseArg(p));
        }
        return args;
    }

    static Arg parseArg(String text) {
        List<String> words = new ArrayList<>();
        for (Token t : Token.lex(text)) {
            if (t.is("__user") || t.is("__force") || t.is("__kernel")) {
                continue;
            }
            words.add(t.text);
        }
        String name = "";
        int n = words.size();
        if (n >= 2) {
            String last = words.get(n - 1);
            String before = words.get(n - 2);
            boolean isName = Character.isLetter(last.charAt(0)) || last.charAt(0) == '_';
            isName &= !TYPE_WORDS.contains(last);
            isName &= !(before.equals("struct") || before.equals("union") || before.equals("enum"));
            if (isName) {
                name = last;
                words.remove(n - 1);
            }
        }
        StringBuilder type = new StringBuilder();
        for (String w : words) {
            if (w.equals("*")) {
                if (type.length() > 0 && type.charAt(type.length() - 1) != '*') {
                    type.append(' ');
                }
                type.append('*');
            } else {
                if (type.length() > 0 && type.charAt(type.length() - 1) != '*') {
                    type.append(' ');
                }
                type.append(w);
            }
        }
        return new Arg(type.toString(), name);
    }
}
