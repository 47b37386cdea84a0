package dev.ptrace.examples.jstrace;

import dev.ptrace.Signal;
import dev.ptrace.strace.QualifierParser;
import dev.ptrace.strace.StracePrinter;
import dev.ptrace.strace.SyscallFilter;
import dev.ptrace.strace.SyscallInjection;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * What jstrace's {@code -e} expressions ask for, parsed with {@link QualifierParser}: the syscall filter, the
 * signals, the statuses shown, the messages suppressed and whether fd paths are decoded. A qualifier jstrace
 * cannot honour is refused with a reason; one that asks for strace's default is accepted (it changes nothing).
 */
final class Qualifiers {

    /** The messages {@code -e quiet=} names. */
    static final List<String> QUIET_MESSAGES = List.of("attach", "exit", "path-resolution", "personality",
            "thread-execve", "superseded");

    SyscallFilter filter = SyscallFilter.all();
    Predicate<Signal> signals = s -> true;
    Set<StracePrinter.Status> statuses = EnumSet.allOf(StracePrinter.Status.class);
    /** The messages suppressed by {@code -e quiet=}, or null when not given. */
    Set<String> quiet;
    /** {@code -e decode-fds=}: true for path, false for none, null when not given. */
    Boolean fdPaths;
    /** {@code -e read=}, {@code -e write=}: the descriptors whose data is dumped (none by default). */
    IntPredicate dumpReads = fd -> false;
    IntPredicate dumpWrites = fd -> false;
    /** {@code -e raw=}: the syscalls printed raw. */
    SyscallFilter raw = SyscallFilter.none();
    /** {@code -e inject=}, {@code -e fault=}: the tampering rules, in order. */
    final List<SyscallInjection> injections = new ArrayList<>();
    /** strace's warnings about the expressions. */
    private final List<String> warnings;

    private Qualifiers(List<String> warnings) {
        this.warnings = warnings;
    }

    /**
     * Parses the expressions in order; a later one for the same qualifier replaces an earlier one, as in strace.
     *
     * @param expressions the {@code -e} values
     * @param syscallNames the architecture's syscall names
     * @param warnings receives strace's warnings about them
     * @return the result
     * @throws UsageError with strace's message for an invalid expression, or jstrace's reason for a refused one
     */
    static Qualifiers parse(List<String> expressions, Set<String> syscallNames, List<String> warnings) {
        Qualifiers q = new Qualifiers(warnings);
        for (String e : expressions) {
            QualifierParser.Qualifier qualifier = QualifierParser.qualifier(e);
            try {
                q.apply(qualifier, syscallNames);
            } catch (UsageError u) {
                throw u;
            } catch (IllegalArgumentException ex) {
                throw new UsageError(ex.getMessage(), ex.getMessage().startsWith("incorrect personality"));
            }
        }
        return q;
    }

    private void apply(QualifierParser.Qualifier qualifier, Set<String> syscallNames) {
        String v = qualifier.value();
        switch (qualifier.name()) {
            case "trace":
                filter = SyscallFilter.parse(v, syscallNames);
                break;
            case "signal":
                signals = SignalSet.parse(v);
                break;
            case "status":
                statuses = status(v);
                break;
            case "quiet":
                quiet = names(v, "quiet", QUIET_MESSAGES);
                break;
            case "decode-fds": {
                Set<String> d = names(v, "decode-fds", List.of("path", "socket", "dev", "pidfd"));
                if (!d.equals(Set.of("path")) && !d.isEmpty()) {
                    throw refused("-e decode-fds=" + v, "only path (-y) is decoded; socket, dev and pidfd"
                            + " details (-yy) are not implemented");
                }
                fdPaths = !d.isEmpty();
                break;
            }
            case "abbrev": case "verbose":
                // strace's default is all: abbreviated output, structures dereferenced
                requireDefault(qualifier, SyscallFilter.parse(v, syscallNames).isAll(), "all");
                break;
            case "raw":
                raw = SyscallFilter.parse(v, syscallNames);
                break;
            case "read":
                dumpReads = descriptors(v);
                break;
            case "write":
                dumpWrites = descriptors(v);
                break;
            case "inject": case "fault":
                injections.add(InjectionSpec.parse(qualifier.name(), v, syscallNames, warnings));
                break;
            case "kvm":
                throw refused("-e kvm=", "KVM vcpu exit reasons are not decoded");
            default:
                throw new IllegalStateException(qualifier.name());
        }
    }

    private static void requireDefault(QualifierParser.Qualifier q, boolean isDefault, String def) {
        if (!isDefault) {
            throw refused("-e " + q.name() + "=" + q.value(), "only strace's default (" + q.name() + "=" + def
                    + ") is implemented");
        }
    }

    private static UsageError refused(String what, String reason) {
        return new UsageError(what + " is not supported: " + reason, false);
    }

    /** A set of descriptor numbers, checked as strace checks it ({@code invalid descriptor 'x'}). */
    private static IntPredicate descriptors(String value) {
        QualifierParser.ValueSet set = QualifierParser.set(value, false, "descriptor");
        Set<Integer> fds = new HashSet<>();
        boolean all = false;
        for (QualifierParser.Element e : set.elements()) {
            String n = e.name();
            if (n.equals("all")) {
                all = true;
            } else if (!n.equals("none") && n.chars().allMatch(Character::isDigit) && n.length() < 10) {
                fds.add(Integer.parseInt(n));
            } else if (!n.equals("none")) {
                throw new IllegalArgumentException("invalid descriptor '" + n + "'");
            }
        }
        boolean everything = all;
        boolean negated = set.negated();
        return fd -> (everything || fds.contains(fd)) != negated;
    }

    /** A set of names from {@code known} plus all and none, with {@code !}. */
    private static Set<String> names(String value, String what, List<String> known) {
        QualifierParser.ValueSet set = QualifierParser.set(value, false, what);
        Set<String> chosen = new HashSet<>();
        for (QualifierParser.Element e : set.elements()) {
            if (e.name().equals("all")) {
                chosen.addAll(known);
            } else if (known.contains(e.name())) {
                chosen.add(e.name());
            } else if (!e.name().equals("none")) {
                throw new IllegalArgumentException("invalid " + what + " '" + e.name() + "'");
            }
        }
        if (set.negated()) {
            Set<String> rest = new HashSet<>(known);
            rest.removeAll(chosen);
            return rest;
        }
        return chosen;
    }

    private static Set<StracePrinter.Status> status(String value) {
        Set<String> chosen = names(value, "status", List.of("successful", "failed", "unfinished",
                "unavailable", "detached"));
        Set<StracePrinter.Status> set = EnumSet.noneOf(StracePrinter.Status.class);
        for (StracePrinter.Status s : StracePrinter.Status.values()) {
            if (chosen.contains(s.name().toLowerCase(java.util.Locale.ROOT))) {
                set.add(s);
            }
        }
        return set;
    }
}
