package dev.ptrace.core;

import dev.ptrace.Signal;
import dev.ptrace.Stop;

import java.time.Duration;
import java.util.Optional;

/**
 * The requests of a {@link TraceeHandle} that involve the tracer's stop queue and tracee table rather than one
 * kernel call: resuming, waiting, detaching, syscall injection and stack unwinding. The engine implements it.
 */
interface TraceeControl {

    /** Resumes a stopped tracee; {@code explicit} null passes on the pending signal (LISTEN at a group-stop). */
    void resume(TraceeHandle t, int request, Signal explicit);

    /** The next stop of the tracee; {@code timeout} null waits without limit. */
    Optional<Stop> waitFor(TraceeHandle t, Duration timeout);

    /** Detaches like strace: a running tracee is interrupted first, a pending signal is passed on. */
    void detach(TraceeHandle t);

    /** Runs one syscall in the stopped tracee (see {@link SyscallInjector}). */
    long injectSyscall(TraceeHandle t, int number, long[] args);

    /** The stopped tracee's call stack (see {@link dev.ptrace.core.unwind.StackUnwinder}). */
    java.util.List<dev.ptrace.StackFrame> stackTrace(TraceeHandle t);
}
