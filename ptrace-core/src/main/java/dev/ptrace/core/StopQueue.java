package dev.ptrace.core;

import dev.ptrace.Stop;
import dev.ptrace.Tracee;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stops decoded by the tracer thread and not yet handed to the user, oldest first. Its size is bounded by the
 * number of tracees: a stopped thread reports nothing more until it is resumed.
 */
final class StopQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final ArrayDeque<Stop> stops = new ArrayDeque<>();
    /**
     * The number of stops queued, written under the lock: read without it, it lets the tracer thread's own loop
     * (which takes each stop right after queueing it) pass over the lock when the queue is empty.
     */
    private volatile int size;
    /** Threads waiting in {@link #take}; written under the lock. */
    private int waiters;

    void add(Stop stop) {
        add(null, stop);
    }

    /**
     * Queues a stop of {@code t} (null: the stop's tracee is not a handle), which is now at it ({@link TraceeHandle#stopped}). Both happen under the lock
     * that {@link #take} checks its condition under: a waiter never sees a tracee that has ended (no longer
     * attached) before its end is queued, which it would take for "nothing left to wait for".
     */
    void add(TraceeHandle t, Stop stop) {
        lock.lock();
        try {
            if (t != null) {
                t.stopped(stop);
            }
            stops.addLast(stop);
            size = stops.size();
            if (waiters > 0) {
                added.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the oldest stop (of {@code tracee}, or of any tracee if null), or null. */
    Stop poll(Tracee tracee) {
        if (size == 0) {
            return null;
        }
        lock.lock();
        try {
            return removeFirst(tracee);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a stop (of {@code tracee}, or of any if null) is there or the deadline passes; never waits for
     * the tracer thread's own pump, so only other threads call it. Gives up early when {@code worthWaiting}
     * turns false (nothing is left that could report a stop).
     */
    Stop take(Tracee tracee, long deadlineNanos, BooleanSupplier worthWaiting) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                Stop s = removeFirst(tracee);
                if (s != null) {
                    return s;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0 || !worthWaiting.getAsBoolean()) {
                    return null;
                }
                waiters++;
                try {
                    added.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                } finally {
                    waiters--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops the non-terminal stops of a tracee (it was resumed or detached, so they are stale). */
    void discardStale(Tracee tracee) {
        if (size == 0) {
            return; // the usual case, at each resume: no lock, no iterator
        }
        lock.lock();
        try {
            for (Iterator<Stop> it = stops.iterator(); it.hasNext(); ) {
                Stop s = it.next();
                if (s.tracee() == tracee && !s.isTerminal()) {
                    it.remove();
                }
            }
            size = stops.size();
        } finally {
            lock.unlock();
        }
    }

    /** Drops every stop of a tracee. */
    void discardAll(Tracee tracee) {
        lock.lock();
        try {
            stops.removeIf(s -> s.tracee() == tracee);
            size = stops.size();
        } finally {
            lock.unlock();
        }
    }

    boolean hasStopFor(Tracee tracee) {
        lock.lock();
        try {
            return peek(tracee) != null;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiters so they re-check their exit conditions. */
    void wakeAll() {
        lock.lock();
        try {
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Stop peek(Tracee tracee) {
        for (Stop s : stops) {
            if (tracee == null || s.tracee() == tracee) {
                return s;
            }
        }
        return null;
    }

    private Stop removeFirst(Tracee tracee) {
        Stop first = stops.peekFirst();
        if (first == null) {
            return null;
        }
        if (tracee == null || first.tracee() == tracee) { // the usual case: no iterator
            stops.pollFirst();
            size = stops.size();
            return first;
        }
        for (Iterator<Stop> it = stops.iterator(); it.hasNext(); ) {
            Stop s = it.next();
            if (tracee == null || s.tracee() == tracee) {
                it.remove();
                size = stops.size();
                return s;
            }
        }
        return null;
    }
}
