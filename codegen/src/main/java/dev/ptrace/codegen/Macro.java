package dev.ptrace.codegen;

import java.util.List;

/**
 * A macro definition.
 *
 * @param name       the macro name
 * @param params     parameter names for a function-like macro (the last may be "..."), null for object-like
 * @param body       replacement list
 * @param file       header (relative to its include root) that defined it
 * @param comment    comment text found on the defining line
 */
record Macro(String name, List<String> params, List<Token> body, String file, String comment) {

    boolean functionLike() {
        return params != null;
    }

    String bodyText() {
        return Token.join(body);
    }
}
