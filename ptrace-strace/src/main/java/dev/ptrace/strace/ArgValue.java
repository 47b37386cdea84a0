package dev.ptrace.strace;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;

/**
 * One decoded syscall argument as a small tree: numbers, named constants, flag sets, strings, structs, arrays,
 * file descriptors with paths, strace's function-like forms ({@code makedev(0x1, 0x3)}), values changed by the
 * call ({@code [0] => [4]}), and raw text for what has no structure. {@code toString()} of every node is exactly
 * the text strace prints for it, so a tree never loses anything of the line.
 *
 * <p>{@link SyscallEvent#arguments()} builds these trees from the decoded text (see {@link ArgumentParser}): a
 * number printed in hex is a {@link Num} with radix 16, whether the decoder printed a pointer or a plain value.
 */
public sealed interface ArgValue {

    /**
     * Appends the text strace prints for this value.
     *
     * @param out where the text goes
     */
    void appendTo(StringBuilder out);

    /** {@return the text strace prints for {@code v}} */
    static String text(ArgValue v) {
        StringBuilder sb = new StringBuilder();
        v.appendTo(sb);
        return sb.toString();
    }

    /**
     * An integer as printed: decimal ({@code -1}), octal ({@code 0755}) or hex ({@code 0x7ffd1234}).
     *
     * @param text the digits as printed
     */
    record Num(String text) implements ArgValue {
        /** {@return 16, 8 or 10: how the number is printed} */
        public int radix() {
            return text.startsWith("0x") ? 16 : text.length() > 1 && text.startsWith("0") ? 8 : 10;
        }

        /** {@return the number's value (hex and octal numbers are unsigned)} */
        public BigInteger value() {
            int r = radix();
            return new BigInteger(r == 16 ? text.substring(2) : r == 8 ? text.substring(1) : text, r);
        }

