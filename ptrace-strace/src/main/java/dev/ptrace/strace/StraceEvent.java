package dev.ptrace.strace;

import dev.ptrace.Tracee;

/**
 * One thing {@link Strace} reports about a tracee: a new tracee, a syscall entry or exit, a seccomp stop, a
 * signal, or the end of the tracee. {@code toString()} is the line strace prints for it.
 */
public sealed interface StraceEvent permits AttachEvent, SyscallEvent, SeccompEvent, SignalEvent, ExitEvent {

    /** {@return the tracee (thread) the event belongs to} */
    Tracee tracee();

    /** {@return the thread id} */
    int pid();

    /** {@return when the tracer saw the event, in nanoseconds since the epoch (microsecond accuracy)} */
    long timeNanos();

    /**
     * {@return the tracee's call stack at this event, when the trace unwinds them
     * ({@link StraceOptions#withStackTraces(boolean)}) and strace prints one after this event's line}
     */
    default java.util.Optional<StackTrace> stackTrace() {
        return java.util.Optional.empty();
    }
}
