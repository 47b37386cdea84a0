package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.PtraceOption;
import dev.ptrace.Signal;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;
import dev.ptrace.Tracer;
import dev.ptrace.TraceeState;
import dev.ptrace.WaitStatus;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The tracing engine: one {@link Tracer} over its own platform thread ({@link TracerThread}), which makes every
 * ptrace and wait call. Each wait status is decoded once ({@link StopDecoder}) into a {@link Stop} and queued for
 * the user ({@link TraceeTable}), unless the debugger side ({@link StopHooks}) consumes it. Tracing begins in
 * {@link Starter} and ends in {@link Releaser}; calls made on the tracer thread itself run directly and pump stops
 * themselves.
 */
final class PtraceEngine implements Tracer, TraceeControl, TracerThread.Loop {
    /** Built on the first {@link dev.ptrace.Tracee#stackTrace()} (see {@link #stackTrace(TraceeHandle)}). */
    private volatile dev.ptrace.core.unwind.StackUnwinder stackUnwinder;
    private final String backend;
    private final Arch arch;
    private final TracerThread thread;
    final Kernel kernel;
    /** Breakpoints, syscall tampering and seccomp inspection; its hooks run on the tracer thread. */
    final Debugger debugger;
    private final StopHooks hooks;
    final TraceeTable table;
    private final StopQueue stops;
    private final StopDecoder decoder;
    private final Starter starter;
    private final Releaser releaser;
    private final SyscallInjector injector;
    private final StopWaiter waiter;
    private final ByteBuffer cpuMask = Kernel.direct(8);
    private volatile boolean closeRequested;

    PtraceEngine(NativeCalls calls, String backend) {
        this(calls, backend, Arch.current());
    }

    PtraceEngine(NativeCalls calls, String backend, Arch arch) {
        this.backend = backend;
        this.arch = arch;
        Spawner spawner = new Spawner(calls, arch);
        this.thread = new TracerThread(calls, spawner);
        this.kernel = new Kernel(calls, arch, thread);
        this.debugger = new Debugger(kernel);
        this.hooks = debugger;
        this.table = new TraceeTable(kernel, this, debugger);
        this.stops = table.stops();
        this.decoder = new StopDecoder(kernel, table, hooks);
        this.starter = new Starter(kernel, spawner, table, decoder);
        this.releaser = new Releaser(kernel, table, decoder, hooks, thread);
        this.injector = new SyscallInjector(kernel, this::deliverEnd);
        this.waiter = new StopWaiter(thread, table);
        thread.start(this, table.releasedChildren());
    }

    // ---------------------------------------------------------------------------------------------------------
    // The tracer thread's loop

    /** Turns one wait status into a queued stop, keeping the per-tracee state. */
    @Override
    public void dispatch(int pid, int raw, long systemCpuMicros) {
        try {
            TraceeHandle t = table.forStatus(pid);
            if (t == null) {
                if (WaitBits.stopped(raw) && WaitBits.event(raw) == Linux.PTRACE_EVENT_STOP
                        && !table.isReleased(pid)) {
                    // A new child can report its first stop before its parent reports the fork.
                    t = table.adoptChild(pid, null);
                } else {
                    if (WaitBits.ended(raw)) {
                        table.reaped(pid);
                    }
                    return;
                }
            }
            t.cpuTimeReported(systemCpuMicros);
            Stop stop = decoder.decode(t, raw);
            if (stop != null && !hooks.consume(t, stop)) {
                table.deliver(t, stop);
            }
        } catch (RuntimeException e) {
            waiter.failed(e); // one tracee's stop that cannot be decoded must not end the session
        }
    }

    /** Kills the kill-on-close tracees, detaches the others and ends the tracer thread's work. */
    @Override
    public void shutdown() {
        closeRequested = true;
        releaser.release(true);
        thread.markClosed();
        stops.wakeAll();
    }

    @Override
    public void ended() {
        stops.wakeAll();
    }

    /** Records the end of a tracee seen outside the normal pump (during an injected syscall). */
    private void deliverEnd(TraceeHandle t, WaitStatus ws) {
        Stop s = decoder.decode(t, ws.raw());
        if (s != null) {
            table.deliver(t, s);
        }
    }

    <T> T onTracer(Callable<T> action) {
        return thread.onTracer(action);
    }

    @Override
    public <T> T execute(Callable<T> action) {
        return onTracer(action);
    }

