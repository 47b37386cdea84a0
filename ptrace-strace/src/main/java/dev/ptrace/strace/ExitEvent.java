package dev.ptrace.strace;

import dev.ptrace.Signal;
import dev.ptrace.Tracee;
import java.util.Optional;

/**
 * The end of a tracee: it exited ({@code +++ exited with 0 +++}), was killed ({@code +++ killed by SIGKILL +++}),
 * or was replaced by another thread's execve ({@code +++ superseded by execve in pid 12 +++}).
 */
public final class ExitEvent implements StraceEvent {
    /** The call stack ({@code -k}): set by the trace session before the event is handed out, never after. */
    private StackTrace stack;


    /** How the tracee ended. */
    public enum Kind {
        /** It exited: {@code +++ exited with 0 +++}. */
        EXITED,
        /** A signal killed it: {@code +++ killed by SIGKILL +++}. */
        KILLED,
        /** Another thread of its process exec'd, which ends every other thread. */
        SUPERSEDED,
        /** The tracer let the process go on untraced ({@code -b execve}); strace prints no line of its own. */
        DETACHED
    }

    private final Tracee tracee;
    private final int pid;
    private final long timeNanos;
    private final Kind kind;
    private final int status;
    private final Signal signal;
    private final boolean coreDumped;
    private final boolean shown;

    private ExitEvent(Tracee tracee, int pid, long timeNanos, Kind kind, int status, Signal signal,
                      boolean coreDumped, boolean shown) {
        this.tracee = tracee;
        this.pid = pid;
        this.timeNanos = timeNanos;
        this.kind = kind;
        this.status = status;
        this.signal = signal;
        this.coreDumped = coreDumped;
        this.shown = shown;
    }

    /**
     * The tracee exited with an exit status.
     *
     * @param tracee the tracee (thread) the event belongs to
     * @param timeNanos when the tracer saw it, in nanoseconds since the epoch
     * @param status the exit status, 0 to 255
     * @return the event
     */
    public static ExitEvent exited(Tracee tracee, long timeNanos, int status) {
        return new ExitEvent(tracee, tracee.pid(), timeNanos, Kind.EXITED, status, null, false, true);
    }

    /**
     * The tracee was killed by a signal.
     *
     * @param tracee the tracee (thread) the event belongs to
     * @param timeNanos when the tracer saw it, in nanoseconds since the epoch
     * @param signal the signal that killed it
     * @param coreDumped whether it dumped core
     * @param shown whether strace prints its line: false when {@code -e signal=} leaves {@code signal} out
     * @return the event
     */
    public static ExitEvent killed(Tracee tracee, long timeNanos, Signal signal, boolean coreDumped,
                                   boolean shown) {
        return new ExitEvent(tracee, tracee.pid(), timeNanos, Kind.KILLED, 0, signal, coreDumped, shown);
    }

    /**
     * The process's old leader thread is gone because another of its threads exec'd and took over the process id:
     * strace prints {@code +++ superseded by execve in pid FORMER +++} on the process id's line, naming the thread
     * id the exec'ing thread had before.
     *
     * @param tracee the thread that exec'd, which now has the process id
     * @param formerPid the thread id it had before the execve
     * @param timeNanos when the tracer saw it, in nanoseconds since the epoch
     * @return the event
     */
    public static ExitEvent superseded(Tracee tracee, int formerPid, long timeNanos) {
        return new ExitEvent(tracee, tracee.pid(), timeNanos, Kind.SUPERSEDED, formerPid, null, false, true);
    }

    /**
     * {@return the event of a process the tracer detached from while it lived on ({@code -b execve})}
     *
     * @param tracee the process, no longer traced
     * @param timeNanos when
     */
    public static ExitEvent detached(Tracee tracee, long timeNanos) {
        return new ExitEvent(tracee, tracee.pid(), timeNanos, Kind.DETACHED, 0, null, false, false);
    }

    /** {@return for SUPERSEDED, the thread id the exec'ing thread had before the execve; else 0} */
    public int formerPid() {
        return kind == Kind.SUPERSEDED ? status : 0;
    }

    @Override
    public Tracee tracee() {
        return tracee;
    }

    /** The thread that ended (for SUPERSEDED, the former thread id). */
    @Override
    public int pid() {
        return pid;
    }

    @Override
    public long timeNanos() {
        return timeNanos;
    }

    /** {@return how the tracee ended} */
    public Kind kind() {
        return kind;
    }

    /** {@return the exit status (EXITED)} */
    public int status() {
        return kind == Kind.EXITED ? status : 0;
    }

    /** {@return the killing signal (KILLED)} */
    public Optional<Signal> signal() {
        return Optional.ofNullable(signal);
    }

    /**
     * {@return whether strace prints a line for this end; false for a death by a signal that {@code -e signal=}
     * leaves out (strace prints neither that signal's {@code ---} line nor its {@code +++ killed by} line)}
     */
    public boolean shown() {
        return shown;
    }

    /** {@return whether a killed tracee dumped core} */
    public boolean coreDumped() {
        return coreDumped;
    }

    @Override
    public String toString() {
        switch (kind) {
            case EXITED:
                return "+++ exited with " + status + " +++";
            case KILLED:
                return "+++ killed by " + signal.name() + (coreDumped ? " (core dumped)" : "") + " +++";
            case DETACHED:
                return "Process " + pid + " detached";
            default:
                return "+++ superseded by execve in pid " + status + " +++";
        }
    }

    @Override
    public java.util.Optional<StackTrace> stackTrace() {
        return java.util.Optional.ofNullable(stack);
    }

    /** Gives the event its call stack; returns it. */
    ExitEvent withStackTrace(StackTrace trace) {
        this.stack = trace;
        return this;
    }
}
