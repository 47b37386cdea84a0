package dev.ptrace.codegen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands macros in a token list: object-like and function-like macros, {@code #} and {@code ##}, rescanning
 * with hide sets so a macro never expands inside its own expansion.
 */
final class MacroExpander {
    private final Map<String, Macro> macros;

    MacroExpander(Map<String, Macro> macros) {
        this.macros = macros;
    }

    List<Token> expand(List<Token> input) {
        List<Token> list = new ArrayList<>(input);
        int i = 0;
        int guard = 0;
        while (i < list.size()) {
            if (++guard > 200_000) {
                throw new IllegalStateException("macro expansion does not terminate: " + Token.join(input));
            }
            Token t = list.get(i);
            Macro m = t.isIdent() ? macros.get(t.text) : null;
            if (m == null || t.hide.contains(t.text)) {
                i++;
                continue;
            }
            Set<String> hide = new HashSet<>(t.hide);
            hide.add(m.name());
            if (!m.functionLike()) {
                List<Token> repl = paste(substitute(m, List.of()), hide);
                replace(list, i, i + 1, repl, t.spaceBefore);
                continue;
            }
            int open = i + 1;
            if (open >= list.size() || !list.get(open).is("(")) {
                i++;
                continue;
            }
            List<List<Token>> args = new ArrayList<>();
            int close = collectArgs(list, open, args);
            if (close < 0) {
                i++;
                continue;
            }
            if (m.params().isEmpty() && args.size() == 1 && args.get(0).isEmpty()) {
                args.clear();
            }
            List<Token> repl = paste(substitute(m, args), hide);
            replace(list, i, close + 1, repl, t.spaceBefore);
        }
        return list;
    }

    private static void replace(List<Token> list, int from, int to, List<Token> repl, boolean space) {
        list.subList(from, to).clear();
        for (int k = 0; k < repl.size(); k++) {
            Token r = repl.get(k);
            list.add(from + k, k == 0 ? r.withSpace(space) : r);
        }
    }

    /** Collects the arguments of a macro call whose "(" is at {@code open}; returns the index of ")" or -1. */
    private static int collectArgs(List<Token> list, int open, List<List<Token>> args) {
        int depth = 0;
        List<Token> cur = new ArrayList<>();
        for (int j = open + 1; j < list.size(); j++) {
            Token a = list.get(j);
            if (a.is("(")) {
                depth++;
            } else if (a.is(")")) {
                if (depth == 0) {
                    args.add(cur);
                    return j;
                }
                depth--;
            } else if (a.is(",") && depth == 0) {
                args.add(cur);
                cur = new ArrayList<>();
                continue;
            }
            cur.add(a);
        }
        return -1;
    }

    /** Replaces parameters in the body; marks the spots where "##" must paste. */
    private List<Token> substitute(Macro m, List<List<Token>> args) {
        List<Token> body = m.body();
        List<Token> out = new ArrayList<>();
        for (int k = 0; k < body.size(); k++) {
            Token b = body.get(k);
            if (b.is("#") && m.functionLike() && k + 1 < body.size() && paramIndex(m, body.get(k + 1)) >= 0) {
                List<Token> arg = arg(m, args, body.get(k + 1));
                out.add(new Token(Token.Kind.STRING, "\"" + Token.join(arg).replace("\"", "\\\"") + "\"",
                        b.spaceBefore, Set.of()));
                k++;
                continue;
            }
            int p = paramIndex(m, b);
            if (p < 0) {
                out.add(b);
                continue;
            }
            boolean nextToPaste = (k > 0 && body.get(k - 1).is("##"))
                    || (k + 1 < body.size() && body.get(k + 1).is("##"));
            List<Token> arg = arg(m, args, b);
            List<Token> value = nextToPaste ? arg : expand(arg);
            if (value.isEmpty() && nextToPaste) {
                out.add(new Token(Token.Kind.PUNCT, "", b.spaceBefore, Set.of()));
            }
            for (int v = 0; v < value.size(); v++) {
                out.add(v == 0 ? value.get(v).withSpace(b.spaceBefore) : value.get(v));
            }
        }
        return out;
    }

    private static int paramIndex(Macro m, Token t) {
        if (!m.functionLike() || !t.isIdent()) {
            return -1;
        }
        String name = t.text.equals("__VA_ARGS__") ? "..." : t.text;
        return m.params().indexOf(name);
    }

    private static List<Token> arg(Macro m, List<List<Token>> args, Token param) {
        int p = paramIndex(m, param);
        if (m.params().get(p).equals("...")) {
            List<Token> rest = new ArrayList<>();
            for (int a = p; a < args.size(); a++) {
                if (a > p) {
                    rest.add(new Token(Token.Kind.PUNCT, ",", false, Set.of()));
                }
                rest.addAll(args.get(a));
            }
            return rest;
        }
        return p < args.size() ? args.get(p) : List.of();
    }

    /** Performs "##" pasting and adds the hide set to every token of a replacement. */
    private static List<Token> paste(List<Token> in, Set<String> hide) {
        List<Token> out = new ArrayList<>();
        for (int k = 0; k < in.size(); k++) {
            Token t = in.get(k);
            if (t.is("##") && !out.isEmpty() && k + 1 < in.size()) {
                Token left = out.remove(out.size() - 1);
                Token right = in.get(++k);
                List<Token> joined = Token.lex(left.text + right.text);
                for (int j = 0; j < joined.size(); j++) {
                    out.add(j == 0 ? joined.get(j).withSpace(left.spaceBefore) : joined.get(j));
                }
                continue;
            }
            if (t.kind == Token.Kind.PUNCT && t.text.isEmpty()) {
                continue;
            }
            out.add(t);
        }
        out.removeIf(t -> t.kind == Token.Kind.PUNCT && t.text.isEmpty());
        List<Token> hidden = new ArrayList<>(out.size());
        for (Token t : out) {
            hidden.add(t.withHide(hide));
        }
        return hidden;
    }
}
