package dev.ptrace.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A small C preprocessor, enough for the uapi and kernel headers the generator reads: object-like and
 * function-like macros, {@code #include} through a search path, and {@code #if/#ifdef/#ifndef/#elif/#else/
 * #endif} with {@code defined}. It records every active {@code #define} in order, and hands the non-directive
 * lines to a listener (inactive ones too, flagged, for readers that want them).
 */
final class Preprocessor {

    /** Receives the code lines (not directives) in order. */
    interface TextListener {
        void text(LogicalLine line, String file, boolean active);
    }

    /** An active {@code #define}, in the order the headers made them. */
    record Define(Macro macro, int order) {
    }

    private final List<Path> includeRoots;
    private boolean followIncludes;
    private final Map<String, Macro> macros = new LinkedHashMap<>();
    private final List<Define> defines = new ArrayList<>();
    private final Set<String> missingIncludes = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private final MacroExpander expander = new MacroExpander(macros);
    private TextListener listener = (line, file, active) -> { };
    private int depth;

    Preprocessor(List<Path> includeRoots, boolean followIncludes) {
        this.includeRoots = List.copyOf(includeRoots);
        this.followIncludes = followIncludes;
    }

    Preprocessor listener(TextListener l) {
        this.listener = l;
        return this;
    }

    /** Defines an object-like macro before any header is read ({@code -D name=value}). */
    Preprocessor predefine(String name, String value) {
        macros.put(name, new Macro(name, null, Token.lex(value), "<predefined>", ""));
        return this;
    }

    /** Defines a function-like macro before any header is read. */
    Preprocessor predefineFunction(String name, List<String> params, String body) {
        macros.put(name, new Macro(name, List.copyOf(params), Token.lex(body), "<predefined>", ""));
        return this;
    }

    Map<String, Macro> macros() {
        return macros;
    }

    List<Define> defines() {
        return defines;
    }

    Set<String> missingIncludes() {
        return missingIncludes;
    }

    List<String> warnings() {
        return warnings;
    }

    MacroExpander expander() {
        return expander;
    }

    /** The integer value of a macro as currently defined, if it is an integer constant expression. */
    OptionalLong value(String name) {
        Macro m = macros.get(name);
        if (m == null || m.functionLike()) {
            return OptionalLong.empty();
        }
        return CExpr.evalValue(expander.expand(List.of(new Token(Token.Kind.IDENT, name, false, Set.of()))));
    }

    /** The integer value of an expression in the current macro environment. */
    OptionalLong evaluate(List<Token> expression) {
        return CExpr.evalValue(expander.expand(expression));
    }

    /** Reads a header, resolving its name against the include roots. */
    void includeHeader(String name) {
        Path p = resolve(name, null);
        if (p == null) {
            missingIncludes.add(name);
            return;
        }
        process(p, relativeName(p));
    }

    /** Turns {@code #include} following on or off for the files read next. */
    Preprocessor followIncludes(boolean follow) {
        this.followIncludes = follow;
        return this;
    }

    /** Records an enumerator (or other synthetic constant) as if it were an object-like macro. */
    void defineSynthetic(String name, long value, String file, String comment) {
        Macro m = new Macro(name, null, Token.lex(Long.toString(value)), file, comment);
        macros.put(name, m);
        defines.add(new Define(m, defines.size()));
    }

    /** Reads a header file under a name of the caller's choosing (used for files outside the roots). */
    void processAs(Path file, String name) {
        process(file, name);
    }

    /** Reads a header file given by path. */
    void process(Path file) {
        process(file, relativeName(file));
    }

    private String relativeName(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        for (Path root : includeRoots) {
            Path r = root.toAbsolutePath().normalize();
            if (abs.startsWith(r)) {
                return r.relativize(abs).toString().replace('\\', '/');
            }
        }
        return abs.getFileName().toString();
    }

    private Path resolve(String name, Path currentDir) {
        if (currentDir != null) {
            Path p = currentDir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        for (Path root : includeRoots) {
            Path p = root.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static final class Cond {
        final boolean parentActive;
        boolean taken;
        boolean active;

        Cond(boolean parentActive, boolean active) {
            this.parentActive = parentActive;
            this.active = parentActive && active;
            this.taken = active;
        }
    }

    private void process(Path file, String name) {
        if (++depth > 64) {
            throw new IllegalStateException("#include nested too deeply at " + file);
        }
        try {
            String source;
            try {
                source = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            processSource(source, file, name);
        } finally {
            depth--;
        }
    }

    /** Reads header text that is not a file (a bundled resource); includes resolve against the roots only. */
    void processText(String source, String name) {
        processSource(source, null, name);
    }

    private void processSource(String source, Path file, String name) {
        {
            Deque<Cond> stack = new ArrayDeque<>();
            for (LogicalLine line : CSource.split(source)) {
                boolean active = stack.isEmpty() || stack.peek().active;
                if (!line.isDirective()) {
                    if (!line.text().isBlank()) {
                        listener.text(line, name, active);
                    }
                    continue;
                }
                List<Token> toks = Token.lex(line.text().stripLeading().substring(1));
                if (toks.isEmpty()) {
                    continue;
                }
                String d = toks.get(0).text;
                List<Token> rest = toks.subList(1, toks.size());
                switch (d) {
                    case "if":
                        stack.push(new Cond(active, active && condition(rest, name, line)));
                        break;
                    case "ifdef":
                        stack.push(new Cond(active, !rest.isEmpty() && macros.containsKey(rest.get(0).text)));
                        break;
                    case "ifndef":
                        stack.push(new Cond(active, rest.isEmpty() || !macros.containsKey(rest.get(0).text)));
                        break;
                    case "elif": {
                        Cond c = top(stack, d, name, line);
                        if (c.taken) {
                            c.active = false;
                        } else {
                            boolean v = c.parentActive && condition(rest, name, line);
                            c.active = v;
                            c.taken = v;
                        }
                        break;
                    }
                    case "else": {
                        Cond c = top(stack, d, name, line);
                        c.active = c.parentActive && !c.taken;
                        c.taken = true;
                        break;
                    }
                    case "endif":
                        top(stack, d, name, line);
                        stack.pop();
                        break;
                    case "define":
                        if (active) {
                            define(line, name);
                        }
                        break;
                    case "undef":
                        if (active && !rest.isEmpty()) {
                            macros.remove(rest.get(0).text);
                        }
                        break;
                    case "include":
                        if (active) {
                            include(rest, file, name);
                        }
                        break;
                    default:
                        break; // #error, #warning, #pragma, #line: nothing to do for tables
                }
            }
            if (!stack.isEmpty()) {
                warnings.add(name + ": unterminated #if");
            }
        }
    }

    private Cond top(Deque<Cond> stack, String d, String file, LogicalLine line) {
        if (stack.isEmpty()) {
            throw new IllegalStateException(file + ":" + line.line() + ": #" + d + " without #if");
        }
        return stack.peek();
    }

    private void include(List<Token> rest, Path file, String name) {
        if (!followIncludes || rest.isEmpty()) {
            return;
        }
        String target;
        Path dir = null;
        if (rest.get(0).is("<")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < rest.size() && !rest.get(i).is(">"); i++) {
                sb.append(rest.get(i).text);
            }
            target = sb.toString();
        } else if (rest.get(0).kind == Token.Kind.STRING) {
            target = rest.get(0).text.substring(1, rest.get(0).text.length() - 1);
            dir = file == null ? null : file.getParent();
        } else {
            return;
        }
        Path p = resolve(target, dir);
        if (p == null) {
            missingIncludes.add(target);
            return;
        }
        process(p, relativeName(p));
    }

    private boolean condition(List<Token> expr, String file, LogicalLine line) {
        List<Token> replaced = new ArrayList<>();
        for (int i = 0; i < expr.size(); i++) {
            Token t = expr.get(i);
            if (t.is("defined")) {
                String id;
                if (i + 1 < expr.size() && expr.get(i + 1).is("(")) {
                    id = expr.get(i + 2).text;
                    i += 3;
                } else {
                    id = expr.get(i + 1).text;
                    i += 1;
                }
                replaced.add(new Token(Token.Kind.NUMBER, macros.containsKey(id) ? "1" : "0", true, Set.of()));
            } else {
                replaced.add(t);
            }
        }
        try {
            return CExpr.evalIf(expander.expand(replaced)) != 0;
        } catch (CExpr.NotConstant | ArithmeticException | NumberFormatException e) {
            warnings.add(file + ":" + line.line() + ": cannot evaluate #if " + Token.join(expr) + " (taken as false)");
            return false;
        }
    }

    private void define(LogicalLine line, String file) {
        String text = line.text().stripLeading().substring(1).stripLeading();
        text = text.substring("define".length());
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        String macroName = text.substring(start, i);
        if (macroName.isEmpty()) {
            return;
        }
        List<String> params = null;
        if (i < text.length() && text.charAt(i) == '(') {
            int close = text.indexOf(')', i);
            params = new ArrayList<>();
            for (String p : text.substring(i + 1, close).split(",")) {
                if (!p.isBlank()) {
                    params.add(p.strip());
                }
            }
            i = close + 1;
        }
        Macro m = new Macro(macroName, params, Token.lex(text.substring(i)), file, line.comment());
        macros.put(macroName, m);
        defines.add(new Define(m, defines.size()));
    }
}
