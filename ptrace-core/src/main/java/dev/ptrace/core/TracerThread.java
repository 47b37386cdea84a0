package dev.ptrace.core;

import dev.ptrace.PtraceException;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one platform thread of a tracer, which makes every ptrace and wait call: its task queue, its doorbell and
 * its wait loop ("pump").
 *
 * <p>When idle, the thread blocks in {@code waitpid(-1, __WALL | __WNOTHREAD | WSTOPPED)}: {@code __WNOTHREAD}
 * keeps it to the children and tracees of this very thread, so it never reaps a process the application started
 * itself, and no other JVM thread can take its stops. Each wait status goes to the {@link Loop}. Work from other
 * threads is queued as tasks; to wake the blocked {@code waitpid}, the thread keeps a "doorbell": an idle child
 * (the {@link StubProgram} with no target, named {@value Spawner#DOORBELL_NAME}) which it stops with SIGSTOP. Its
 * stop wakes the wait, the thread continues the doorbell and runs the tasks. Before blocking, the thread may poll
 * {@code waitpid(WNOHANG)} (and the task queue) for a few dozen microseconds, when {@link WaitSpin} measures that
 * this is faster; a task queued while it polls needs no ring.
 */
final class TracerThread implements TracerExecutor {
    static final int WAIT_ALL = Linux.WALL | Linux.WNOTHREAD | Linux.WSTOPPED;
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    /** What the thread does with the wait statuses it collects, and when it fails. */
    interface Loop {
        /**
         * One wait status of a tracee (or of a child released earlier), with the system CPU time of its process in
         * microseconds when {@link #recordCpuTimes} is on (-1 otherwise). Must not throw.
         */
        void dispatch(int pid, int status, long systemCpuMicros);

        /** The thread failed: release every tracee. */
        void shutdown();

        /** The thread ends: wake every waiter. */
        void ended();
    }

    private final NativeCalls calls;
    private final Spawner spawner;
    /** Children this thread spawned and then detached: reaped after close (see {@link #reapReleasedChildren}). */
    private Set<Integer> releasedChildren;
    private final Thread thread;
    private final ConcurrentLinkedQueue<FutureTask<?>> tasks = new ConcurrentLinkedQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);
    /** Counted down when the thread has released everything (it may live on to reap). */
    private final CountDownLatch finished = new CountDownLatch(1);
    private final int[] status = new int[1];
    /** ru_utime and ru_stime (microseconds) reported with the last wait status, when {@link #cpuTimes} is on. */
    private final long[] cpuMicros = {-1, -1};
    /** Whether the waits ask for the CPU times ({@link #recordCpuTimes}). */
    private volatile boolean cpuTimes;
    private final WaitSpin spin = WaitSpin.forThisMachine();
    private volatile Throwable startFailure;
    private volatile boolean blockedInWait;
    private volatile boolean closed;
    /** Set by {@link #wakeUp()}, cleared by the wait it ends. */
    private volatile boolean wakeRequested;
    private Loop loop;
    private int doorbellPid;
    private int doorbellFd = -1;

    TracerThread(NativeCalls calls, Spawner spawner) {
        this.calls = calls;
        this.spawner = spawner;
        this.thread = new Thread(this::run, "ptrace-tracer-" + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
    }

    /** Starts the thread with its doorbell; returns once it runs. {@code released}: see the field. */
    void start(Loop body, Set<Integer> released) {
        this.loop = body;
        this.releasedChildren = released;
        thread.start();
        awaitUninterruptibly(started);
        if (startFailure != null) {
            throw startFailure instanceof PtraceException p ? p
                    : new PtraceException("the tracer thread could not start: " + startFailure, startFailure);
        }
    }

    private void run() {
        try {
            startDoorbell();
        } catch (Throwable t) {
            startFailure = t;
            closed = true;
            finished.countDown();
            started.countDown();
            return;
        }
        started.countDown();
        try {
            while (!closed) {
                runTasks();
                if (!closed) {
                    pump(true, false);
                }
            }
        } catch (Throwable t) {
            System.getLogger(TracerThread.class.getName()).log(System.Logger.Level.ERROR,
                    "ptrace tracer thread failed; releasing every tracee", t);
            loop.shutdown();
        } finally {
            closed = true;
            stopDoorbell();
            FutureTask<?> f;
            while ((f = tasks.poll()) != null) {
                f.cancel(false);
            }
            loop.ended();
            finished.countDown();
        }
        reapReleasedChildren();
    }

    /**
     * Processes this thread spawned and then detached are its children: once it ends, the kernel hands them to
     * another JVM thread, and nobody in the JVM would reap them. So after close() the thread lives on (a daemon,
     * doing nothing else) until each of them has exited and been reaped.
     */
    private void reapReleasedChildren() {
        while (!releasedChildren.isEmpty()) {
            try {
                int pid = calls.waitpid(-1, status, Linux.WALL | Linux.WNOTHREAD);
                if (WaitBits.ended(status[0])) {
                    releasedChildren.remove(pid);
                }
            } catch (NativeCallException e) {
                if (e.errno() == Linux.ECHILD) {
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The doorbell

    private void startDoorbell() {
        Spawner.Started s = spawner.startIdle();
        doorbellPid = s.pid();
        doorbellFd = s.controlWriteFd();
    }

    private void stopDoorbell() {
        if (doorbellPid > 0) {
            try {
                calls.kill(doorbellPid, Linux.SIGKILL);
                calls.waitpid(doorbellPid, status, Linux.WALL);
            } catch (NativeCallException e) {
                // already gone
            }
            doorbellPid = 0;
        }
        if (doorbellFd >= 0) {
            try {
                calls.close(doorbellFd);
            } catch (NativeCallException e) {
                // nothing to release
            }
            doorbellFd = -1;
        }
    }

    /**
     * Handles a wait status if it is the doorbell's: continues it after a ring, and replaces it when it died (with
     * {@code replace}; not while closing). Returns whether it was the doorbell's.
     */
    boolean doorbellStatus(int pid, int raw, boolean replace) {
        if (pid != doorbellPid) {
            return false;
        }
        if (WaitBits.stopped(raw)) {
            try {
                calls.kill(pid, Linux.SIGCONT);
            } catch (NativeCallException e) {
                // it died meanwhile; the exit status comes next
            }
        } else if (WaitBits.ended(raw)) {
            doorbellPid = 0;
            if (replace && !closed) {
                stopDoorbell();
                startDoorbell();
            }
        }
        return true;
    }

    /** SIGSTOP rings the doorbell; SIGKILL replaces it (see {@link #onTracer}). */
    private void ring(int signal) {
        int pid = doorbellPid;
        if (pid > 0) {
            try {
                calls.kill(pid, signal);
            } catch (NativeCallException e) {
                // the doorbell is being replaced; the tracer thread will see the task at its next turn
            }
        }
    }

    /** Rings if the thread sleeps in its blocking wait. */
    void ringIfBlocked() {
        if (blockedInWait) {
            ring(Linux.SIGSTOP);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Tasks and the wait loop

    void runTasks() {
        FutureTask<?> f;
        while ((f = tasks.poll()) != null) {
            f.run();
        }
    }

    /**
     * Waits for one wait status (blocking unless {@code block} is false) and dispatches it; with {@code wakeable},
     * returns without one once {@link #wakeUp()} was called. Tracer thread only.
     */
    void pump(boolean block, boolean wakeable) {
        int pid;
        try {
            if (block) {
                long start = System.nanoTime();
                pid = poll(start, spin.budget(), wakeable);
                if (pid == 0) {
                    blockedInWait = true;
                    try {
                        if (!tasks.isEmpty() || closed || (wakeable && wakeRequested)) {
                            return;
                        }
                        pid = waitAll(WAIT_ALL);
                    } finally {
                        blockedInWait = false;
                    }
                }
                if (pid > 0) {
                    long now = System.nanoTime();
                    spin.stopTaken(now, now - start);
                }
            } else {
                pid = waitAll(WAIT_ALL | Linux.WNOHANG);
            }
        } catch (NativeCallException e) {
            if (e.errno() == Linux.ECHILD) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
                return;
            }
            if (e.errno() == Linux.EINTR) {
                return;
            }
            throw Kernel.fail(e, -1);
        }
        if (pid > 0 && !doorbellStatus(pid, status[0], true)) {
            loop.dispatch(pid, status[0], cpuTimes ? cpuMicros[1] : -1);
        }
    }

    /**
     * Polls for a wait status for up to {@code budget} nanoseconds (see {@link WaitSpin}); returns 0 when none
     * came, or as soon as a task is queued or (with {@code wakeable}) a wake-up asked for (neither is rung for
     * while the thread polls).
     */
    private int poll(long start, long budget, boolean wakeable) {
        if (budget <= 0) {
            return 0;
        }
        int pid;
        do {
            if (!tasks.isEmpty() || closed || (wakeable && wakeRequested)) {
                return 0;
            }
            pid = waitAll(WAIT_ALL | Linux.WNOHANG);
        } while (pid == 0 && System.nanoTime() - start < budget);
        return pid;
    }

    /** {@code waitpid(-1)}, or {@code wait4(-1)} with the CPU times when they are recorded. */
    private int waitAll(int options) {
        return cpuTimes ? calls.wait4(-1, status, options, cpuMicros) : calls.waitpid(-1, status, options);
    }

    /** Whether the waits from now on report the tracees' CPU times (see {@link dev.ptrace.Tracer#recordCpuTimes}). */
    void recordCpuTimes(boolean on) {
        cpuTimes = on;
    }

    /** Caps the polling before each blocking wait (0: never poll). */
    void limitPolling(long nanos) {
        spin.limit(nanos);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Wake-ups, closing

    /** Asks a wakeable wait to return. */
    void wakeUp() {
        wakeRequested = true;
        ringIfBlocked();
    }

    boolean wakeRequested() {
        return wakeRequested;
    }

    /** Clears a pending wake-up; returns whether there was one. */
    boolean consumeWakeUp() {
        if (!wakeRequested) {
            return false;
        }
        wakeRequested = false;
        return true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Ends the loop after the current task. Tracer thread. */
    void markClosed() {
        closed = true;
    }

    /** Waits until the thread has released everything. */
    void join() {
        awaitUninterruptibly(finished);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Running work on the tracer thread

    @Override
    public boolean isTracerThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public <T> T onTracer(Callable<T> action) {
        if (Thread.currentThread() == thread) {
            try {
                return action.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new PtraceException("the action failed: " + e, e);
            }
        }
        if (closed) {
            throw new IllegalStateException("this tracer is closed");
        }
        FutureTask<T> f = new FutureTask<>(action);
        tasks.add(f);
        ringIfBlocked();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if ((closed || !thread.isAlive()) && tasks.remove(f)) {
                        throw new IllegalStateException("this tracer is closed");
                    }
                    if (blockedInWait && tasks.contains(f)) {
                        // A ring that was not heard: another tracer traces this JVM's children too (strace -f
                        // on the JVM), so the doorbell's stop went to it. Its death comes to us in any case,
                        // and the tracer thread starts a new doorbell.
                        ring(Linux.SIGKILL);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (CancellationException e) {
                    throw new IllegalStateException("this tracer is closed", e);
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new PtraceException("the action failed: " + c, c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
