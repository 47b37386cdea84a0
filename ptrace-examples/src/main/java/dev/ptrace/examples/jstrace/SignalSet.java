package dev.ptrace.examples.jstrace;

import dev.ptrace.Signal;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/** strace's {@code -e signal=} set: names or numbers, {@code all}, {@code none}, with an optional {@code !}. */
final class SignalSet {
    private SignalSet() {
    }

    static Predicate<Signal> parse(String value) {
        boolean negated = value.startsWith("!");
        Set<Integer> set = new HashSet<>();
        boolean all = false;
        for (String p : (negated ? value.substring(1) : value).split(",")) {
            String s = p.trim();
            if (s.isEmpty() || s.equals("none")) {
                continue;
            }
            if (s.equals("all")) {
                all = true;
                continue;
            }
            if (s.chars().allMatch(Character::isDigit)) {
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
