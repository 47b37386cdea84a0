package dev.ptrace.strace;

import dev.ptrace.Signal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One tampering rule, strace's {@code -e inject=SET:...} or {@code -e fault=SET:...}: for the syscalls of a set
 * that are also traced (as in strace, a syscall left out of {@code -e trace=} is neither tampered with nor counted),
 * at the chosen invocations of each (counted per tracee and syscall), make the call fail with an errno or return a
 * value without running it (or run a harmless {@code replacement} instead), deliver a signal on entering, and
 * delay the tracee on entering or exiting. A tampered line ends in {@code (INJECTED)}, a delayed one in
 * {@code (DELAYED)}, as strace's.
 *
 * @param syscalls the syscalls tampered with
 * @param error the errno the call fails with, 1 to 4095
 * @param retval the value the call returns instead (mutually exclusive with {@code error})
 * @param signal the signal delivered on entering
 * @param replacement the number of the syscall run instead of none (only with {@code error} or {@code retval})
 * @param delayEnterMicros how long the tracee is held on entering, 0 for not at all
 * @param delayExitMicros how long the tracee is held on exiting, 0 for not at all
 * @param first the first invocation tampered with, from 1
 * @param last the last invocation tampered with, {@link Integer#MAX_VALUE} for no end
 * @param step the step between tampered invocations, from 1
 */
public record SyscallInjection(SyscallFilter syscalls, OptionalInt error, OptionalLong retval,
                               Optional<Signal> signal, OptionalInt replacement, long delayEnterMicros,
                               long delayExitMicros, int first, int last, int step) {

    /**
     * Checks the rule.
     *
     * @throws IllegalArgumentException if it does nothing, has both an error and a value, an errno outside
     *         1..4095, a replacement without an error or value, negative delays or an invalid range
     */
    public SyscallInjection {
        Objects.requireNonNull(syscalls, "syscalls");
        if (error.isPresent() && retval.isPresent()) {
            throw new IllegalArgumentException("error and retval are mutually exclusive");
        }
        if (error.isPresent() && (error.getAsInt() < 1 || error.getAsInt() > 4095)) {
            throw new IllegalArgumentException("errno outside 1..4095: " + error.getAsInt());
        }
        if (replacement.isPresent() && !changesResult(error, retval)) {
            throw new IllegalArgumentException("a replacement syscall needs an error or a retval");
        }
        if (!changesResult(error, retval) && signal.isEmpty() && delayEnterMicros == 0 && delayExitMicros == 0) {
            throw new IllegalArgumentException("the rule does nothing");
        }
        if (delayEnterMicros < 0 || delayExitMicros < 0 || first < 1 || step < 1 || last < first) {
            throw new IllegalArgumentException("invalid delay or range");
        }
    }

    private static boolean changesResult(OptionalInt error, OptionalLong retval) {
        return error.isPresent() || retval.isPresent();
    }

    /** {@return whether the call's result is replaced (an error or a value)} */
    public boolean changesResult() {
        return changesResult(error, retval);
    }

    /**
     * {@return whether this invocation is tampered with}
     *
     * @param invocation the invocation's number for its tracee and syscall, from 1
     */
    public boolean appliesTo(long invocation) {
        return invocation >= first && invocation <= last && (invocation - first) % step == 0;
    }
}
