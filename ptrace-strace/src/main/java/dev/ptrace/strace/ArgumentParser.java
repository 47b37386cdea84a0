package dev.ptrace.strace;

import dev.ptrace.strace.ArgValue.Array;
import dev.ptrace.strace.ArgValue.Call;
import dev.ptrace.strace.ArgValue.Changed;
import dev.ptrace.strace.ArgValue.Commented;
import dev.ptrace.strace.ArgValue.Fd;
import dev.ptrace.strace.ArgValue.Flags;
import dev.ptrace.strace.ArgValue.Name;
import dev.ptrace.strace.ArgValue.Named;
import dev.ptrace.strace.ArgValue.Num;
import dev.ptrace.strace.ArgValue.Operation;
import dev.ptrace.strace.ArgValue.Raw;
import dev.ptrace.strace.ArgValue.Str;
import dev.ptrace.strace.ArgValue.Struct;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads strace's argument text back into {@link ArgValue} trees: the one place that knows strace's argument
 * grammar. Each argument is parsed on its own; one the grammar does not cover, or whose tree would not print back
 * to exactly the same text, becomes a {@link Raw} node, so the trees of a line always print that line.
 *
 * <p>Grammar (blanks as shown): {@code argument := [name "="] value};
 * {@code value := primary [operator value] | primary [" /* " comment " *}{@code /"] [" => " value]} with the
 * operators {@code * << && || == != &}; {@code primary := string ["..."] | number ["<" path ">"] | name ["<" path
 * ">" | "(" values ")" | ("|" name)* ["|" number]] | "{" fields "}" | ["~"] "[" values "]"}; lists are separated
 * by {@code ", "} (signal sets by a blank) and may end with {@code ...}; a struct field is an argument.
 */
final class ArgumentParser {
    /** Deepest nesting parsed; deeper text stays raw (the text comes from tracee memory). */
    private static final int MAX_DEPTH = 32;

    /** The C operators strace prints between values, with their blanks. */
    private static final List<String> OPERATORS = List.of("*", "<<", " && ", " || ", " == ", " != ", " & ");

    private final String s;
    private int pos;
    private int depth;

    private ArgumentParser(String s) {
        this.s = s;
    }

    /** Thrown inside the parser where the text leaves the grammar; never escapes it. */
    private static final class NoMatch extends Exception {
        NoMatch() {
            super(null, null, false, false);
        }
    }

    private static final NoMatch NO_MATCH = new NoMatch();

    /**
     * Parses the text between a syscall's parentheses.
     *
     * @param arguments the arguments as printed, {@code AT_FDCWD, "/etc", O_RDONLY}
     * @return one tree per argument; their texts joined by {@code ", "} are {@code arguments}
     */
    static List<ArgValue> parseList(String arguments) {
        List<ArgValue> out = new ArrayList<>();
        if (arguments.isEmpty()) {
            return out;
        }
        for (String piece : splitTopLevel(arguments)) {
            out.add(parse(piece));
        }
        return out;
    }

    /**
     * Parses one argument.
     *
     * @param text the argument as printed
     * @return its tree, or a {@link Raw} node holding {@code text}
     */
    static ArgValue parse(String text) {
        ArgumentParser p = new ArgumentParser(text);
        try {
            ArgValue v = p.namedOrNot();
            if (p.pos == text.length() && ArgValue.text(v).equals(text)) {
                return v;
            }
        } catch (NoMatch | RuntimeException e) {
            // not in the grammar: raw text below
        }
        return new Raw(text);
    }

    /** Splits at the {@code ", "} that are outside strings, brackets, braces, parentheses and comments. */
    static List<String> splitTopLevel(String text) {
        List<String> pieces = new ArrayList<>();
        int level = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = closingQuote(text, i);
            } else if (c == '/' && text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() - 1 : end + 1;
            } else if (c == '(' || c == '[' || c == '{') {
                level++;
            } else if (c == ')' || c == ']' || c == '}') {
                level--;
            } else if (c == ',' && level == 0 && text.startsWith(", ", i)) {
                pieces.add(text.substring(start, i));
                start = i + 2;
                i++;
            }
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    /** The index of the quote that closes the string opened at {@code open}, or the last index. */
    private static int closingQuote(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return text.length() - 1;
    }

    private ArgValue value() throws NoMatch {
        if (++depth > MAX_DEPTH) {
            throw NO_MATCH;
        }
        ArgValue v = primary();
        for (String op : OPERATORS) {
            if (s.startsWith(op, pos)) {
                pos += op.length();
                v = new Operation(v, op, value());
                depth--;
                return v;
            }
        }
        if (s.startsWith(" /* ", pos)) {
            int end = s.indexOf(" */", pos + 4);
            if (end < 0) {
                throw NO_MATCH;
            }
            v = new Commented(v, s.substring(pos + 4, end));
            pos = end + 3;
        }
        if (s.startsWith(" => ", pos)) {
            pos += 4;
            v = new Changed(v, value());
        }
        depth--;
        return v;
    }

