package dev.ptrace.core;

import dev.ptrace.Stop;
import dev.ptrace.TraceeState;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How tracing of a tracee ends, on the tracer thread: detaching one the way strace does, and releasing all of them
 * at close or detachAll (killing the kill-on-close ones when closing).
 */
final class Releaser {
    private static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Kernel kernel;
    private final NativeCalls calls;
    private final TraceeTable table;
    private final StopDecoder decoder;
    private final StopHooks hooks;
    private final TracerThread thread;
    private final int[] status = new int[1];

    Releaser(Kernel kernel, TraceeTable table, StopDecoder decoder, StopHooks hooks, TracerThread thread) {
        this.kernel = kernel;
        this.calls = kernel.calls();
        this.table = table;
        this.decoder = decoder;
        this.hooks = hooks;
        this.thread = thread;
    }

    /** Detaches like strace: a running tracee is interrupted first, a pending signal is passed on. */
    void detach(TraceeHandle t) {
        if (!t.isAttached()) {
            return;
        }
        if (t.state() == TraceeState.RUNNING) {
            try {
                calls.ptrace(Linux.PTRACE_INTERRUPT, t.pid(), 0, 0);
            } catch (NativeCallException e) {
                table.forget(t, TraceeState.EXITED);
                return;
            }
            while (t.state() == TraceeState.RUNNING) {
                int raw;
                try {
                    raw = kernel.waitForPid(t.pid()).raw();
                } catch (NativeCallException e) {
                    table.forget(t, TraceeState.EXITED);
                    return;
                }
                Stop s = decoder.decode(t, raw);
                if (s == null) {
                    continue;
                }
                if (s.isTerminal()) {
                    table.deliver(t, s);
                    return;
                }
                t.stopped(s);
            }
        }
        Stop current = t.stop();
        int sig = current instanceof Stop.SignalDelivery d ? d.signal().number() : 0;
        if (hooks.beforeDetach(t)) {
            sig = 0; // the tracer's own SIGTRAP
        }
        try {
            calls.ptrace(Linux.PTRACE_DETACH, t.pid(), 0, sig);
        } catch (NativeCallException e) {
            if (e.errno() != Linux.ESRCH) {
                throw Kernel.fail(e, t.pid());
            }
        }
        table.forget(t, TraceeState.DETACHED);
    }

    /**
     * Kills the kill-on-close tracees (with {@code kill}, else none) and detaches the others, then reaps what it
     * killed. Interrupts every running tracee first and collects all their stops with one wait loop, so a vfork
     * parent (which cannot stop until its child execs or exits) is released once its child is handled.
     */
    void release(boolean kill) {
        List<TraceeHandle> toKill = new ArrayList<>();
        List<TraceeHandle> toDetach = new ArrayList<>();
        for (TraceeHandle t : table.all()) {
            if (!t.isAttached()) {
                continue;
            }
            (kill && t.killOnClose() ? toKill : toDetach).add(t);
        }
        for (TraceeHandle t : toKill) {
            try {
                calls.kill(t.pid(), Linux.SIGKILL);
            } catch (NativeCallException e) {
                // gone already; its exit status may still come
            }
        }
        for (TraceeHandle t : toDetach) {
            if (t.state() == TraceeState.STOPPED) {
                detach(t);
            } else {
                try {
                    calls.ptrace(Linux.PTRACE_INTERRUPT, t.pid(), 0, 0);
                } catch (NativeCallException e) {
                    table.forget(t, TraceeState.EXITED);
                }
            }
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT_NANOS;
        while (table.anyAttached() && System.nanoTime() < deadline) {
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
            if (!thread.doorbellStatus(pid, status[0], false)) {
                releaseOne(pid, status[0], kill);
            }
        }
        for (TraceeHandle t : List.copyOf(table.all())) {
            if (t.isAttached()) {
                System.getLogger(Releaser.class.getName()).log(System.Logger.Level.WARNING,
                        "tracee " + t.pid() + " did not stop within the close timeout; the kernel detaches it"
                                + " when the tracer thread ends");
            }
            table.forget(t, t.isAttached() ? TraceeState.DETACHED : t.state());
        }
    }

    /** One wait status met while releasing: an end is recorded, a stop detached (or, dying, let go on). */
    private void releaseOne(int pid, int raw, boolean kill) {
        TraceeHandle t = table.get(pid);
        if (WaitBits.ended(raw)) {
            if (t != null) {
                table.forget(t, TraceeState.EXITED);
            }
            return;
        }
        if (!WaitBits.stopped(raw)) {
            return;
        }
        if (t == null) {
            if (WaitBits.event(raw) == Linux.PTRACE_EVENT_STOP && !table.isReleased(pid)) {
                t = table.adoptChild(pid, null); // a child born during shutdown: release it too
                t.expectInitialStop(false);
            } else {
                return;
            }
        }
        if (kill && t.killOnClose()) {
            // dying from SIGKILL; let it go on to its exit, which is reaped above
            try {
                calls.ptrace(Linux.PTRACE_CONT, pid, 0, 0);
            } catch (NativeCallException e) {
                // already dead
            }
            return;
        }
        int sig = 0;
        int stopSig = WaitBits.stopSignal(raw);
        if (WaitBits.event(raw) == 0 && stopSig != Linux.SYSCALL_TRAP && stopSig != Linux.SIGSTOP) {
            sig = stopSig; // a signal on its way: deliver it after detaching
        }
        sig = hooks.closeDetachSignal(t, sig);
        try {
            calls.ptrace(Linux.PTRACE_DETACH, pid, 0, sig);
        } catch (NativeCallException e) {
            // gone
        }
        table.forget(t, TraceeState.DETACHED);
    }
}
