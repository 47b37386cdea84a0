package dev.ptrace.examples.jstrace;

import dev.ptrace.Signal;
import dev.ptrace.strace.QualifierParser;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/** strace's {@code -e signal=} set: names or numbers, {@code all}, {@code none}, with an optional {@code !}. */
final class SignalSet {
    private SignalSet() {
    }

    static Predicate<Signal> parse(String value) {
        QualifierParser.ValueSet parsed = QualifierParser.set(value, false, "signal");
        boolean negated = parsed.negated();
        Set<Integer> set = new HashSet<>();
        boolean all = false;
        for (QualifierParser.Element e : parsed.elements()) {
            String s = e.name();
            if (s.equals("none")) {
                continue;
            }
            if (s.equals("all")) {
                all = true;
                continue;
            }
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
                // strace takes any number up to 255 (a signal number fits a byte of a wait status) and refuses more
                if (s.length() > 3 || Integer.parseInt(s) > 255) {
                    throw new IllegalArgumentException("invalid signal '" + s + "'");
                }
                set.add(Integer.parseInt(s));
                continue;
            }
            Signal sig = Signal.byName(s.toUpperCase(java.util.Locale.ROOT))
                    .orElseThrow(() -> new IllegalArgumentException("invalid signal '" + s + "'"));
            set.add(sig.number());
        }
        boolean everything = all;
        return sig -> (everything || set.contains(sig.number())) != negated;
    }
}