    private ArgValue primary() throws NoMatch {
        if (pos >= s.length()) {
            throw NO_MATCH;
        }
        char c = s.charAt(pos);
        if (c == '"') {
            return string();
        }
        if (c == '{') {
            return struct();
        }
        if (c == '[' || c == '~' && s.startsWith("~[", pos)) {
            return array();
        }
        if (isDigit(c) || c == '-' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1))) {
            return withPath(number());
        }
        if (isNameStart(c)) {
            String name = name();
            if (s.startsWith("(", pos)) {
                pos++;
                List<ArgValue> args = new ArrayList<>();
                if (!s.startsWith(")", pos)) {
                    args.add(value());
                    while (s.startsWith(", ", pos)) {
                        pos += 2;
                        args.add(value());
                    }
                }
                expect(')');
                return new Call(name, args);
            }
            if (s.startsWith("|", pos)) {
                return flags(name);
            }
            return withPath(new Name(name));
        }
        throw NO_MATCH;
    }

    private ArgValue flags(String first) throws NoMatch {
        List<String> names = new ArrayList<>(List.of(first));
        while (s.startsWith("|", pos)) {
            pos++;
            if (pos < s.length() && isDigit(s.charAt(pos))) {
                return new Flags(names, number()); // the unnamed rest comes last
            }
            if (pos >= s.length() || !isNameStart(s.charAt(pos))) {
                throw NO_MATCH;
            }
            names.add(name());
        }
        return new Flags(names, null);
    }

    /** {@code fd<path>}: the path runs to the next {@code >} (strace prints a {@code >} in a path in octal). */
    private ArgValue withPath(ArgValue fd) throws NoMatch {
        if (!s.startsWith("<", pos) || s.startsWith("<<", pos)) {
            return fd;
        }
        int end = s.indexOf('>', pos + 1);
        if (end < 0) {
            throw NO_MATCH;
        }
        String path = s.substring(pos + 1, end);
        checkEscapes(path);
        pos = end + 1;
        return new Fd(fd, path);
    }

    private Num number() throws NoMatch {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        if (s.startsWith("0x", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < s.length() && Character.digit(s.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos == digits || s.charAt(start) == '-') {
                throw NO_MATCH;
            }
        } else {
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }
        if (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
                || s.charAt(pos) == '.')) {
            throw NO_MATCH; // 1.5, 08, 12abc: not an integer strace prints
        }
        Num n = new Num(s.substring(start, pos));
        n.value(); // rejects digits outside the radix (089)
        return n;
    }

    private Str string() throws NoMatch {
        int close = closingQuote(s, pos);
        if (s.charAt(close) != '"' || close == pos) {
            throw NO_MATCH;
        }
        String escaped = s.substring(pos + 1, close);
        checkEscapes(escaped);
        pos = close + 1;
        boolean truncated = s.startsWith("...", pos);
        if (truncated) {
            pos += 3;
        }
        return new Str(escaped, truncated);
    }

    /** Only the escapes strace prints: {@code \" \\ \t \n \v \f \r}, octal, {@code \xNN}. */
    private static void checkEscapes(String escaped) throws NoMatch {
        for (int i = 0; i < escaped.length(); i++) {
            if (escaped.charAt(i) != '\\') {
                continue;
            }
            if (i + 1 >= escaped.length()) {
                throw NO_MATCH;
            }
            char e = escaped.charAt(++i);
            if (e == 'x') {
                if (i + 2 >= escaped.length() || Character.digit(escaped.charAt(i + 1), 16) < 0
                        || Character.digit(escaped.charAt(i + 2), 16) < 0) {
                    throw NO_MATCH;
                }
                i += 2;
            } else if ("\"\\tnvfr01234567".indexOf(e) < 0) {
                throw NO_MATCH;
            }
        }
    }

    private Struct struct() throws NoMatch {
        pos++;
        List<ArgValue> fields = new ArrayList<>();
        boolean more = false;
        if (!s.startsWith("}", pos)) {
            do {
                if (s.startsWith("...}", pos)) {
                    pos += 3;
                    more = true;
                    break;
                }
                fields.add(namedOrNot());
            } while (separator(", "));
        }
        expect('}');
        return new Struct(fields, more);
    }

    /** {@code name=value} or a value without a name. */
    private ArgValue namedOrNot() throws NoMatch {
        String name = fieldName();
        return name == null ? value() : new Named(name, value());
    }

    /** A field's name followed by {@code =}, consumed; null (nothing consumed) for a value without a name. */
    private String fieldName() {
        int i = pos;
        if (i >= s.length() || !isNameStart(s.charAt(i))) {
            return null;
        }
        while (i < s.length() && (isNameChar(s.charAt(i)) || s.charAt(i) == '[' || s.charAt(i) == ']'
                || s.charAt(i) == '.')) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '=') {
            String name = s.substring(pos, i);
            pos = i + 1;
            return name;
        }
        return null;
    }

    private Array array() throws NoMatch {
        boolean complement = s.charAt(pos) == '~';
        pos += complement ? 2 : 1;
        List<ArgValue> elements = new ArrayList<>();
        boolean more = false;
        boolean spaced = false;
        if (!s.startsWith("]", pos)) {
            String sep = null;
            while (true) {
                if (s.startsWith("...]", pos)) {
                    pos += 3;
                    more = true;
                    break;
                }
                elements.add(value());
                if (sep == null) {
                    sep = s.startsWith(", ", pos) ? ", " : s.startsWith(" ", pos) ? " " : "";
                    spaced = sep.equals(" ");
                }
                if (sep.isEmpty() || !separator(sep)) {
                    break;
                }
            }
        }
        expect(']');
        return new Array(elements, more, complement, spaced);
    }

    private boolean separator(String sep) {
        if (s.startsWith(sep, pos)) {
            pos += sep.length();
            return true;
        }
        return false;
    }

    private String name() {
        int start = pos;
        while (pos < s.length() && isNameChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private void expect(char c) throws NoMatch {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw NO_MATCH;
        }
        pos++;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '&';
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || isDigit(c);
    }
}