    @Override
    public boolean isTracerThread() {
        return thread.isTracerThread();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Starting and attaching

    @Override
    public Tracee spawnBytes(List<byte[]> argv, SpawnOptions options) {
        List<byte[]> command = argv.stream().map(byte[]::clone).toList();
        return onTracer(() -> {
            requireOpen();
            return starter.spawn(command, options);
        });
    }

    @Override
    public Tracee attach(int pid, Set<PtraceOption> options) {
        return onTracer(() -> {
            requireOpen();
            return starter.attach(pid, options);
        });
    }

    @Override
    public Tracee seize(int pid, Set<PtraceOption> options) {
        return onTracer(() -> {
            requireOpen();
            return starter.seize(pid, options);
        });
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

    @Override
    public Optional<Stop> waitFor(TraceeHandle only, Duration timeout) {
        return waiter.waitFor(only, timeout);
    }

    @Override
    public void wakeUp() {
        thread.wakeUp();
        stops.wakeAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Settings and queries

    @Override
    public void pinToCpu(int cpu) {
        if (cpu < 0 || cpu > 63) {
            throw new IllegalArgumentException("CPU must be 0..63, was " + cpu);
        }
        onTracer(() -> {
            cpuMask.putLong(0, 1L << cpu);
            setAffinity(0, -1);
            for (TraceeHandle t : table.all()) {
                if (t.isAttached()) {
                    setAffinity(t.pid(), t.pid());
                }
            }
            thread.limitPolling(0); // polling would only take the one CPU they share from the tracees
            return null;
        });
    }

    private void setAffinity(int tid, int pidForErrors) {
        try {
            kernel.calls().schedSetaffinity(tid, cpuMask, 8);
        } catch (NativeCallException e) {
            if (e.errno() != Linux.ESRCH) {
                throw Kernel.fail(e, pidForErrors);
            }
        }
    }

    @Override
    public void recordCpuTimes(boolean on) {
        thread.recordCpuTimes(on);
    }

    @Override
    public void pollBeforeBlocking(Duration limit) {
        if (limit.isNegative() || limit.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("the polling limit must be 0 to 1 s, was " + limit);
        }
        thread.limitPolling(limit.toNanos());
    }

    @Override
    public List<Tracee> tracees() {
        return List.copyOf(table.all());
    }

    @Override
    public Optional<Tracee> tracee(int pid) {
        return Optional.ofNullable(table.get(pid));
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
    // Requests on one tracee (TraceeControl)

    @Override
    public void resume(TraceeHandle t, int request, Signal explicit) {
        if (thread.isTracerThread()) {
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
        if (hooks.resume(t, request, explicit)) {
            stops.discardStale(t);
            return;
        }
        Stop current = t.stop();
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
        if (req == Linux.PTRACE_SYSCALL && t.seccompFiltered() && !t.inSyscall()) {
            req = Linux.PTRACE_CONT; // the filter stops it at the next syscall of interest
        }
        try {
            kernel.calls().ptrace(req, t.pid(), 0, sig);
        } catch (NativeCallException e) {
            // ESRCH on a tracee we saw stopped means it was killed meanwhile (SIGKILL ends any ptrace-stop):
            // its death is (or was already) reported by a wait, so resuming it is not an error (ptrace(2)).
            if (e.errno() != Linux.ESRCH || !(t.state() == TraceeState.STOPPED
                    || t.state() == TraceeState.EXITED)) {
                throw Kernel.fail(e, t.pid());
            }
            if (t.state() == TraceeState.EXITED) {
                return;
            }
        }
        t.running();
        stops.discardStale(t);
    }

    @Override
    public void detach(TraceeHandle t) {
        onTracer(() -> {
            releaser.detach(t);
            return null;
        });
    }

    @Override
    public long injectSyscall(TraceeHandle t, int number, long[] args) {
        return onTracer(() -> {
            try {
                return injector.inject(t, number, args);
            } catch (NativeCallException e) {
                throw Kernel.fail(e, t.pid());
            }
        });
    }

    @Override
    public java.util.List<dev.ptrace.StackFrame> stackTrace(TraceeHandle t) {
        dev.ptrace.core.unwind.StackUnwinder u = stackUnwinder;
        if (u == null) {
            synchronized (this) { // built on first use: tracers that never unwind never load its classes
                u = stackUnwinder;
                if (u == null) {
                    u = new dev.ptrace.core.unwind.StackUnwinder();
                    stackUnwinder = u;
                }
            }
        }
        return u.unwind(t.pid(), t.registers(), t.memory(), t.memoryMaps());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Closing

    @Override
    public void close() {
        if (closeRequested) {
            if (!thread.isTracerThread()) {
                thread.join();
            }
            return;
        }
        closeRequested = true;
        if (thread.isClosed()) {
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
        if (!thread.isTracerThread()) {
            thread.join();
        }
    }

    @Override
    public void detachAll() {
        onTracer(() -> {
            releaser.release(false);
            return null;
        });
    }

    @Override
    public String toString() {
        return "Tracer[" + backend + ", " + table.size() + " tracees" + (thread.isClosed() ? ", closed" : "") + "]";
    }
}
