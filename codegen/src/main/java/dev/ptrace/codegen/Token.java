package dev.ptrace.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A preprocessing token. {@code hide} holds the names of macros that must not expand this token again
 * (the hide set of the classic expansion algorithm).
 */
final class Token {
    enum Kind { IDENT, NUMBER, STRING, PUNCT }

    final Kind kind;
    final String text;
    final boolean spaceBefore;
    final Set<String> hide;

    Token(Kind kind, String text, boolean spaceBefore, Set<String> hide) {
        this.kind = kind;
        this.text = text;
        this.spaceBefore = spaceBefore;
        this.hide = hide;
    }

    boolean is(String s) {
        return text.equals(s);
    }

    boolean isIdent() {
        return kind == Kind.IDENT;
    }

    Token withHide(Set<String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Set<String> h = new HashSet<>(hide);
        h.addAll(extra);
        return new Token(kind, text, spaceBefore, Collections.unmodifiableSet(h));
    }

    Token withSpace(boolean space) {
        return space == spaceBefore ? this : new Token(kind, text, space, hide);
    }

    @Override
    public String toString() {
        return text;
    }

    private static final String[] PUNCTS = {
        "...", "<<=", ">>=", "##", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "->", "++", "--",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="
    };

    /** Splits one logical line (comments already removed) into tokens. */
    static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        boolean space = false;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            if (Character.isLetter(c) || c == '_' || c == '$') {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                    i++;
                }
                kind = Kind.IDENT;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                i++;
                while (i < n) {
                    char d = s.charAt(i);
                    if ((d == '+' || d == '-') && "eEpP".indexOf(s.charAt(i - 1)) >= 0
                            && !s.substring(start, i).startsWith("0x")) {
                        i++;
                    } else if (Character.isLetterOrDigit(d) || d == '_' || d == '.') {
                        i++;
                    } else {
                        break;
                    }
                }
                kind = Kind.NUMBER;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && s.charAt(i) != c) {
                    if (s.charAt(i) == '\\') {
                        i++;
                    }
                    i++;
                }
                i = Math.min(n, i + 1);
                kind = Kind.STRING;
            } else {
                kind = Kind.PUNCT;
                String match = null;
                for (String p : PUNCTS) {
                    if (s.startsWith(p, i)) {
                        match = p;
                        break;
                    }
                }
                i += match == null ? 1 : match.length();
            }
            out.add(new Token(kind, s.substring(start, i), space, Set.of()));
            space = false;
        }
        return out;
    }

    /** Joins tokens back into text, with a single space where the source had whitespace. */
    static String join(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            if (t.spaceBefore && sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.text);
        }
        return sb.toString();
    }
}
