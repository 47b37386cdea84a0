package dev.ptrace.strace;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which syscalls are shown: strace's {@code -e trace=} expression. A comma-separated list of syscall names,
 * {@code %class} names ({@link SyscallClass}), {@code /regex} and {@code all}/{@code none}, optionally preceded
 * by {@code !} to show everything else (grammar in {@link QualifierParser}).
 */
public final class SyscallFilter implements Predicate<String> {

    private static final SyscallFilter ALL = new SyscallFilter(Set.of(), Set.of(), Set.of(), true, false);
    private static final SyscallFilter NONE = new SyscallFilter(Set.of(), Set.of(), Set.of(), true, true);

    private final Set<String> names;
    private final Set<SyscallClass> classes;
    private final Set<Pattern> patterns;
    private final boolean all;
    private final boolean negated;

    private SyscallFilter(Set<String> names, Set<SyscallClass> classes, Set<Pattern> patterns, boolean all,
                          boolean negated) {
        this.names = names;
        this.classes = classes;
        this.patterns = patterns;
        this.all = all;
        this.negated = negated;
    }

    /** {@return the filter that shows every syscall} */
    public static SyscallFilter all() {
        return ALL;
    }

    /** {@return the filter that selects no syscall} */
    public static SyscallFilter none() {
        return NONE;
    }

    /**
     * Parses a syscall set (the part after {@code trace=}) as strace 6.1 does: {@code [!][?]value[,[?]value]...}
     * where a value is a syscall name, a {@code %class}, a {@code /regex}, {@code all} or {@code none},
     * optionally followed by a personality {@code @64}, {@code @32} or {@code @x32}. A {@code ?} makes an unknown
     * name harmless. Only the native 64-bit personality is traced, so {@code @32} and {@code @x32} select nothing.
     *
     * @param expression for example {@code open,openat}, {@code %file}, {@code !/^(read|write)$}, {@code ?foo}
     * @param knownNames the syscall names of the architecture, to reject misspelt names as strace does
     * @return the filter
     * @throws IllegalArgumentException with strace's message for the first element that is neither a syscall, a
     *     class nor a regex, or a bad personality or regex
     */
    public static SyscallFilter parse(String expression, Set<String> knownNames) {
        QualifierParser.ValueSet set = QualifierParser.set(expression, true, "system call");
        Set<String> names = new HashSet<>();
        Set<SyscallClass> classes = new HashSet<>();
        Set<Pattern> patterns = new HashSet<>();
        boolean all = false;
        for (QualifierParser.Element element : set.elements()) {
            String p = element.name();
            int at = p.lastIndexOf('@');
            if (at > 0) {
                String personality = p.substring(at + 1);
                if (!personality.equals("64") && !personality.equals("32") && !personality.equals("x32")) {
                    throw new IllegalArgumentException("incorrect personality designator '" + personality
                            + "' in qualification '" + p + "'");
                }
                if (!personality.equals("64")) {
                    continue;
                }
                p = p.substring(0, at);
            }
            if (p.equals("all")) {
                all = true;
            } else if (p.equals("none")) {
                // nothing to add
            } else if (p.startsWith("%") && SyscallClass.forName(p.substring(1)) != null) {
                classes.add(SyscallClass.forName(p.substring(1)));
            } else if (p.startsWith("/")) {
                try {
                    patterns.add(Pattern.compile(p.substring(1)));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("regcomp: " + p.substring(1) + ": Invalid regular expression");
                }
            } else if (knownNames.isEmpty() || knownNames.contains(p)) {
                names.add(p);
            } else if (!element.optional()) {
                throw new IllegalArgumentException("invalid system call '" + element.name() + "'");
            }
        }
        return new SyscallFilter(Set.copyOf(names), Set.copyOf(classes), Set.copyOf(patterns), all,
                set.negated());
    }

    /** Whether the syscall with this name is shown. */
    @Override
    public boolean test(String syscall) {
        boolean match = all || names.contains(syscall);
        if (!match) {
            for (SyscallClass c : classes) {
                if (c.contains(syscall)) {
                    match = true;
                    break;
                }
            }
        }
        if (!match) {
            for (Pattern p : patterns) {
                if (p.matcher(syscall).find()) {
                    match = true;
                    break;
                }
            }
        }
        return match != negated;
    }

    /** {@return whether this filter shows every syscall} */
    public boolean isAll() {
        return (all && !negated)
                || (negated && !all && names.isEmpty() && classes.isEmpty() && patterns.isEmpty());
    }
}
