package dev.ptrace.strace;

/**
 * Lets another thread end a trace early (for example a SIGINT handler): attached processes are detached and keep
 * running, spawned ones are killed. Thread-safe.
 */
public final class TraceControl {
    private volatile boolean stopRequested;

    /** Asks the trace to end at its next opportunity (within about 100 ms). */
    public void requestStop() {
        stopRequested = true;
    }

    /** {@return whether {@link #requestStop()} was called} */
    public boolean isStopRequested() {
        return stopRequested;
    }
}
