package dev.ptrace.examples.jstrace;

import dev.ptrace.Arch;
import dev.ptrace.Errno;
import dev.ptrace.Signal;
import dev.ptrace.strace.SyscallFilter;
import dev.ptrace.strace.SyscallInjection;
import dev.ptrace.syscalls.SyscallTable;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * strace's {@code -e inject=SET:...} and {@code -e fault=SET:...} grammar: the syscall set, then
 * {@code error=}, {@code retval=}, {@code signal=}, {@code syscall=}, {@code delay_enter=}, {@code delay_exit=} and
 * {@code when=FIRST[..LAST][+[STEP]]}, with strace's limits and its one message for any invalid value
 * ({@code invalid inject argument 'VALUE'}).
 */
final class InjectionSpec {

    private static final BigInteger MAX_ULONG = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private InjectionSpec() {
    }

    /**
     * Parses one qualifier's value.
     *
     * @param qualifier {@code inject} or {@code fault}
     * @param value what follows {@code =}
     * @param names the architecture's syscall names
     * @param warnings receives strace's warning for a value that reads as an error
     * @return the rule
     * @throws UsageError with strace's message, or jstrace's reason for {@code poke_enter}/{@code poke_exit}
     */
    static SyscallInjection parse(String qualifier, String value, Set<String> names, List<String> warnings) {
        boolean fault = qualifier.equals("fault");
        String[] parts = value.split(":", -1);
        SyscallFilter syscalls;
        try {
            syscalls = SyscallFilter.parse(parts[0], names);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage(), false);
        }
        UsageError invalid = new UsageError("invalid " + qualifier + " argument '" + value + "'", false);
        Integer error = null;
        BigInteger retval = null;
        Signal signal = null;
        Integer replacement = null;
        Long delayEnter = null;
        Long delayExit = null;
        int[] when = {1, Integer.MAX_VALUE, 1};
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String v = eq < 0 ? null : p.substring(eq + 1);
            if (v == null) {
                throw invalid;
            }
            switch (key) {
                case "error":
                    if (error != null || retval != null) {
                        throw invalid;
                    }
                    error = errno(v, invalid);
                    break;
                case "retval":
                    if (fault || error != null || retval != null) {
                        throw invalid;
                    }
                    retval = unsignedLong(v, invalid);
                    break;
                case "signal":
                    if (fault || signal != null) {
                        throw invalid;
                    }
                    signal = signal(v, invalid);
                    break;
                case "syscall":
                    if (replacement != null) {
                        throw invalid;
                    }
                    replacement = pureSyscall(v, names, invalid);
                    break;
                case "delay_enter": case "delay_exit":
                    if (fault || (key.equals("delay_enter") ? delayEnter : delayExit) != null) {
                        throw invalid;
                    }
                    long micros = delay(v, invalid);
                    if (key.equals("delay_enter")) {
                        delayEnter = micros;
                    } else {
                        delayExit = micros;
                    }
                    break;
                case "when":
                    when = when(v, invalid);
                    break;
                case "poke_enter": case "poke_exit":
                    throw new UsageError("-e " + qualifier + "=...:" + key + "= is not supported: jstrace does"
                            + " not write tracee memory at syscall stops", false);
                default:
                    throw invalid;
            }
        }
        if (fault && error == null) {
            error = Errno.ENOSYS.number();
        }
        if (retval != null && retval.compareTo(MAX_ULONG.subtract(BigInteger.valueOf(4095))) >= 0) {
            warnings.add("Inadvertent injection of error " + MAX_ULONG.subtract(retval).add(BigInteger.ONE)
                    + " is possible for retval=" + retval);
        }
        try {
            return new SyscallInjection(syscalls, error == null ? OptionalInt.empty() : OptionalInt.of(error),
                    retval == null ? OptionalLong.empty() : OptionalLong.of(retval.longValue()),
                    Optional.ofNullable(signal), replacement == null ? OptionalInt.empty()
                    : OptionalInt.of(replacement), delayEnter == null ? 0 : delayEnter,
                    delayExit == null ? 0 : delayExit, when[0], when[1], when[2]);
        } catch (IllegalArgumentException e) {
            throw invalid;
        }
    }

    /** An errno by name (any case) or number, 1 to 4095. */
    private static int errno(String v, UsageError invalid) {
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            if (v.length() > 4 || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 4095) {
                throw invalid;
            }
            return Integer.parseInt(v);
        }
        return Errno.byName(v.toUpperCase(Locale.ROOT)).map(Errno::number).filter(n -> n <= 4095)
                .orElseThrow(() -> invalid);
    }

    /** strtoull with base 0: an optional sign, then decimal, 0x hex or 0 octal; a minus wraps around. */
    private static BigInteger unsignedLong(String v, UsageError invalid) {
        String s = v.trim();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        int radix = 10;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            radix = 16;
            s = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            s = s.substring(1);
        }
        BigInteger n;
        try {
            n = new BigInteger(s, radix);
        } catch (NumberFormatException e) {
            throw invalid;
        }
        if (n.signum() < 0 || n.compareTo(MAX_ULONG) > 0) {
            throw invalid;
        }
        return negative ? n.negate().and(MAX_ULONG) : n;
    }

    /** A signal by name (with or without SIG) or number, 1 to 64. */
    private static Signal signal(String v, UsageError invalid) {
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            if (v.length() > 2 || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 64) {
                throw invalid;
            }
            return Signal.of(Integer.parseInt(v));
        }
        return Signal.byName(v.toUpperCase(Locale.ROOT)).orElseThrow(() -> invalid);
    }

    /** A syscall without side effects (strace's %pure class), by name. */
    private static int pureSyscall(String v, Set<String> names, UsageError invalid) {
        if (!names.contains(v) || !SyscallFilter.parse("%pure", names).test(v)) {
            throw invalid;
        }
        return SyscallTable.of(Arch.current()).byName(v).orElseThrow(() -> invalid).number();
    }

    /** A delay: a number of microseconds, or with a unit (s, ms, us, ns), as -O reads it. */
    private static long delay(String v, UsageError invalid) {
        try {
            return (StraceValues.overhead(v) + 999) / 1000;
        } catch (UsageError e) {
            throw invalid;
        }
    }

    /** {@code FIRST[..LAST][+[STEP]]}: first and step 1..65535, last 1..65534 and not below first. */
    private static int[] when(String v, UsageError invalid) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]*)(?:\\.\\.([0-9]+))?(\\+([0-9]*))?")
                .matcher(v);
        if (v.isEmpty() || !m.matches()) {
            throw invalid;
        }
        int first = m.group(1).isEmpty() ? 1 : bounded(m.group(1), 65535, invalid);
        boolean plus = m.group(3) != null;
        int last = m.group(2) != null ? bounded(m.group(2), 65534, invalid) : plus ? Integer.MAX_VALUE : first;
        int step = plus && !m.group(4).isEmpty() ? bounded(m.group(4), 65535, invalid) : 1;
        if (last < first) {
            throw invalid;
        }
        return new int[] {first, last, step};
    }

    private static int bounded(String digits, int max, UsageError invalid) {
        if (digits.length() > 5 || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > max) {
            throw invalid;
        }
        return Integer.parseInt(digits);
    }
}
