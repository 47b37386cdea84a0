package dev.ptrace.strace;

import dev.ptrace.Tracee;

/**
 * A new process or thread is traced: a child of a traced process, followed with
 * {@link StraceOptions#followChildren()}. Reported once, before any other event of that tracee; its
 * {@code toString()} is strace's notice for it, {@code Process 1234 attached}.
 *
 * @param tracee the new tracee
 * @param parentPid the thread that created it, 0 if its first stop came before its creator's fork event
 * @param timeNanos when the tracer first saw it, in nanoseconds since the epoch
 */
public record AttachEvent(Tracee tracee, int parentPid, long timeNanos) implements StraceEvent {

    @Override
    public int pid() {
        return tracee.pid();
    }

    @Override
    public String toString() {
        return "Process " + pid() + " attached";
    }
}
