package dev.ptrace.strace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * strace's {@code -e} grammar (strace(1), "Filtering"): {@code [qualifier=][!][?]value1[,[?]value2]...}. A
 * qualifier is named by any of its aliases; an expression without one, or with a name strace does not know, is
 * a {@code trace} set (so that strace's message names the whole expression as a system call).
 */
public final class QualifierParser {

    /** Each alias strace accepts, to the qualifier's name. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("trace", "trace"), Map.entry("t", "trace"),
            Map.entry("signal", "signal"), Map.entry("signals", "signal"), Map.entry("s", "signal"),
            Map.entry("status", "status"),
            Map.entry("quiet", "quiet"), Map.entry("silent", "quiet"), Map.entry("silence", "quiet"),
            Map.entry("q", "quiet"),
            Map.entry("decode-fds", "decode-fds"),
            Map.entry("abbrev", "abbrev"), Map.entry("a", "abbrev"),
            Map.entry("verbose", "verbose"), Map.entry("v", "verbose"),
            Map.entry("raw", "raw"), Map.entry("x", "raw"),
            Map.entry("read", "read"), Map.entry("r", "read"),
            Map.entry("write", "write"), Map.entry("w", "write"),
            Map.entry("inject", "inject"), Map.entry("fault", "fault"),
            Map.entry("kvm", "kvm"));

    /**
     * One {@code -e} expression.
     *
     * @param name the qualifier's name: trace, signal, status, quiet, decode-fds, abbrev, verbose, raw, read,
     *     write, inject, fault or kvm
     * @param value everything after the {@code =}
     */
    public record Qualifier(String name, String value) {
    }

    /**
     * One element of a set.
     *
     * @param name the element without its {@code ?}
     * @param optional whether it had the {@code ?} prefix (an unknown name is ignored rather than refused)
     */
    public record Element(String name, boolean optional) {
    }

    /**
     * A parsed set.
     *
     * @param negated whether it started with {@code !} (everything except the elements)
     * @param elements the comma-separated elements, empty ones dropped
     */
    public record ValueSet(boolean negated, List<Element> elements) {
    }

    private QualifierParser() {
    }

    /**
     * Splits an expression into its qualifier and value.
     *
     * @param expression for example {@code trace=open}, {@code t=%file}, {@code open,close}
     * @return the qualifier by its canonical name
     */
    public static Qualifier qualifier(String expression) {
        int eq = expression.indexOf('=');
        String name = eq < 0 ? null : ALIASES.get(expression.substring(0, eq));
        return name == null ? new Qualifier("trace", expression) : new Qualifier(name, expression.substring(eq + 1));
    }

    /**
     * Parses a set: an optional leading {@code !}, then comma-separated elements.
     *
     * @param value the set as written
     * @param optionalAllowed whether elements may carry the {@code ?} prefix (syscall sets only)
     * @param what what strace calls an element in its message ({@code system call}, {@code signal} ...)
     * @return the set
     * @throws IllegalArgumentException strace's {@code invalid WHAT 'VALUE'} for an empty set
     */
    public static ValueSet set(String value, boolean optionalAllowed, String what) {
        boolean negated = value.startsWith("!");
        String rest = negated ? value.substring(1) : value;
        List<Element> elements = new ArrayList<>();
        for (String part : rest.split(",", -1)) {
            boolean optional = optionalAllowed && part.startsWith("?");
            String name = optional ? part.substring(1) : part;
            if (!name.isEmpty()) {
                elements.add(new Element(name, optional));
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "'");
        }
        return new ValueSet(negated, List.copyOf(elements));
    }
}
