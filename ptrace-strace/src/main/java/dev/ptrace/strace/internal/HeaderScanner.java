package dev.ptrace.strace.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the integer value of every {@code #define NAME EXPR} and {@code NAME = EXPR,} enumerator in C header
 * text whose expression is made of integer literals, names defined before, parentheses and the operators
 * {@code | & + - << >> ~}. Conditionals are not evaluated: a later definition of the same name replaces the
 * earlier one.
 */
final class HeaderScanner {
    private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)\\s+(.+)$");
    private static final Pattern ENUMERATOR = Pattern.compile("^\\s*(\\w+)\\s*=\\s*([^,]+),?\\s*$");

    private final Map<String, Long> values = new LinkedHashMap<>();

    /** Names and values in order of first definition. */
    Map<String, Long> values() {
        return values;
    }

    void scan(String text) {
        String noComments = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", "");
        for (String line : noComments.split("\n")) {
            Matcher m = DEFINE.matcher(line);
            if (!m.matches()) {
                m = ENUMERATOR.matcher(line);
                if (!m.matches()) {
                    continue;
                }
            }
            Long v = evaluate(m.group(2).trim());
            if (v != null) {
                values.put(m.group(1), v);
            }
        }
    }

    /** The value of an expression, or null when it is not a constant integer expression. */
    Long evaluate(String expr) {
        try {
            Parser p = new Parser(expr);
            long v = p.or();
            return p.atEnd() ? v : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            skip();
            return i == s.length();
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean eat(String op) {
            skip();
            if (s.startsWith(op, i)) {
                i += op.length();
                return true;
            }
            return false;
        }

        long or() {
            long v = and();
            while (!s.startsWith("||", skipAndIndex()) && eat("|")) {
                v |= and();
            }
            return v;
        }

        private int skipAndIndex() {
            skip();
            return i;
        }

        long and() {
            long v = shift();
            while (!s.startsWith("&&", skipAndIndex()) && eat("&")) {
                v &= shift();
            }
            return v;
        }

        long shift() {
            long v = additive();
            while (true) {
                if (eat("<<")) {
                    v <<= additive();
                } else if (eat(">>")) {
                    v >>= additive();
                } else {
                    return v;
                }
            }
        }

        long additive() {
            long v = unary();
            while (true) {
                if (eat("+")) {
                    v += unary();
                } else if (eat("-")) {
                    v -= unary();
                } else {
                    return v;
                }
            }
        }

        long unary() {
            if (eat("~")) {
                return ~unary();
            }
            if (eat("-")) {
                return -unary();
            }
            if (eat("(")) {
                long v = or();
                if (!eat(")")) {
                    throw new IllegalArgumentException("missing )");
                }
                return v;
            }
            skip();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            String tok = s.substring(start, i);
            if (tok.isEmpty()) {
                throw new IllegalArgumentException("expected a value");
            }
            if (Character.isDigit(tok.charAt(0))) {
                String t = tok.replaceAll("[uUlL]+$", "");
                if (t.startsWith("0x") || t.startsWith("0X")) {
                    return Long.parseUnsignedLong(t.substring(2), 16);
                }
                if (t.length() > 1 && t.startsWith("0")) {
                    return Long.parseLong(t.substring(1), 8);
                }
                return Long.parseLong(t);
            }
            Long v = values.get(tok);
            if (v == null) {
                throw new IllegalArgumentException("unknown name " + tok);
            }
            return v;
        }
    }
}
