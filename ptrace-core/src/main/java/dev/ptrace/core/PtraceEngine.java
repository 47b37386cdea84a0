package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.ExecStrings;
import dev.ptrace.PtraceEvent;
import dev.ptrace.PtraceException;
import dev.ptrace.PtraceOption;
import dev.ptrace.RegisterSet;
import dev.ptrace.Registers;
import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.SyscallArgs;
import dev.ptrace.SyscallInfo;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeState;
import dev.ptrace.Tracer;
import dev.ptrace.WaitStatus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The tracing engine: one {@link Tracer} with its own platform thread, which makes every ptrace and wait call.
 *
 * <h2>The tracer thread</h2>
 * When idle, the thread blocks in {@code waitpid(-1, __WALL | __WNOTHREAD | WSTOPPED)}: {@code __WNOTHREAD} keeps
 * it to the children and tracees of this very thread, so it never reaps a process the application started itself,
 * and no other JVM thread can take its stops. Each wait status is decoded once into a {@link Stop} and queued for
 * the user. Work from other threads is queued as tasks; to wake the blocked {@code waitpid}, the engine keeps a
 * "doorbell": an idle child of the tracer thread (the {@link StubProgram} with no target) which it stops with
 * SIGSTOP. Its stop wakes the wait, the thread continues the doorbell and runs the tasks. Calls made on the tracer
 * thread itself ({@link #execute(Callable)}) run directly and pump stops themselves. Before blocking, the thread
 * may poll {@code waitpid(WNOHANG)} (and the task queue) for a few dozen microseconds, when {@link WaitSpin}
 * measures that this is faster; a task queued while it polls needs no ring.
 */
final class PtraceEngine implements Tracer {
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int WAIT_ALL = Linux.WALL | Linux.WNOTHREAD | Linux.WSTOPPED;
    private static final int ALWAYS_ON = PtraceOption.TRACESYSGOOD.bit() | PtraceOption.TRACEEXEC.bit();

    private final NativeCalls calls;
    private final String backend;
    private final Arch arch;
    private final Thread thread;
    private final ConcurrentLinkedQueue<FutureTask<?>> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Integer, TraceeHandle> tracees = new ConcurrentHashMap<>();
    private final StopQueue stops = new StopQueue();
    /** Children this thread spawned and then detached: their later wait statuses are reaped and ignored. */
    private final Set<Integer> releasedChildren = ConcurrentHashMap.newKeySet();
    private final CountDownLatch started = new CountDownLatch(1);
    /** Counted down when the tracer thread has released everything (it may live on to reap, see below). */
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Throwable startFailure;
    private volatile boolean blockedInWait;
    /** A failure met while decoding a stop, handed to the next caller of a wait method. */
    private volatile RuntimeException failure;
    private volatile boolean closed;
    private volatile boolean closeRequested;
    /** Set by {@link #wakeUp()}, cleared by the wait it ends. */
    private volatile boolean wakeRequested;

    // Tracer-thread-only state: scratch buffers reused for every stop.
    private final int[] status = new int[1];
    /** ru_utime and ru_stime (microseconds) reported with the last wait status, when {@link #cpuTimes} is on. */
    private final long[] cpuMicros = {-1, -1};
    /** Whether the tracer thread's waits ask for the CPU times ({@link #recordCpuTimes}). */
    private volatile boolean cpuTimes;
    private final ByteBuffer sigInfo = direct(Linux.SIGINFO_SIZE);
    private final ByteBuffer syscallInfo = direct(Linux.SYSCALL_INFO_SIZE);
    private final ByteBuffer eventMsg = direct(8);
    private final ByteBuffer regs = direct(1024);
    private final ByteBuffer scno = direct(4);
    private final ByteBuffer cpuMask = direct(8);
    private final Spawner spawner;
    private final SyscallInjector injector;
    /** Breakpoints, syscall tampering and seccomp inspection; its hooks run on the tracer thread. */
    final Debugger debugger;
    private boolean syscallInfoSupported = true;
    private int doorbellPid;
    private int doorbellFd = -1;
    private final WaitSpin spin = WaitSpin.forThisMachine();

    PtraceEngine(NativeCalls calls, String backend) {
        this(calls, backend, Arch.current());
    }

    PtraceEngine(NativeCalls calls, String backend, Arch arch) {
        this.calls = calls;
        this.backend = backend;
        this.arch = arch;
        this.spawner = new Spawner(calls, arch);
        this.injector = new SyscallInjector(this, arch);
        this.debugger = new Debugger(this, arch);
        this.thread = new Thread(this::run, "ptrace-tracer-" + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        awaitUninterruptibly(started);
        if (startFailure != null) {
            throw startFailure instanceof PtraceException p ? p
                    : new PtraceException("the tracer thread could not start: " + startFailure, startFailure);
        }
    }

    NativeCalls calls() {
        return calls;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The tracer thread

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
            System.getLogger(PtraceEngine.class.getName()).log(System.Logger.Level.ERROR,
                    "ptrace tracer thread failed; releasing every tracee", t);
            shutdown();
        } finally {
            closed = true;
            stopDoorbell();
            FutureTask<?> f;
            while ((f = tasks.poll()) != null) {
                f.cancel(false);
            }
            stops.wakeAll();
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
                WaitStatus ws = new WaitStatus(status[0]);
                if (ws.exited() || ws.signaled()) {
                    releasedChildren.remove(pid);
                }
            } catch (NativeCallException e) {
                if (e.errno() == Linux.ECHILD) {
                    return;
                }
            }
        }
    }

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

    private void ring() {
        int pid = doorbellPid;
        if (pid > 0) {
            try {
                calls.kill(pid, Linux.SIGSTOP);
            } catch (NativeCallException e) {
                // the doorbell is being replaced; the tracer thread will see the task at its next turn
            }
        }
    }

    /**
     * A ring that was not heard: the tracer thread still sleeps in waitpid with a task queued. That happens when
     * another tracer traces this JVM's children too (strace -f on the JVM): the doorbell's stop is then reported to
     * that tracer, not to us. Its death is reported to us in any case, and the tracer thread starts a new one.
     */
    private void ringHard() {
        int pid = doorbellPid;
        if (pid > 0) {
            try {
                calls.kill(pid, Linux.SIGKILL);
            } catch (NativeCallException e) {
                // already being replaced
            }
        }
    }

    private void runTasks() {
        FutureTask<?> f;
        while ((f = tasks.poll()) != null) {
            f.run();
        }
    }

    /**
     * Waits for one wait status (blocking unless {@code block} is false) and dispatches it; with {@code wakeable},
     * returns without one once {@link #wakeUp()} was called. Tracer thread only.
     */
    private void pump(boolean block, boolean wakeable) {
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
            throw Errors.translate(e, -1);
        }
        if (pid > 0) {
            try {
                TraceeHandle t = tracees.get(pid);
                if (t != null) {
                    t.systemCpuMicros = cpuTimes ? cpuMicros[1] : -1;
                }
                dispatch(pid, status[0]);
            } catch (RuntimeException e) {
                // One tracee's stop that cannot be decoded must not end the session: the next wait reports it.
                if (failure == null) {
                    failure = e;
                }
                stops.wakeAll();
            }
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

    /** Throws (once) a failure the tracer thread met while decoding a stop. */
    private void throwPendingFailure() {
        RuntimeException f = failure;
        if (f != null) {
            failure = null;
            throw f;
        }
    }

    /** Turns one wait status into a queued stop, keeping the per-tracee state. */
    void dispatch(int pid, int raw) {
        WaitStatus ws = new WaitStatus(raw);
        if (pid == doorbellPid) {
            if (ws.stopped()) {
                try {
                    calls.kill(pid, Linux.SIGCONT);
                } catch (NativeCallException e) {
                    // it died meanwhile; the exit status comes next
                }
            } else if (ws.exited() || ws.signaled()) {
                doorbellPid = 0;
                if (!closed) {
                    stopDoorbell();
                    startDoorbell();
                }
            }
            return;
        }
        TraceeHandle t = tracees.get(pid);
        if (t == null) {
            if (ws.stopped() && ws.event() == Linux.PTRACE_EVENT_STOP && !releasedChildren.contains(pid)) {
                // A new child can report its first stop before its parent reports the fork.
                t = adoptChild(pid, null);
            } else {
                if (ws.exited() || ws.signaled()) {
                    releasedChildren.remove(pid);
                }
                return;
            }
        }
        Stop stop = decode(t, ws);
        if (stop != null && !debugger.consume(t, stop)) {
            deliver(t, stop);
        }
    }

    private void deliver(TraceeHandle t, Stop stop) {
        if (stop.isTerminal()) {
            t.state = TraceeState.EXITED;
            t.currentStop = null;
        } else {
            t.state = TraceeState.STOPPED;
            t.currentStop = stop;
        }
        stops.add(stop);
    }

    private Stop decode(TraceeHandle t, WaitStatus ws) {
        if (ws.exited()) {
            return new Stop.Exited(t, ws.exitStatus());
        }
        if (ws.signaled()) {
            return new Stop.Killed(t, Signal.of(ws.termSignal()), ws.coreDumped());
        }
        if (!ws.stopped()) {
            return null;
        }
        int sig = ws.stopSignal();
        int event = ws.event();
        if (sig == Linux.SYSCALL_TRAP && event == 0) {
            return decodeSyscallStop(t);
        }
        if (event == Linux.PTRACE_EVENT_STOP) {
            if (t.expectInitialStop) {
                t.expectInitialStop = false;
                debugger.onNewTracee(t);
                return new Stop.EventStop(t, PtraceEvent.STOP, 0);
            }
            Signal s = Signal.of(sig & 0x7f);
            return s.isStopSignal() ? new Stop.GroupStop(t, s) : new Stop.EventStop(t, PtraceEvent.STOP, 0);
        }
        if (event != 0) {
            return decodeEvent(t, event);
        }
        Signal signal = Signal.of(sig & 0x7f);
        try {
            calls.ptrace(Linux.PTRACE_GETSIGINFO, t.pid(), 0, sigInfo);
        } catch (NativeCallException e) {
            if (e.errno() == Linux.EINVAL) {
                return new Stop.GroupStop(t, signal);
            }
            if (e.errno() == Linux.ESRCH) {
                return null; // killed meanwhile: its exit status follows
            }
            throw Errors.translate(e, t.pid());
        }
        return debugger.signalStop(t, new Stop.SignalDelivery(t, signal, Structs.signalInfo(sigInfo)));
    }

    private Stop decodeEvent(TraceeHandle t, int event) {
        PtraceEvent kind = PtraceEvent.of(event).orElse(null);
        if (kind == null) {
            return new Stop.EventStop(t, PtraceEvent.STOP, event);
        }
        long msg;
        try {
            msg = readEventMessage(t.pid());
        } catch (NativeCallException e) {
            if (e.errno() == Linux.ESRCH) {
                return null;
            }
            throw Errors.translate(e, t.pid());
        }
        switch (kind) {
            case FORK:
            case VFORK:
                // a new process: it leads its own thread group (no /proc read needed to know it)
                adoptChild((int) msg, t).knownProcessId((int) msg);
                break;
            case CLONE:
                adoptChild((int) msg, t);
                break;
            case EXEC:
                int former = (int) msg;
                if (former != t.pid()) {
                    // A non-leader thread exec'd and took the leader's thread id (ptrace(2) "execve under ptrace").
                    TraceeHandle gone = tracees.remove(former);
                    if (gone != null) {
                        t.syscallNumber = gone.syscallNumber;
                        t.inSyscall = gone.inSyscall;
                        gone.state = TraceeState.EXITED;
                        gone.currentStop = null;
                        stops.discardAll(gone);
                    }
                }
                debugger.onExec(t);
                break;
            case SECCOMP:
                msg &= 0xffff;
                if (t.seccompFiltered && msg == SeccompAccelerator.OUR_DATA) {
                    return filteredSyscallEntry(t);
                }
                break;
            default:
                break;
        }
        return new Stop.EventStop(t, kind, msg);
    }

    /**
     * A stop of the engine's own seccomp filter stands for a syscall entry. If the entry was already reported
     * (the tracee was resumed with PTRACE_SYSCALL, so an entry stop came first), it is passed over.
     */
    private Stop filteredSyscallEntry(TraceeHandle t) {
        try {
            if (t.inSyscall) {
                calls.ptrace(Linux.PTRACE_SYSCALL, t.pid(), 0, 0);
                return null;
            }
            calls.ptrace(Linux.PTRACE_GET_SYSCALL_INFO, t.pid(), Linux.SYSCALL_INFO_SIZE, syscallInfo);
        } catch (NativeCallException e) {
            if (e.errno() == Linux.ESRCH) {
                return null; // killed meanwhile: its exit status follows
            }
            throw Errors.translate(e, t.pid());
        }
        return entryStop(t);
    }

    /**
     * The syscall-entry stop that {@code syscallInfo} holds (ENTRY and SECCOMP share the layout: ip @8, sp @16,
     * nr @24, args @32), read straight from the buffer: this runs at every traced syscall.
     */
    private Stop.SyscallEntry entryStop(TraceeHandle t) {
        int number = (int) syscallInfo.getLong(24);
        t.syscallNumber = number;
        t.inSyscall = true;
        return new Stop.SyscallEntry(t, archOf(syscallInfo.getInt(4)), number, Structs.args(syscallInfo),
                syscallInfo.getLong(8), syscallInfo.getLong(16));
    }

    private TraceeHandle adoptChild(int childPid, TraceeHandle parent) {
        TraceeHandle child = tracees.get(childPid);
        if (child == null) {
            int bits = parent != null ? parent.optionBits : ALWAYS_ON;
            boolean kill = parent != null && parent.killOnClose;
            child = new TraceeHandle(this, childPid, false, bits, kill);
            child.expectInitialStop = true;
            child.seccompFiltered = parent != null && parent.seccompFiltered;
            child.creatorProcessId = parent != null ? parent.processId() : 0;
            tracees.put(childPid, child);
        } else if (parent != null) {
            child.creatorProcessId = parent.processId();
            child.optionBits = parent.optionBits;
            child.killOnClose = parent.killOnClose;
            child.seccompFiltered = parent.seccompFiltered;
        }
        return child;
    }

    private long readEventMessage(int pid) {
        calls.ptrace(Linux.PTRACE_GETEVENTMSG, pid, 0, eventMsg);
        return eventMsg.getLong(0);
    }

    /**
     * Entry or exit, as the kernel says ({@code PTRACE_GET_SYSCALL_INFO}); before Linux 5.3, from the registers:
     * aarch64 marks entry/exit in x7, and on x86_64 only an entry has rax = -ENOSYS (an exit returning -ENOSYS is
     * told apart by the previous stop).
     */
    private Stop decodeSyscallStop(TraceeHandle t) {
        if (syscallInfoSupported) {
            try {
                calls.ptrace(Linux.PTRACE_GET_SYSCALL_INFO, t.pid(), Linux.SYSCALL_INFO_SIZE, syscallInfo);
                int op = syscallInfo.get(0) & 0xff;
                if (op == Linux.PTRACE_SYSCALL_INFO_ENTRY) {
                    return entryStop(t);
                }
                if (op == Linux.PTRACE_SYSCALL_INFO_EXIT) {
                    t.inSyscall = false;
                    return new Stop.SyscallExit(t, archOf(syscallInfo.getInt(4)), t.syscallNumber,
                            syscallInfo.getLong(24), syscallInfo.get(32) != 0);
                }
            } catch (NativeCallException e) {
                if (e.errno() == Linux.ESRCH) {
                    return null;
                }
                if (e.errno() != Linux.EIO && e.errno() != Linux.EINVAL) {
                    throw Errors.translate(e, t.pid());
                }
                syscallInfoSupported = false;
            }
        }
        RegisterSet r = readRegisters(t.pid());
        boolean entry = arch == Arch.AARCH64 ? r.get("x7") == 0
                : r.returnValue() == -Linux.ENOSYS && !t.inSyscall;
        if (entry) {
            t.syscallNumber = (int) r.syscallNumber();
            t.inSyscall = true;
            return new Stop.SyscallEntry(t, arch, t.syscallNumber, SyscallArgs.of(r), r.programCounter(),
                    r.stackPointer());
        }
        t.inSyscall = false;
        long rv = r.returnValue();
        return new Stop.SyscallExit(t, arch, t.syscallNumber, rv, rv < 0 && rv >= -4095);
    }

    private Arch archOf(int auditArch) {
        return auditArch == arch.auditArch() ? arch : Arch.ofAuditArch(auditArch).orElse(arch);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Running work on the tracer thread

    /** Runs an action on the tracer thread (directly when already on it) and returns its result. */
    <T> T onTracer(Callable<T> action) {
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
        if (blockedInWait) {
            ring();
        }
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
                        ringHard();
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

    @Override
    public <T> T execute(Callable<T> action) {
        return onTracer(action);
    }

    @Override
    public boolean isTracerThread() {
        return Thread.currentThread() == thread;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Starting and attaching

    @Override
    public Tracee spawnBytes(List<byte[]> argv, SpawnOptions options) {
        List<byte[]> command = argv.stream().map(byte[]::clone).toList();
        return onTracer(() -> spawnOnTracer(command, options));
    }

    private Tracee spawnOnTracer(List<byte[]> command, SpawnOptions options) {
        requireOpen();
        boolean filter = !options.tracedSyscalls().isEmpty()
                && SeccompAccelerator.kernelSupported(System.getProperty("os.version", ""));
        boolean killOnExit = options.killOnExit() || filter;
        int bits = ALWAYS_ON | PtraceOption.toBits(options.ptraceOptions())
                | (killOnExit ? PtraceOption.EXITKILL.bit() : 0) | (filter ? PtraceOption.TRACESECCOMP.bit() : 0);
        Spawner.Started s = spawner.start(command, options);
        String shown = ExecStrings.printable(command.get(0));
        int pid = s.pid();
        TraceeHandle t = new TraceeHandle(this, pid, true, bits, killOnExit);
        t.setPipes(s.stdin(), s.stdout(), s.stderr());
        try {
            calls.ptrace(Linux.PTRACE_SEIZE, pid, 0, bits);
            calls.ptrace(Linux.PTRACE_INTERRUPT, pid, 0, 0);
            WaitStatus first = waitForPid(pid);
            if (!first.stopped()) {
                throw new PtraceException("spawn " + shown + ": the process ended before it could be traced ("
                        + first + ")", null);
            }
            spawner.release(s.controlWriteFd());
            // Run the stub, hidden, up to the entry of its execve: the first stop the user sees.
            calls.ptrace(Linux.PTRACE_SYSCALL, pid, 0, 0);
            int execve = Linux.execveNumber(arch);
            while (true) {
                WaitStatus ws = waitForPid(pid);
                if (!ws.stopped()) {
                    throw new PtraceException("spawn " + shown + ": the process ended before its execve ("
                            + ws + ")", null);
                }
                int resumeSignal = 0;
                if (ws.stopSignal() == Linux.SYSCALL_TRAP) {
                    Stop st = decodeSyscallStop(t);
                    if (st instanceof Stop.SyscallEntry e && e.number() == execve) {
                        t.state = TraceeState.STOPPED;
                        t.currentStop = st;
                        if (filter) {
                            installFilter(t, options.tracedSyscalls());
                        }
                        tracees.put(pid, t);
                        deliver(t, st);
                        return t;
                    }
                } else if (ws.event() == 0) {
                    resumeSignal = ws.stopSignal(); // a signal sent to the stub: pass it on
                }
                calls.ptrace(Linux.PTRACE_SYSCALL, pid, 0, resumeSignal);
            }
        } catch (RuntimeException e) {
            // translated while the process still exists, so that the diagnosis can read its /proc entry
            RuntimeException failure = e instanceof NativeCallException n ? Errors.translate(n, pid) : e;
            killAndReap(pid);
            spawner.discard(s);
            // the caller never got this tracee: nothing of it may reach the wait calls
            t.state = TraceeState.EXITED;
            t.currentStop = null;
            stops.discardAll(t);
            throw failure;
        }
    }

    private void installFilter(TraceeHandle t, Set<Integer> traced) {
        long r = SeccompAccelerator.install(t, arch, traced);
        if (r == 0) {
            t.seccompFiltered = true;
        } else {
            System.getLogger(PtraceEngine.class.getName()).log(System.Logger.Level.DEBUG,
                    "seccomp filter not installed (errno " + -r + "); tracing every syscall");
        }
    }

    WaitStatus waitForPid(int pid) {
        while (true) {
            try {
                calls.waitpid(pid, status, Linux.WALL);
                return new WaitStatus(status[0]);
            } catch (NativeCallException e) {
                if (e.errno() != Linux.EINTR) {
                    throw e;
                }
            }
        }
    }

    private void killAndReap(int pid) {
        try {
            calls.kill(pid, Linux.SIGKILL);
            waitForPid(pid);
        } catch (NativeCallException e) {
            // already reaped
        }
    }

    @Override
    public Tracee attach(int pid, Set<PtraceOption> options) {
        return onTracer(() -> {
            TraceeHandle t = seizeOnTracer(pid, options);
            try {
                calls.ptrace(Linux.PTRACE_INTERRUPT, pid, 0, 0);
                while (true) {
                    WaitStatus ws = waitForPid(pid);
                    Stop s = decode(t, ws);
                    if (s == null) {
                        continue;
                    }
                    if (s.isTerminal()) {
                        tracees.remove(pid);
                        t.state = TraceeState.EXITED;
                        throw new TraceeGoneException("attach", pid, Linux.ESRCH, "the process exited while being"
                                + " attached (" + ws + ")", null);
                    }
                    t.state = TraceeState.STOPPED;
                    t.currentStop = s; // consumed: attach returns a stopped tracee
                    return t;
                }
            } catch (NativeCallException e) {
                tracees.remove(pid);
                throw Errors.translate(e, pid);
            }
        });
    }

    @Override
    public Tracee seize(int pid, Set<PtraceOption> options) {
        return onTracer(() -> seizeOnTracer(pid, options));
    }

    private TraceeHandle seizeOnTracer(int pid, Set<PtraceOption> options) {
        requireOpen();
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, was " + pid);
        }
        if (isOwnThreadOrAncestor(pid)) {
            throw new IllegalArgumentException("refusing to trace pid " + pid + ": it is this JVM or one of its"
                    + " ancestors, which would deadlock the tracer");
        }
        if (tracees.containsKey(pid)) {
            throw new IllegalStateException("pid " + pid + " is already traced by this tracer");
        }
        int bits = ALWAYS_ON | PtraceOption.toBits(options);
        try {
            calls.ptrace(Linux.PTRACE_SEIZE, pid, 0, bits);
        } catch (NativeCallException e) {
            throw Errors.translate(e, pid);
        }
        TraceeHandle t = new TraceeHandle(this, pid, false, bits, (bits & PtraceOption.EXITKILL.bit()) != 0);
        tracees.put(pid, t);
        return t;
    }

    private boolean isOwnThreadOrAncestor(int pid) {
        if (Files.exists(Path.of("/proc/self/task/" + pid))) {
            return true;
        }
        long p = ProcessHandle.current().pid();
        Optional<ProcessHandle> h = ProcessHandle.current().parent();
        for (int depth = 0; h.isPresent() && depth < 64; depth++) {
            if (h.get().pid() == pid) {
                return true;
            }
            if (h.get().pid() == p) {
                break;
            }
            h = h.get().parent();
        }
        return false;
    }

    private void requireOpen() {
        if (closeRequested) {
            throw new IllegalStateException("this tracer is closed");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Waiting

    @Override
    public Optional<Stop> waitAny(Duration timeout) {
        return waitFor(null, timeout);
    }

    @Override
    public Stop waitAny() {
        return waitFor(null, null).orElseThrow(() -> new IllegalStateException("no tracee left to wait for"));
    }

    /** Next stop of one tracee (or of any if {@code only} is null); {@code timeout} null waits without limit. */
    Optional<Stop> waitFor(TraceeHandle only, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : deadlineAfter(timeout);
        boolean wakeable = only == null && timeout != null;
        throwPendingFailure();
        Stop s;
        if (Thread.currentThread() == thread) {
            s = pumpUntil(only, deadline, wakeable);
        } else {
            try {
                s = stops.take(only, deadline, () -> worthWaiting(only) && !(wakeable && wakeRequested));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (s == null && wakeable) {
                consumeWakeUp();
            }
        }
        if (s == null) {
            throwPendingFailure();
        } else if (s.isTerminal()) {
            tracees.remove(s.tracee().pid(), s.tracee());
        }
        return Optional.ofNullable(s);
    }

    private boolean worthWaiting(TraceeHandle only) {
        if (closed || failure != null) {
            return false;
        }
        return only == null ? !tracees.isEmpty() : only.isAttached() || stops.hasStopFor(only);
    }

    private Stop pumpUntil(TraceeHandle only, long deadline, boolean wakeable) {
        boolean timerSet = false;
        while (true) {
            runTasks();
            Stop s = stops.poll(only);
            if (s != null) {
                return s;
            }
            if (!worthWaiting(only)) {
                return null;
            }
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                // time is up (or a zero timeout): take what the kernel has ready, without blocking, and stop
                pump(false, false);
                runTasks();
                return stops.poll(only);
            }
            if (deadline != Long.MAX_VALUE && !timerSet) {
                long delay = deadline - System.nanoTime();
                CompletableFuture.delayedExecutor(Math.max(delay, 0), TimeUnit.NANOSECONDS).execute(() -> {
                    if (blockedInWait) {
                        ring();
                    }
                });
                timerSet = true;
            }
            if (wakeable && consumeWakeUp()) {
                return null;
            }
            pump(true, wakeable);
        }
    }

    private boolean consumeWakeUp() {
        if (!wakeRequested) {
            return false;
        }
        wakeRequested = false;
        return true;
    }

    @Override
    public void wakeUp() {
        wakeRequested = true;
        if (blockedInWait) {
            ring();
        }
        stops.wakeAll();
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

    @Override
    public void pinToCpu(int cpu) {
        if (cpu < 0 || cpu > 63) {
            throw new IllegalArgumentException("CPU must be 0..63, was " + cpu);
        }
        onTracer(() -> {
            cpuMask.putLong(0, 1L << cpu);
            setAffinity(0, -1);
            for (TraceeHandle t : tracees.values()) {
                if (t.isAttached()) {
                    setAffinity(t.pid(), t.pid());
                }
            }
            spin.limit(0); // polling would only take the one CPU they share from the tracees
            return null;
        });
    }

    private void setAffinity(int tid, int pidForErrors) {
        try {
            calls.schedSetaffinity(tid, cpuMask, 8);
        } catch (NativeCallException e) {
            if (e.errno() != Linux.ESRCH) {
                throw Errors.translate(e, pidForErrors);
            }
        }
    }

    @Override
    public void recordCpuTimes(boolean on) {
        cpuTimes = on;
    }

    @Override
    public void pollBeforeBlocking(Duration limit) {
        if (limit.isNegative() || limit.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("the polling limit must be 0 to 1 s, was " + limit);
        }
        spin.limit(limit.toNanos());
    }

    @Override
    public List<Tracee> tracees() {
        return List.copyOf(tracees.values());
    }

    @Override
    public Optional<Tracee> tracee(int pid) {
        return Optional.ofNullable(tracees.get(pid));
    }

    @Override
    public Arch arch() {
        return arch;
    }

    @Override
    public String backend() {
        return backend;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Requests on one tracee

    void resume(TraceeHandle t, int request, Signal explicit) {
        if (Thread.currentThread() == thread) {
            // the usual case (a session resuming from the tracer thread): no capturing lambda per stop, which
            // C1-only JVMs allocate through a slow call into the VM
            resumeOnTracer(t, request, explicit);
        } else {
            onTracer(() -> {
                resumeOnTracer(t, request, explicit);
                return null;
            });
        }
    }

    private void resumeOnTracer(TraceeHandle t, int request, Signal explicit) {
        if (debugger.resume(t, request, explicit)) {
            return;
        }
        Stop current = t.currentStop;
        int req = request;
        int sig;
        if (explicit != null) {
            sig = explicit.number();
        } else if (current instanceof Stop.GroupStop) {
            req = Linux.PTRACE_LISTEN;
            sig = 0;
        } else {
            sig = current instanceof Stop.SignalDelivery d ? d.signal().number() : 0;
        }
        if (req == Linux.PTRACE_SYSCALL && t.seccompFiltered && !t.inSyscall) {
            req = Linux.PTRACE_CONT; // the filter stops it at the next syscall of interest
        }
        try {
            calls.ptrace(req, t.pid(), 0, sig);
        } catch (NativeCallException e) {
            // ESRCH on a tracee we saw stopped means it was killed meanwhile (SIGKILL ends any ptrace-stop):
            // its death is (or was already) reported by a wait, so resuming it is not an error (ptrace(2)).
            if (e.errno() != Linux.ESRCH || !(t.state == TraceeState.STOPPED || t.state == TraceeState.EXITED)) {
                throw Errors.translate(e, t.pid());
            }
            if (t.state == TraceeState.EXITED) {
                return;
            }
        }
        t.state = TraceeState.RUNNING;
        t.currentStop = null;
        stops.discardStale(t);
    }

    void request(TraceeHandle t, int request, long data) {
        onTracer(() -> {
            try {
                calls.ptrace(request, t.pid(), 0, data);
            } catch (NativeCallException e) {
                throw Errors.translate(e, t.pid());
            }
            return null;
        });
    }

    void setOptions(TraceeHandle t, int bits) {
        onTracer(() -> {
            int all = bits | ALWAYS_ON;
            try {
                calls.ptrace(Linux.PTRACE_SETOPTIONS, t.pid(), 0, all);
            } catch (NativeCallException e) {
                throw Errors.translate(e, t.pid());
            }
            t.optionBits = all;
            return null;
        });
    }

    void kill(TraceeHandle t) {
        try {
            calls.kill(t.processId(), Linux.SIGKILL);
        } catch (NativeCallException e) {
            if (e.errno() != Linux.ESRCH) {
                throw Errors.translate(e, t.pid());
            }
        }
    }

    void sendSignal(TraceeHandle t, Signal signal) {
        try {
            calls.kill(t.processId(), signal.number());
        } catch (NativeCallException e) {
            throw Errors.translate(e, t.pid());
        }
    }

    /** Detaches like strace: a running tracee is interrupted first, a pending signal is passed on. */
    void detach(TraceeHandle t) {
        onTracer(() -> {
            detachOnTracer(t);
            return null;
        });
    }

    private void detachOnTracer(TraceeHandle t) {
        if (!t.isAttached()) {
            return;
        }
        if (t.state == TraceeState.RUNNING) {
            try {
                calls.ptrace(Linux.PTRACE_INTERRUPT, t.pid(), 0, 0);
            } catch (NativeCallException e) {
                forget(t, TraceeState.EXITED);
                return;
            }
            while (t.state == TraceeState.RUNNING) {
                WaitStatus ws;
                try {
                    ws = waitForPid(t.pid());
                } catch (NativeCallException e) {
                    forget(t, TraceeState.EXITED);
                    return;
                }
                Stop s = decode(t, ws);
                if (s == null) {
                    continue;
                }
                if (s.isTerminal()) {
                    deliver(t, s);
                    return;
                }
                t.state = TraceeState.STOPPED;
                t.currentStop = s;
            }
        }
        Stop current = t.currentStop;
        int sig = current instanceof Stop.SignalDelivery d ? d.signal().number() : 0;
        if (debugger.beforeDetach(t)) {
            sig = 0; // the tracer's own SIGTRAP
        }
        try {
            calls.ptrace(Linux.PTRACE_DETACH, t.pid(), 0, sig);
        } catch (NativeCallException e) {
            if (e.errno() != Linux.ESRCH) {
                throw Errors.translate(e, t.pid());
            }
        }
        forget(t, TraceeState.DETACHED);
    }

    private void forget(TraceeHandle t, TraceeState state) {
        t.state = state;
        t.currentStop = null;
        tracees.remove(t.pid(), t);
        stops.discardAll(t);
        if (t.isSpawned()) {
            releasedChildren.add(t.pid());
        }
    }

    RegisterSet registers(TraceeHandle t) {
        return onTracer(() -> {
            try {
                return readRegisters(t.pid());
            } catch (NativeCallException e) {
                throw Errors.translate(e, t.pid());
            }
        });
    }

    RegisterSet readRegisters(int pid) {
        int n = calls.getRegset(pid, Linux.NT_PRSTATUS, regs);
        if (n != arch.registerSetSize()) {
            throw new PtraceException("ptrace(PTRACE_GETREGSET)", pid, 0, "the register set has " + n
                    + " bytes, expected " + arch.registerSetSize() + " for " + arch
                    + " (32-bit tracees are not supported)", null);
        }
        long[] v = new long[arch.registerNames().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = regs.getLong(i * 8);
        }
        return new RegisterSet(arch, v);
    }

    /** Writes the general registers; with {@code syscallNumber} also aarch64's syscall number register set. */
    void writeRegisters(int pid, RegisterSet r, boolean syscallNumber) {
        long[] values = r.values();
        for (int i = 0; i < values.length; i++) {
            regs.putLong(i * 8, values[i]);
        }
        calls.setRegset(pid, Linux.NT_PRSTATUS, regs, arch.registerSetSize());
        if (syscallNumber && arch == Arch.AARCH64) {
            scno.putInt(0, (int) r.syscallNumber());
            calls.setRegset(pid, Linux.NT_ARM_SYSTEM_CALL, scno, 4);
        }
    }

    /** Records the end of a tracee seen outside the normal pump (during an injected syscall). */
    void deliverEnd(TraceeHandle t, WaitStatus ws) {
        Stop s = decode(t, ws);
        if (s != null) {
            deliver(t, s);
        }
    }

    long injectSyscall(TraceeHandle t, int number, long[] args) {
        return onTracer(() -> {
            try {
                return injector.inject(t, number, args.clone());
            } catch (NativeCallException e) {
                throw Errors.translate(e, t.pid());
            }
        });
    }

    long scratchAddress(TraceeHandle t, int size) {
        return SyscallInjector.scratchAddress(registers(t), size);
    }

    void setRegisters(TraceeHandle t, Registers r) {
        if (r.arch() != arch) {
            throw new IllegalArgumentException("registers of " + r.arch() + " cannot be written to a " + arch
                    + " tracee");
        }
        onTracer(() -> {
            List<String> names = arch.registerNames();
            long[] values = r instanceof RegisterSet rs ? rs.values() : null;
            for (int i = 0; i < names.size(); i++) {
                regs.putLong(i * 8, values != null ? values[i] : r.get(names.get(i)));
            }
            try {
                calls.setRegset(t.pid(), Linux.NT_PRSTATUS, regs, arch.registerSetSize());
                if (arch == Arch.AARCH64 && t.currentStop instanceof Stop.SyscallEntry e
                        && e.number() != (int) r.syscallNumber()) {
                    scno.putInt(0, (int) r.syscallNumber());
                    calls.setRegset(t.pid(), Linux.NT_ARM_SYSTEM_CALL, scno, 4);
                }
            } catch (NativeCallException e) {
                throw Errors.translate(e, t.pid());
            }
            return null;
        });
    }

    long eventMessage(TraceeHandle t) {
        return onTracer(() -> {
            try {
                return readEventMessage(t.pid());
            } catch (NativeCallException e) {
                throw Errors.translate(e, t.pid());
            }
        });
    }

    SignalInfo signalInfo(TraceeHandle t) {
        return onTracer(() -> {
            try {
                calls.ptrace(Linux.PTRACE_GETSIGINFO, t.pid(), 0, sigInfo);
            } catch (NativeCallException e) {
                throw Errors.translate(e, t.pid());
            }
            return Structs.signalInfo(sigInfo);
        });
    }

    SyscallInfo syscallInfo(TraceeHandle t) {
        return onTracer(() -> {
            try {
                calls.ptrace(Linux.PTRACE_GET_SYSCALL_INFO, t.pid(), Linux.SYSCALL_INFO_SIZE, syscallInfo);
            } catch (NativeCallException e) {
                throw Errors.translate(e, t.pid());
            }
            return Structs.syscallInfo(syscallInfo);
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Closing

    @Override
    public void close() {
        if (closeRequested) {
            if (Thread.currentThread() != thread) {
                joinUninterruptibly();
            }
            return;
        }
        closeRequested = true;
        if (closed) {
            return;
        }
        try {
            onTracer(() -> {
                shutdown();
                return null;
            });
        } catch (IllegalStateException e) {
            // the thread already ended (it releases everything itself)
        }
        if (Thread.currentThread() != thread) {
            joinUninterruptibly();
        }
    }

    @Override
    public void detachAll() {
        onTracer(() -> {
            release(false);
            return null;
        });
    }

    /** Kills the kill-on-close tracees, detaches the others and ends the tracer thread's work. */
    private void shutdown() {
        closeRequested = true;
        release(true);
        closed = true;
        stops.wakeAll();
    }

    /**
     * Kills the kill-on-close tracees (with {@code kill}, else none) and detaches the others, then reaps what it
     * killed. Interrupts every running tracee first and collects all their stops with one wait loop, so a vfork
     * parent (which cannot stop until its child execs or exits) is released once its child is handled.
     */
    private void release(boolean kill) {
        List<TraceeHandle> toKill = new ArrayList<>();
        List<TraceeHandle> toDetach = new ArrayList<>();
        for (TraceeHandle t : tracees.values()) {
            if (!t.isAttached()) {
                continue;
            }
            (kill && t.killOnClose ? toKill : toDetach).add(t);
        }
        for (TraceeHandle t : toKill) {
            try {
                calls.kill(t.pid(), Linux.SIGKILL);
            } catch (NativeCallException e) {
                // gone already; its exit status may still come
            }
        }
        for (TraceeHandle t : toDetach) {
            if (t.state == TraceeState.STOPPED) {
                detachOnTracer(t);
            } else {
                try {
                    calls.ptrace(Linux.PTRACE_INTERRUPT, t.pid(), 0, 0);
                } catch (NativeCallException e) {
                    forget(t, TraceeState.EXITED);
                }
            }
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT_NANOS;
        while (tracees.values().stream().anyMatch(TraceeHandle::isAttached) && System.nanoTime() < deadline) {
            int pid;
            try {
                pid = calls.waitpid(-1, status, Linux.WALL | Linux.WNOTHREAD | Linux.WNOHANG);
            } catch (NativeCallException e) {
                if (e.errno() == Linux.ECHILD) {
                    break;
                }
                continue;
            }
            if (pid == 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                continue;
            }
            closeDispatch(pid, new WaitStatus(status[0]), kill);
        }
        for (TraceeHandle t : List.copyOf(tracees.values())) {
            if (t.isAttached()) {
                System.getLogger(PtraceEngine.class.getName()).log(System.Logger.Level.WARNING,
                        "tracee " + t.pid() + " did not stop within the close timeout; the kernel detaches it"
                                + " when the tracer thread ends");
            }
            forget(t, t.isAttached() ? TraceeState.DETACHED : t.state);
        }
    }

    private void closeDispatch(int pid, WaitStatus ws, boolean kill) {
        if (pid == doorbellPid) {
            if (ws.stopped()) {
                try {
                    calls.kill(pid, Linux.SIGCONT);
                } catch (NativeCallException e) {
                    // dying
                }
            } else {
                doorbellPid = 0;
            }
            return;
        }
        TraceeHandle t = tracees.get(pid);
        if (ws.exited() || ws.signaled()) {
            if (t != null) {
                forget(t, TraceeState.EXITED);
            }
            return;
        }
        if (!ws.stopped()) {
            return;
        }
        if (t == null) {
            if (ws.event() == Linux.PTRACE_EVENT_STOP && !releasedChildren.contains(pid)) {
                t = adoptChild(pid, null); // a child born during shutdown: release it too
                t.expectInitialStop = false;
            } else {
                return;
            }
        }
        if (kill && t.killOnClose) {
            // dying from SIGKILL; let it go on to its exit, which is reaped above
            try {
                calls.ptrace(Linux.PTRACE_CONT, pid, 0, 0);
            } catch (NativeCallException e) {
                // already dead
            }
            return;
        }
        int sig = 0;
        int stopSig = ws.stopSignal();
        if (ws.event() == 0 && stopSig != Linux.SYSCALL_TRAP && stopSig != Linux.SIGSTOP) {
            sig = stopSig; // a signal on its way: deliver it after detaching
        }
        sig = debugger.closeDetachSignal(t, sig);
        try {
            calls.ptrace(Linux.PTRACE_DETACH, pid, 0, sig);
        } catch (NativeCallException e) {
            // gone
        }
        forget(t, TraceeState.DETACHED);
    }

    private void joinUninterruptibly() {
        awaitUninterruptibly(finished);
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

    private static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Debugger support

    /** Resumes a stopped tracee with exactly this request and signal. Tracer thread. */
    void resumeNow(TraceeHandle t, int request, int signal) {
        try {
            calls.ptrace(request, t.pid(), 0, signal);
        } catch (NativeCallException e) {
            throw Errors.translate(e, t.pid());
        }
        t.state = TraceeState.RUNNING;
        t.currentStop = null;
        stops.discardStale(t);
    }

    @Override
    public String toString() {
        return "Tracer[" + backend + ", " + tracees.size() + " tracees" + (closed ? ", closed" : "") + "]";
    }

}
