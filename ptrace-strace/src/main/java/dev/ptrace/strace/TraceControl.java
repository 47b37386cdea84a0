package dev.ptrace.strace;

import dev.ptrace.Signal;
import dev.ptrace.Tracer;
import java.util.Optional;

/**
 * Lets another thread (a signal handler, for example) end a trace at once, even while every tracee runs without
 * making syscalls or sleeps in one: the request wakes the tracer thread's wait ({@link Tracer#wakeUp()}).
 * Thread-safe.
 */
public final class TraceControl {
    private volatile boolean stopRequested;
    private volatile boolean detach;
    private volatile Signal forwarded;
    private volatile Tracer tracer;

    /** Ends the trace at once: attached processes are detached and keep running, spawned ones are killed. */
    public synchronized void requestStop() {
        stopRequested = true;
        wake();
    }

    /**
     * Ends the trace at once the way strace obeys a fatal signal: the command the trace started (not its
     * descendants) gets SIGCONT and then {@code signal}, and every tracee, spawned or attached, is detached, none
     * killed. The first request wins.
     *
     * @param signal the signal to pass on to the command
     */
    public synchronized void requestStop(Signal signal) {
        if (!stopRequested) {
            forwarded = signal;
            detach = true;
        }
        requestStop();
    }

    /**
     * Ends the trace at once by detaching every tracee, the spawned ones too, which run on untraced (what the
     * kernel does to strace's tracees when strace is killed by a signal it does not catch). The first request
     * wins.
     */
    public synchronized void requestDetach() {
        if (!stopRequested) {
            detach = true;
        }
        requestStop();
    }

    /** {@return whether a stop was requested} */
    public boolean isStopRequested() {
        return stopRequested;
    }

    /** {@return whether the stop asked for detaching every tracee, spawned ones included} */
    boolean detachAll() {
        return detach;
    }

    /** {@return the signal {@link #requestStop(Signal)} asked to pass on, if that is how the stop was asked for} */
    Optional<Signal> forwardedSignal() {
        return Optional.ofNullable(forwarded);
    }

    /** Called by the session when it starts: from then on a request wakes its tracer. */
    void bind(Tracer t) {
        tracer = t;
    }

    private void wake() {
        Tracer t = tracer;
        if (t != null) {
            t.wakeUp();
        }
    }
}
