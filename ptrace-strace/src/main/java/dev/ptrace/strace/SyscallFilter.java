package dev.ptrace.strace;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which syscalls are shown: strace's {@code -e trace=} expression. A comma-separated list of syscall names,
 * {@code %class} names ({@code %file}, {@code %process}, {@code %network} or {@code %net}, {@code %signal},
 * {@code %desc}, {@code %memory}), {@code /regex} and {@code all}/{@code none}, optionally preceded by {@code !}
 * to show everything else.
 */
public final class SyscallFilter implements Predicate<String> {

    private static final SyscallFilter ALL = new SyscallFilter(Set.of(), Set.of(), Set.of(), true, false);

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

    /**
     * Parses an expression (the part after {@code trace=}).
     *
     * @param expression for example {@code open,openat}, {@code %file}, {@code !/^(read|write)$}
     * @param knownNames the syscall names of the architecture, to reject misspelt names as strace does
     * @return the filter
     * @throws IllegalArgumentException naming the first element that is neither a syscall, a class nor a regex
     */
    public static SyscallFilter parse(String expression, Set<String> knownNames) {
        String e = expression.trim();
        boolean negated = e.startsWith("!");
        if (negated) {
            e = e.substring(1);
        }
        Set<String> names = new HashSet<>();
        Set<SyscallClass> classes = new HashSet<>();
        Set<Pattern> patterns = new HashSet<>();
        boolean all = false;
        for (String part : e.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("all")) {
                all = true;
            } else if (p.equals("none")) {
                // nothing to add
            } else if (p.startsWith("%")) {
                String c = p.substring(1).toUpperCase(Locale.ROOT);
                if (c.equals("NET")) {
                    c = "NETWORK";
                }
                try {
                    classes.add(SyscallClass.valueOf(c));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("invalid system call '" + p + "'");
                }
            } else if (p.startsWith("/")) {
                patterns.add(Pattern.compile(p.substring(1)));
            } else if (knownNames.isEmpty() || knownNames.contains(p)) {
                names.add(p);
            } else {
                throw new IllegalArgumentException("invalid system call '" + p + "'");
            }
        }
        return new SyscallFilter(Set.copyOf(names), Set.copyOf(classes), Set.copyOf(patterns), all, negated);
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
