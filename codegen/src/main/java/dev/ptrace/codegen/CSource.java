package dev.ptrace.codegen;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits C source text into logical lines the way translation phases 2 and 3 do: backslash-newline pairs are
 * removed, and each comment becomes a single space (a block comment spanning lines joins them into one logical
 * line). The comment text is kept beside the line because errno messages live in trailing comments.
 */
final class CSource {
    private CSource() {
    }

    static List<LogicalLine> split(String source) {
        String text = source.replace("\r\n", "\n").replace("\\\n", "");
        List<LogicalLine> out = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        StringBuilder comment = new StringBuilder();
        int line = 1;
        int startLine = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    end = n;
                }
                String body = text.substring(i + 2, end);
                appendComment(comment, body);
                for (int k = 0; k < body.length(); k++) {
                    if (body.charAt(k) == '\n') {
                        line++;
                    }
                }
                code.append(' ');
                i = Math.min(n, end + 2);
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                int end = text.indexOf('\n', i);
                if (end < 0) {
                    end = n;
                }
                appendComment(comment, text.substring(i + 2, end));
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && text.charAt(j) != c && text.charAt(j) != '\n') {
                    if (text.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                j = Math.min(n, j + 1);
                code.append(text, i, j);
                i = j;
            } else if (c == '\n') {
                out.add(new LogicalLine(code.toString(), comment.toString().strip(), startLine));
                code.setLength(0);
                comment.setLength(0);
                line++;
                startLine = line;
                i++;
            } else {
                code.append(c);
                i++;
            }
        }
        if (code.length() > 0 || comment.length() > 0) {
            out.add(new LogicalLine(code.toString(), comment.toString().strip(), startLine));
        }
        return out;
    }

    private static void appendComment(StringBuilder comment, String body) {
        String cleaned = body.replaceAll("(?m)^\\s*\\*+", " ").replaceAll("\\s+", " ").strip();
        if (cleaned.isEmpty()) {
            return;
        }
        if (comment.length() > 0) {
            comment.append(' ');
        }
        comment.append(cleaned);
    }
}
