package dev.ptrace.strace;

import dev.ptrace.Tracee;

/**
 * A seccomp filter returned {@code SECCOMP_RET_TRACE} for a syscall of the tracee (only reported when
 * {@link StraceOptions#yieldSeccomp()} is set).
 */
public final class SeccompEvent implements StraceEvent {
    private final Tracee tracee;
    private final int pid;
    private final long timeNanos;
    private final int data;

    /**
     * A seccomp stop with the filter's {@code SECCOMP_RET_DATA}.
     *
     * @param tracee the tracee (thread) the event belongs to
     * @param timeNanos when the tracer saw it, in nanoseconds since the epoch
     * @param data the 16 bits of {@code SECCOMP_RET_DATA}
     */
    public SeccompEvent(Tracee tracee, long timeNanos, int data) {
        this.tracee = tracee;
        this.pid = tracee.pid();
        this.timeNanos = timeNanos;
        this.data = data;
    }

    @Override
    public Tracee tracee() {
        return tracee;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public long timeNanos() {
        return timeNanos;
    }

    /** {@return the {@code SECCOMP_RET_DATA} of the filter's verdict} */
    public int data() {
        return data;
    }

    @Override
    public String toString() {
        return "--- SECCOMP_RET_TRACE {data=" + data + "} ---";
    }
}
