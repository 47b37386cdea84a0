package dev.ptrace.codegen;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Evaluates an integer constant expression (already macro-expanded) with 64-bit arithmetic.
 *
 * <p>In {@code #if} mode, unknown identifiers count as 0 as the C standard says. In value mode, an unknown
 * identifier means the expression is not a plain number and evaluation gives empty. Casts to simple integer
 * types such as {@code (unsigned long)} or {@code (__u32)} are skipped.
 */
final class CExpr {
    private static final Set<String> TYPE_WORDS = Set.of("unsigned", "signed", "int", "long", "short", "char",
            "__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64", "u8", "u16", "u32", "u64",
            "s8", "s16", "s32", "s64", "__force", "const", "size_t", "__kernel_ulong_t", "__kernel_long_t", "__poll_t");

    private final List<Token> tokens;
    private final boolean ifMode;
    private int pos;

    private CExpr(List<Token> tokens, boolean ifMode) {
        this.tokens = tokens;
        this.ifMode = ifMode;
    }

    /** Value of an {@code #if} expression; unknown identifiers are 0. */
    static long evalIf(List<Token> tokens) {
        CExpr e = new CExpr(tokens, true);
        long v = e.ternary();
        if (e.pos != tokens.size()) {
            throw new NotConstant("trailing tokens in #if: " + Token.join(tokens));
        }
        return v;
    }

    /** Value of a macro body or enumerator, if it is an integer constant expression. */
    static OptionalLong evalValue(List<Token> tokens) {
        if (tokens.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            CExpr e = new CExpr(tokens, false);
            long v = e.ternary();
            return e.pos == tokens.size() ? OptionalLong.of(v) : OptionalLong.empty();
        } catch (NotConstant | ArithmeticException | NumberFormatException ex) {
            return OptionalLong.empty();
        }
    }

    static final class NotConstant extends RuntimeException {
        NotConstant(String message) {
            super(message);
        }
    }

    private Token peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean accept(String s) {
        Token t = peek();
        if (t != null && t.kind != Token.Kind.STRING && t.is(s)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String s) {
        if (!accept(s)) {
            throw new NotConstant("expected '" + s + "' in " + Token.join(tokens));
        }
    }

    private long ternary() {
        long c = binary(0);
        if (accept("?")) {
            long a = ternary();
            expect(":");
            long b = ternary();
            return c != 0 ? a : b;
        }
        return c;
    }

    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", ">", "<=", ">="}, {"<<", ">>"}, {"+", "-"},
        {"*", "/", "%"}
    };

    private long binary(int level) {
        if (level == LEVELS.length) {
            return unary();
        }
        long left = binary(level + 1);
        outer:
        while (true) {
            for (String op : LEVELS[level]) {
                if (accept(op)) {
                    if (op.equals("||")) {
                        long r = binary(level + 1);
                        left = (left != 0 || r != 0) ? 1 : 0;
                    } else if (op.equals("&&")) {
                        long r = binary(level + 1);
                        left = (left != 0 && r != 0) ? 1 : 0;
                    } else {
                        left = apply(op, left, binary(level + 1));
                    }
                    continue outer;
                }
            }
            return left;
        }
    }

    private static long apply(String op, long a, long b) {
        switch (op) {
            case "|": return a | b;
            case "^": return a ^ b;
            case "&": return a & b;
            case "==": return a == b ? 1 : 0;
            case "!=": return a != b ? 1 : 0;
            case "<": return a < b ? 1 : 0;
            case ">": return a > b ? 1 : 0;
            case "<=": return a <= b ? 1 : 0;
            case ">=": return a >= b ? 1 : 0;
            case "<<": return a << b;
            case ">>": return a >> b;
            case "+": return a + b;
            case "-": return a - b;
            case "*": return a * b;
            case "/": return a / b;
            case "%": return a % b;
            default: throw new NotConstant("operator " + op);
        }
    }

    private long unary() {
        if (accept("-")) {
            return -unary();
        }
        if (accept("+")) {
            return unary();
        }
        if (accept("~")) {
            return ~unary();
        }
        if (accept("!")) {
            return unary() == 0 ? 1 : 0;
        }
        return primary();
    }

    private long primary() {
        Token t = peek();
        if (t == null) {
            throw new NotConstant("unexpected end of " + Token.join(tokens));
        }
        if (t.is("(")) {
            if (isCast()) {
                while (!tokens.get(pos).is(")")) {
                    pos++;
                }
                pos++;
                return unary();
            }
            pos++;
            long v = ternary();
            expect(")");
            return v;
        }
        pos++;
        if (t.isIdent() && t.text.equals("sizeof")) {
            return sizeOf();
        }
        if (t.kind == Token.Kind.NUMBER) {
            return parseNumber(t.text);
        }
        if (t.kind == Token.Kind.STRING && t.text.startsWith("'")) {
            return parseChar(t.text);
        }
        if (t.isIdent()) {
            if (ifMode) {
                if (peek() != null && peek().is("(")) {
                    throw new NotConstant("function-like macro " + t.text + " in #if");
                }
                return 0;
            }
            throw new NotConstant("identifier " + t.text);
        }
        throw new NotConstant("unexpected '" + t.text + "' in " + Token.join(tokens));
    }

    /**
     * {@code sizeof(type)} of a scalar or pointer type on a 64-bit (LP64) Linux target, as the ioctl numbers
     * of {@code _IOR('T', 0x30, unsigned int)} need; a struct gives "not constant".
     */
    private long sizeOf() {
        expect("(");
        int size = 0;
        boolean pointer = false;
        int longs = 0;
        while (peek() != null && !peek().is(")")) {
            Token w = tokens.get(pos++);
            if (w.is("*")) {
                pointer = true;
                continue;
            }
            switch (w.text) {
                case "char": case "__u8": case "__s8": case "u8": case "s8":
                    size = 1;
                    break;
                case "short": case "__u16": case "__s16": case "u16": case "s16":
                    size = 2;
                    break;
                case "int": case "__u32": case "__s32": case "u32": case "s32":
                    size = size == 0 ? 4 : size;
                    break;
                case "long":
                    longs++;
                    break;
                case "__u64": case "__s64": case "u64": case "s64": case "size_t": case "__kernel_ulong_t":
                case "__kernel_long_t":
                    size = 8;
                    break;
                case "unsigned": case "signed": case "const":
                    break;
                default:
                    throw new NotConstant("sizeof of " + w.text);
            }
        }
        expect(")");
        if (pointer || longs > 0) {
            return 8;
        }
        return size == 0 ? 4 : size;
    }

    private boolean isCast() {
        int j = pos + 1;
        boolean any = false;
        while (j < tokens.size() && (tokens.get(j).isIdent() || tokens.get(j).is("*"))) {
            Token w = tokens.get(j);
            if (w.isIdent() && !TYPE_WORDS.contains(w.text) && !w.text.endsWith("_t")) {
                return false;
            }
            any = true;
            j++;
        }
        return any && j < tokens.size() && tokens.get(j).is(")") && j + 1 < tokens.size();
    }

    static long parseNumber(String text) {
        String s = text.toLowerCase();
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == 'u' || s.charAt(end - 1) == 'l')) {
            end--;
        }
        s = s.substring(0, end);
        if (s.startsWith("0x")) {
            return Long.parseUnsignedLong(s.substring(2), 16);
        }
        if (s.startsWith("0b")) {
            return Long.parseUnsignedLong(s.substring(2), 2);
        }
        if (s.length() > 1 && s.startsWith("0")) {
            return Long.parseUnsignedLong(s.substring(1), 8);
        }
        return Long.parseUnsignedLong(s);
    }

    private static long parseChar(String text) {
        String body = text.substring(1, text.length() - 1);
        if (body.length() == 1) {
            return body.charAt(0);
        }
        throw new NotConstant("character literal " + text);
    }
}
