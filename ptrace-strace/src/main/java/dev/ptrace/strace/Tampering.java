package dev.ptrace.strace;

import dev.ptrace.Signal;
import dev.ptrace.Tracee;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Applies the {@link SyscallInjection} rules at syscall stops, on the tracer thread: counts each tracee's
 * invocations per syscall, tampers with the chosen ones at entry and exit, and says how strace marks the line.
 * For a syscall in several rules' sets the last rule applies, as in strace.
 */
final class Tampering {

    /** What an exit becomes: the result the tracee sees and the marks after it. */
    record Outcome(long value, boolean error, String marks) {
    }

    private final List<SyscallInjection> rules;
    private final BooleanSupplier stopRequested;
    /** (tracee, syscall number) to invocations so far. */
    private final Map<Long, Long> invocations = new HashMap<>();
    /** Per tracee, the rule applied to the syscall it is in. */
    private final Map<Integer, SyscallInjection> active = new HashMap<>();

    /**
     * @param rules the rules, in the order given
     * @param stopRequested true once the trace is to end: a delay then ends early
     */
    Tampering(List<SyscallInjection> rules, BooleanSupplier stopRequested) {
        this.rules = List.copyOf(rules);
        this.stopRequested = stopRequested;
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * At an entry stop: tampers with the call if a rule chooses this invocation.
     *
     * @return the signal to resume the tracee with ({@link Signal#NONE} for none)
     */
    Signal enter(Tracee t, int number, String name) {
        active.remove(t.pid());
        SyscallInjection rule = null;
        for (SyscallInjection r : rules) {
            if (r.syscalls().test(name)) {
                rule = r;
            }
        }
        if (rule == null) {
            return Signal.NONE;
        }
        long n = invocations.merge(((long) t.pid() << 32) | (number & 0xffffffffL), 1L, Long::sum);
        if (!rule.appliesTo(n)) {
            return Signal.NONE;
        }
        active.put(t.pid(), rule);
        if (rule.changesResult()) {
            if (rule.replacement().isPresent()) {
                t.syscallTampering().setNumber(rule.replacement().getAsInt());
            } else {
                t.syscallTampering().skip();
            }
        }
        delay(rule.delayEnterMicros());
        return rule.signal().orElse(Signal.NONE);
    }

    /**
     * At an exit stop: sets the injected result and holds the tracee for the exit delay.
     *
     * @return the outcome, or null when the call was not tampered with
     */
    Outcome exit(Tracee t, long value, boolean error) {
        SyscallInjection rule = active.remove(t.pid());
        if (rule == null) {
            return null;
        }
        long v = value;
        boolean e = error;
        if (rule.error().isPresent()) {
            v = -rule.error().getAsInt();
            e = true;
            t.syscallTampering().fail(rule.error().getAsInt());
        } else if (rule.retval().isPresent()) {
            v = rule.retval().getAsLong();
            e = false;
            t.syscallTampering().setResult(v);
        }
        delay(rule.delayExitMicros());
        String marks = (rule.changesResult() ? " (INJECTED)" : "")
                + (rule.delayEnterMicros() > 0 || rule.delayExitMicros() > 0 ? " (DELAYED)" : "");
        return new Outcome(v, e, marks);
    }

    /** Forgets a tracee that has ended. */
    void forget(int pid) {
        active.remove(pid);
        invocations.keySet().removeIf(k -> (int) (k >> 32) == pid);
    }

    /** Holds the tracer thread (and so the stopped tracee), ending early when the trace is to stop. */
    private void delay(long micros) {
        long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        for (long left = micros * 1000; left > 0 && !stopRequested.getAsBoolean();
                left = end - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
        }
    }
}
