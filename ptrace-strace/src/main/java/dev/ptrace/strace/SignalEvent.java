package dev.ptrace.strace;

import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;
import dev.ptrace.Tracee;
import java.util.Optional;

/**
 * A signal about to be delivered to a tracee ({@code --- SIGCHLD {si_signo=SIGCHLD, ...} ---}), or a tracee
 * stopped by a stop signal ({@code --- stopped by SIGSTOP ---}).
 */
public final class SignalEvent implements StraceEvent {
    /** The call stack ({@code -k}): set by the trace session before the event is handed out, never after. */
    private StackTrace stack;

    private final Tracee tracee;
    private final int pid;
    private final long timeNanos;
    private final Signal signal;
    private final SignalInfo info;
    private final boolean groupStop;
    private final ConstantStyle style;

    /**
     * A signal-delivery event ({@code info} present) or a group-stop event ({@code info} null).
     *
     * @param tracee the tracee (thread) the event belongs to
     * @param timeNanos when the tracer saw it, in nanoseconds since the epoch
     * @param signal the signal
     * @param info its siginfo, or null for a group-stop
     * @param groupStop whether the tracee stopped rather than received the signal
     */
    public SignalEvent(Tracee tracee, long timeNanos, Signal signal, SignalInfo info, boolean groupStop) {
        this(tracee, timeNanos, signal, info, groupStop, ConstantStyle.ABBREV);
    }

    /**
     * As {@link #SignalEvent(Tracee, long, Signal, SignalInfo, boolean)}, the siginfo's constants printed as
     * {@code style} says ({@code -X}).
     *
     * @param tracee the tracee (thread) the event belongs to
     * @param timeNanos when the tracer saw it, in nanoseconds since the epoch
     * @param signal the signal
     * @param info its siginfo, or null for a group-stop
     * @param groupStop whether the tracee stopped rather than received the signal
     * @param style how the siginfo's named constants are printed
     */
    public SignalEvent(Tracee tracee, long timeNanos, Signal signal, SignalInfo info, boolean groupStop,
                       ConstantStyle style) {
        this.style = style;
        this.tracee = tracee;
        this.pid = tracee.pid();
        this.timeNanos = timeNanos;
        this.signal = signal;
        this.info = info;
        this.groupStop = groupStop;
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

    /** {@return the signal} */
    public Signal signal() {
        return signal;
    }

    /** {@return the siginfo of a delivered signal; empty for a group-stop} */
    public Optional<SignalInfo> info() {
        return Optional.ofNullable(info);
    }

    /** {@return whether the tracee stopped (group-stop) rather than received the signal} */
    public boolean isGroupStop() {
        return groupStop;
    }

    @Override
    public String toString() {
        if (groupStop) {
            return "--- stopped by " + signal.name() + " ---";
        }
        StringBuilder sb = new StringBuilder("--- ").append(signal.name()).append(' ');
        dev.ptrace.strace.internal.SiginfoFormat.append(sb, info != null ? info
                : new SignalInfo(signal, 0, 0, 0, 0, 0, 0, 0, 0, 0), style);
        return sb.append(" ---").toString();
    }

    @Override
    public java.util.Optional<StackTrace> stackTrace() {
        return java.util.Optional.ofNullable(stack);
    }

    /** Gives the event its call stack; returns it. */
    SignalEvent withStackTrace(StackTrace trace) {
        this.stack = trace;
        return this;
    }
}
