package dev.ptrace.core;

import dev.ptrace.Stop;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The wait calls of a tracer: on the tracer thread they run its tasks and pump wait statuses themselves, on any
 * other thread they wait for the stops the tracer thread queues. A failure met while decoding a stop is handed to
 * the next caller.
 */
final class StopWaiter {
    private final TracerThread thread;
    private final TraceeTable table;
    private final StopQueue stops;
    /** A failure met while decoding a stop, handed to the next caller of a wait method. */
    private volatile RuntimeException failure;

    StopWaiter(TracerThread thread, TraceeTable table) {
        this.thread = thread;
        this.table = table;
        this.stops = table.stops();
    }

    /** Keeps the first failure met while decoding, for the next wait; wakes the waiters. */
    void failed(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        stops.wakeAll();
    }

    /** Next stop of one tracee (or of any if {@code only} is null); {@code timeout} null waits without limit. */
    Optional<Stop> waitFor(TraceeHandle only, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : deadlineAfter(timeout);
        boolean wakeable = only == null && timeout != null;
        throwPendingFailure();
        Stop s;
        if (thread.isTracerThread()) {
            s = pumpUntil(only, deadline, wakeable);
        } else {
            try {
                s = stops.take(only, deadline, () -> worthWaiting(only) && !(wakeable && thread.wakeRequested()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (s == null && wakeable) {
                thread.consumeWakeUp();
            }
        }
        if (s == null) {
            throwPendingFailure();
        } else if (s.isTerminal()) {
            table.remove((TraceeHandle) s.tracee());
        }
        return Optional.ofNullable(s);
    }

    /** Throws (once) a failure the tracer thread met while decoding a stop. */
    private void throwPendingFailure() {
        RuntimeException f = failure;
        if (f != null) {
            failure = null;
            throw f;
        }
    }

    private boolean worthWaiting(TraceeHandle only) {
        if (thread.isClosed() || failure != null) {
            return false;
        }
        return only == null ? !table.isEmpty() : only.isAttached() || stops.hasStopFor(only);
    }

    private Stop pumpUntil(TraceeHandle only, long deadline, boolean wakeable) {
        boolean timerSet = false;
        while (true) {
            thread.runTasks();
            Stop s = stops.poll(only);
            if (s != null) {
                return s;
            }
            if (!worthWaiting(only)) {
                return null;
            }
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                // time is up (or a zero timeout): take what the kernel has ready, without blocking, and stop
                thread.pump(false, false);
                thread.runTasks();
                return stops.poll(only);
            }
            if (deadline != Long.MAX_VALUE && !timerSet) {
                long delay = deadline - System.nanoTime();
                CompletableFuture.delayedExecutor(Math.max(delay, 0), TimeUnit.NANOSECONDS)
                        .execute(thread::ringIfBlocked);
                timerSet = true;
            }
            if (wakeable && thread.consumeWakeUp()) {
                return null;
            }
            thread.pump(true, wakeable);
        }
    }

    private static long deadlineAfter(Duration timeout) {
        long now = System.nanoTime();
        if (timeout.isNegative()) {
            return now;
        }
        if (timeout.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE; // no limit; checked, not caught: an event loop may wait like this at every stop
        }
        long d = now + timeout.toNanos();
        return d < now ? Long.MAX_VALUE : d;
    }

}
