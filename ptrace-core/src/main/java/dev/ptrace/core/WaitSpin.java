package dev.ptrace.core;

/**
 * Whether, and how long, the tracer thread polls ({@code waitpid(..., WNOHANG)}) for the next wait status before
 * it blocks.
 *
 * <p>A tracee resumed at a syscall stop usually stops again within microseconds. If the tracer thread blocks in
 * the meantime and the tracee runs on another CPU, the tracer's CPU goes idle and each stop must wake it across
 * CPUs, which on small virtual machines costs several times the stop itself. Measured with bench/floor.c on 2
 * vCPUs, a {@code dd bs=1} loop: 45 us per stop blocking, 14 us polling (a poll found the stop after 10 us on
 * average). But when the scheduler can keep tracer and tracee on one CPU (fork-heavy shell scripts), blocking is
 * cheaper, and polling only keeps the tracees off the tracer's CPU (the same loop of 1000 {@code /bin/true}: 1.2 s
 * blocking, 1.9 s polling). Neither choice is right for every workload, so this class measures: it times
 * {@value #WINDOW} stops polling and {@value #WINDOW} stops blocking, keeps the faster way for the next
 * {@value #FIRST_KEEP} windows of stops, then measures again. Each time the same way wins again it is kept twice
 * as long (up to {@value #LONGEST_KEEP} windows), so a steady workload pays for the slower way's window rarely.
 *
 * <p>While polling, a tracee that blocks (sleep, a pipe, the network) would make every poll a waste of CPU: after
 * {@value #GIVE_UP_AFTER} waits in a row longer than the limit the thread stops polling, and starts again after the
 * first wait that a poll would have caught. With a zero limit (a one-CPU JVM, after {@code pinToCpu}, or when the
 * user turns it off) the thread always blocks. Tracer thread only, except {@link #limit(long)}.
 */
final class WaitSpin {
    /** The default limit on a JVM that may use more than one CPU: five times the usual poll measured above. */
    static final long DEFAULT_NANOS = 50_000;
    static final int GIVE_UP_AFTER = 8;
    /** Stops per measuring window. */
    static final int WINDOW = 64;
    /** Windows that keep the faster way before both are measured again, at first and at most. */
    static final int FIRST_KEEP = 16;
    static final int LONGEST_KEEP = 256;

    private volatile long limitNanos;
    private int longWaits;

    /** Window number within the cycle: 0 measures polling, 1 measures blocking, the rest keep the faster one. */
    private int window;
    private int stopsInWindow;
    private long windowStart;
    private long pollingWindowNanos;
    private boolean polling = true;
    private boolean lastWinnerPolling = true;
    private int keep = FIRST_KEEP;

    WaitSpin(long limitNanos) {
        limit(limitNanos);
    }

    /** The default for this JVM: {@link #DEFAULT_NANOS} if it may use more than one CPU, otherwise zero. */
    static WaitSpin forThisMachine() {
        return new WaitSpin(Runtime.getRuntime().availableProcessors() > 1 ? DEFAULT_NANOS : 0);
    }

    /** Sets the limit; zero turns polling off. */
    void limit(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("the polling limit must not be negative, was " + nanos + " ns");
        }
        limitNanos = nanos;
    }

    long limit() {
        return limitNanos;
    }

    /** {@return how long to poll before the next blocking wait, zero for not at all} */
    long budget() {
        return polling && longWaits < GIVE_UP_AFTER ? limitNanos : 0;
    }

    /**
     * Records a wait status taken at {@code now} after a wait of {@code waitedNanos} (polling and blocking
     * together), and decides how the next waits go.
     */
    void stopTaken(long now, long waitedNanos) {
        if (waitedNanos <= limitNanos) {
            longWaits = 0;
        } else if (longWaits < GIVE_UP_AFTER) {
            longWaits++;
        }
        if (stopsInWindow++ == 0) {
            windowStart = now;
            return;
        }
        if (stopsInWindow <= WINDOW) {
            return;
        }
        long took = now - windowStart;
        stopsInWindow = 1;
        windowStart = now;
        if (window == 0) {
            pollingWindowNanos = took;
            polling = false;
        } else if (window == 1) {
            polling = pollingWindowNanos <= took;
            keep = polling == lastWinnerPolling ? Math.min(keep * 2, LONGEST_KEEP) : FIRST_KEEP;
            lastWinnerPolling = polling;
        }
        window++;
        if (window == 2 + keep) {
            window = 0;
            polling = true;
        }
    }

    /** {@return whether the thread polls at all now (the last measurement found it faster)} */
    boolean polling() {
        return polling;
    }
}