        @Override
        public void appendTo(StringBuilder out) {
            out.append(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A named constant: {@code AT_FDCWD}, {@code NULL}, {@code SIG_DFL}, {@code F_GETFD}, a single flag.
     *
     * @param name the name
     */
    record Name(String name) implements ArgValue {
        @Override
        public void appendTo(StringBuilder out) {
            out.append(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Flags or'ed together: {@code O_RDONLY|O_CLOEXEC}, {@code S_IFREG|0644}.
     *
     * @param names the flags' names, in order
     * @param rest the bits without a name, printed last, or null
     */
    record Flags(List<String> names, Num rest) implements ArgValue {
        /** Keeps an unmodifiable copy of the names. */
        public Flags {
            names = List.copyOf(names);
        }

        @Override
        public void appendTo(StringBuilder out) {
            out.append(String.join("|", names));
            if (rest != null) {
                out.append('|').append(rest.text());
            }
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * A quoted string, escaped as strace escapes it.
     *
     * @param escaped the text between the quotes
     * @param truncated whether strace cut it at the string limit ({@code "abc"...})
     */
    record Str(String escaped, boolean truncated) implements ArgValue {
        /** {@return the bytes the escaped text stands for} */
        public byte[] bytes() {
            return unescape(escaped);
        }

        @Override
        public void appendTo(StringBuilder out) {
            out.append('"').append(escaped).append('"');
            if (truncated) {
                out.append("...");
            }
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * A struct: {@code {st_mode=S_IFREG|0644, st_size=3, ...}}.
     *
     * @param fields the fields in the order printed, {@link Named} or (printed without a name) any value
     * @param more whether strace left fields out ({@code ...})
     */
    record Struct(List<ArgValue> fields, boolean more) implements ArgValue {
        /** Keeps an unmodifiable copy of the fields. */
        public Struct {
            fields = List.copyOf(fields);
        }

        @Override
        public void appendTo(StringBuilder out) {
            out.append('{');
            join(out, fields, ", ", more);
            out.append('}');
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * A value with its name: a struct's field ({@code st_size=3}) or an argument strace names
     * ({@code child_stack=NULL} in clone).
     *
     * @param name the name
     * @param value the value
     */
    record Named(String name, ArgValue value) implements ArgValue {
        @Override
        public void appendTo(StringBuilder out) {
            out.append(name).append('=');
            value.appendTo(out);
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * An operator between two values as strace prints C expressions: {@code 8192*1024}, {@code 1<<20},
     * {@code WIFEXITED(s) && WEXITSTATUS(s) == 0}.
     *
     * @param left the left operand
     * @param operator the operator with the blanks printed around it ({@code "*"}, {@code " && "})
     * @param right the right operand
     */
    record Operation(ArgValue left, String operator, ArgValue right) implements ArgValue {
        @Override
        public void appendTo(StringBuilder out) {
            left.appendTo(out);
            out.append(operator);
            right.appendTo(out);
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * An array ({@code ["ls", "-l"]}) or a signal set ({@code [CHLD USR1]}, {@code ~[RTMIN RT_1]}).
     *
     * @param elements the elements printed
     * @param more whether strace left elements out ({@code ...})
     * @param complement whether the set is printed as its complement ({@code ~[...]})
     * @param spaced whether elements are separated by blanks (signal sets) rather than commas
     */
    record Array(List<ArgValue> elements, boolean more, boolean complement, boolean spaced) implements ArgValue {
        /** Keeps an unmodifiable copy of the elements. */
        public Array {
            elements = List.copyOf(elements);
        }

        @Override
        public void appendTo(StringBuilder out) {
            out.append(complement ? "~[" : "[");
            join(out, elements, spaced ? " " : ", ", more);
            out.append(']');
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * A file descriptor with its path ({@code -y}): {@code 3</etc/passwd>}, {@code AT_FDCWD</home/me>}.
     *
     * @param fd the descriptor, a {@link Num} or {@link Name}
     * @param escapedPath the path between the angle brackets, escaped as strace escapes it
     */
    record Fd(ArgValue fd, String escapedPath) implements ArgValue {
        /** {@return the bytes of the path} */
        public byte[] pathBytes() {
            return unescape(escapedPath);
        }

        @Override
        public void appendTo(StringBuilder out) {
            fd.appendTo(out);
            out.append('<').append(escapedPath).append('>');
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * strace's function-like notation: {@code makedev(0x1, 0x3)}, {@code htons(80)},
     * {@code inet_addr("127.0.0.1")}.
     *
     * @param function the function's name
     * @param args its arguments
     */
    record Call(String function, List<ArgValue> args) implements ArgValue {
        /** Keeps an unmodifiable copy of the arguments. */
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public void appendTo(StringBuilder out) {
            out.append(function).append('(');
            join(out, args, ", ", false);
            out.append(')');
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * A value the syscall changed: {@code [0] => [4]}.
     *
     * @param before the value at entry
     * @param after the value at exit
     */
    record Changed(ArgValue before, ArgValue after) implements ArgValue {
        @Override
        public void appendTo(StringBuilder out) {
            before.appendTo(out);
            out.append(" => ");
            after.appendTo(out);
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * A value followed by strace's comment: {@code 0x7ffc0 /* 23 vars *}{@code /}.
     *
     * @param value the value
     * @param comment the comment's text, without its delimiters and their blanks
     */
    record Commented(ArgValue value, String comment) implements ArgValue {
        @Override
        public void appendTo(StringBuilder out) {
            value.appendTo(out);
            out.append(" /* ").append(comment).append(" */");
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * Text without a structure the parser knows.
     *
     * @param text the text as printed
     */
    record Raw(String text) implements ArgValue {
        @Override
        public void appendTo(StringBuilder out) {
            out.append(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Appends {@code values} separated by {@code separator}, then {@code ...} if {@code more}. */
    private static void join(StringBuilder out, List<ArgValue> values, String separator, boolean more) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            values.get(i).appendTo(out);
        }
        if (more) {
            out.append(values.isEmpty() ? "" : separator).append("...");
        }
    }

    /**
     * The bytes of text escaped as strace escapes strings: C escapes, octal {@code \NNN} and hex {@code \xNN}.
     * Characters outside ASCII (which strace never prints unescaped) are taken as UTF-8.
     */
    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 't': out.write('\t'); break;
                case 'n': out.write('\n'); break;
                case 'v': out.write(0x0b); break;
                case 'f': out.write('\f'); break;
                case 'r': out.write('\r'); break;
                case 'x': {
                    int end = Math.min(i + 3, s.length());
                    out.write(Integer.parseInt(s.substring(i + 1, end), 16));
                    i = end - 1;
                    break;
                }
                default:
                    if (e >= '0' && e <= '7') {
                        int v = 0;
                        int n = 0;
                        while (n < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                            v = v * 8 + (s.charAt(i++) - '0');
                            n++;
                        }
                        i--;
                        out.write(v);
                    } else {
                        out.write(e); // \" and \\
                    }
            }
        }
        return out.toByteArray();
    }
}
