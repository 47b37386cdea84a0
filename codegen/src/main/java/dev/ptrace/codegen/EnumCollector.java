package dev.ptrace.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds {@code enum tag { A = 1, B, ... }} definitions in active code and records each enumerator in the
 * preprocessor as a synthetic constant whose comment is {@code "enum tag"}, so constant families can select
 * them like macros (socket types are an enum in the kernel, not macros).
 */
final class EnumCollector implements Preprocessor.TextListener {
    private enum State { NONE, HEAD, BODY }

    private final Preprocessor pp;
    private State state = State.NONE;
    private String tag = "";
    private int depth;
    private final List<Token> body = new ArrayList<>();

    EnumCollector(Preprocessor pp) {
        this.pp = pp;
    }

    @Override
    public void text(LogicalLine line, String file, boolean active) {
        if (!active) {
            return;
        }
        for (Token t : Token.lex(line.text())) {
            switch (state) {
                case NONE:
                    if (t.is("enum")) {
                        state = State.HEAD;
                        tag = "";
                    }
                    break;
                case HEAD:
                    if (t.is("{")) {
                        state = State.BODY;
                        depth = 0;
                        body.clear();
                    } else if (t.isIdent() && tag.isEmpty()) {
                        tag = t.text;
                    } else {
                        state = State.NONE;
                    }
                    break;
                case BODY:
                    if (t.is("}") && depth == 0) {
                        finish(file);
                        state = State.NONE;
                    } else {
                        if (t.is("{") || t.is("(")) {
                            depth++;
                        } else if (t.is("}") || t.is(")")) {
                            depth--;
                        }
                        body.add(t);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private void finish(String file) {
        List<List<Token>> items = new ArrayList<>();
        List<Token> cur = new ArrayList<>();
        int d = 0;
        for (Token t : body) {
            if (t.is("(")) {
                d++;
            } else if (t.is(")")) {
                d--;
            }
            if (t.is(",") && d == 0) {
                items.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(t);
            }
        }
        items.add(cur);
        OptionalLong next = OptionalLong.of(0);
        for (List<Token> item : items) {
            if (item.isEmpty() || !item.get(0).isIdent()) {
                continue;
            }
            String name = item.get(0).text;
            OptionalLong value = next;
            if (item.size() > 2 && item.get(1).is("=")) {
                value = pp.evaluate(item.subList(2, item.size()));
            }
            if (value.isPresent()) {
                pp.defineSynthetic(name, value.getAsLong(), file, "enum " + tag);
                next = OptionalLong.of(value.getAsLong() + 1);
            } else {
                next = OptionalLong.empty();
            }
        }
    }
}
