package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.Breakpoints;
import dev.ptrace.PtraceException;
import dev.ptrace.RegisterSet;
import dev.ptrace.Seccomp;
import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;
import dev.ptrace.Stop;
import dev.ptrace.SyscallTampering;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's debugger side: the breakpoint tables of the traced processes and the hooks the engine calls at
 * stops, resumes, new children, exec and detach. Every hook runs on the tracer thread.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>Breakpoints live per address space ({@link BreakpointTable}), keyed by thread-group id; threads share their
 *   process's table.</li>
 *   <li>A hit is recognised when a {@code SIGTRAP} signal-delivery stop has the breakpoint instruction's
 *   {@code si_code} and the program counter right after (x86_64) or at (aarch64) an inserted breakpoint. The program
 *   counter is rewound at once, the hit counted, and the stop delivered as usual.</li>
 *   <li>Resuming from a hit steps over it asynchronously: restore the bytes, {@code PTRACE_SINGLESTEP}, and when the
 *   step's trap comes through the normal wait loop ({@link #consume}), insert the breakpoint again and issue the
 *   resume the user asked for. The tracer thread never blocks on one tracee, even when the stepped instruction is a
 *   blocking syscall.</li>
 *   <li>A traced child with a copy of the memory ({@code fork}) has the inherited instructions removed at its first
 *   stop; one that shares the memory ({@code vfork}, {@code CLONE_VM}) shares the table until it execs. Sharing is
 *   told by writing one original byte into the child and looking whether the parent sees it.</li>
 *   <li>Detaching a thread removes its process's breakpoints (a detached process would die of the next
 *   {@code SIGTRAP}), and never passes on the tracer's own {@code SIGTRAP}.</li>
 * </ul>
 */
final class Debugger implements StopHooks {
    private static final int SIGTRAP = Linux.SIGTRAP;

    private final Kernel kernel;
    private final Arch arch;
    private final Map<Integer, BreakpointTable> tables = new ConcurrentHashMap<>();
    /**
     * Whether PTRACE_SET_SYSCALL_INFO works: null until tried. The system property
     * {@code ptrace.setSyscallInfo=false} makes the engine write registers instead (to test that path).
     */
    volatile Boolean setSyscallInfo;

    Debugger(Kernel kernel) {
        this.kernel = kernel;
        this.arch = kernel.arch();
        this.setSyscallInfo = "false".equals(System.getProperty("ptrace.setSyscallInfo")) ? Boolean.FALSE : null;
    }

    /** Records whether PTRACE_SET_SYSCALL_INFO works here. */
    void setSyscallInfoWorks(boolean works) {
        setSyscallInfo = works;
    }

    Kernel kernel() {
        return kernel;
    }

    Arch arch() {
        return arch;
    }

    <T> T onTracer(Callable<T> action) {
        return kernel.onTracer(action);
    }

    Breakpoints breakpoints(TraceeHandle t) {
        return new TraceeBreakpoints(this, t);
    }

    SyscallTampering tampering(TraceeHandle t) {
        return new SyscallEditor(this, t);
    }

    Seccomp seccomp(TraceeHandle t) {
        return new SeccompInspector(kernel, t);
    }

    /** The table of a tracee's address space; created if {@code create}. Tracer thread when creating. */
    BreakpointTable table(TraceeHandle t, boolean create) {
        int tgid = t.processId();
        BreakpointTable table = tables.get(tgid);
        if (table == null && create) {
            table = new BreakpointTable(this, tgid, arch, t);
            tables.put(tgid, table);
        }
        if (table != null) {
            table.use(t);
        }
        return table;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hooks the engine calls (tracer thread)

    /** A signal-delivery stop was decoded: recognise a breakpoint hit and rewind the program counter. */
    @Override
    public Stop signalStop(TraceeHandle t, Stop.SignalDelivery d) {
        if (d.signal().number() != SIGTRAP || t.debug.stepOver != null || tables.isEmpty()) {
            return d;
        }
        if (!BreakpointEncoding.isBreakpointTrapCode(arch, d.info().code())) {
            return d;
        }
        BreakpointTable table = tables.get(t.processId());
        if (table == null || table.isEmpty()) {
            return d;
        }
        try {
            RegisterSet r = kernel.readRegisters(t.pid());
            long pc = r.programCounter();
            long address = BreakpointEncoding.hitAddress(arch, pc);
            BreakpointTable.Bp bp = table.find(address);
            if (bp == null || !bp.inserted) {
                return d;
            }
            if (address != pc) {
                kernel.writeRegisters(t.pid(), r.withProgramCounter(address), false);
            }
            bp.hits.incrementAndGet();
            table.use(t);
            t.debug.hit = bp;
        } catch (PtraceException e) {
            // killed meanwhile: its end is reported next
        }
        return d;
    }

    /**
     * A resume was asked for. Steps over a breakpoint hit first, and keeps the tracer's own SIGTRAPs (breakpoint
     * hits, single-step traps) from being delivered.
     *
     * @return true if the resume was done here
     */
    @Override
    public boolean resume(TraceeHandle t, int request, Signal explicit) {
        ThreadState s = t.debug;
        int previous = s.lastRequest;
        s.lastRequest = request;
        Stop current = t.stop();
        BreakpointTable.Bp hit = s.hit;
        s.hit = null;
        if (!(current instanceof Stop.SignalDelivery d) || d.signal().number() != SIGTRAP
                || request == Linux.PTRACE_LISTEN) {
            return false;
        }
        if (hit != null) {
            int sig = explicit != null ? explicit.number() : 0;
            if (hit.inserted && !hit.removed) {
                hit.table().restore(hit);
                s.stepOver = hit;
                s.pendingRequest = request;
                s.pendingSignal = sig;
                t.resumeNow(Linux.PTRACE_SINGLESTEP, request == Linux.PTRACE_SINGLESTEP ? sig : 0);
            } else {
                t.resumeNow(request, sig);
            }
            return true;
        }
        if (explicit == null && previous == Linux.PTRACE_SINGLESTEP && isTrap(d.info())) {
            t.resumeNow(request, 0);
            return true;
        }
        return false;
    }

    /**
     * A stop is about to be delivered. Ends a step-over in flight: the breakpoint goes back in, and the step's own
     * trap is swallowed and followed by the resume the user asked for.
     *
     * @return true if the stop was consumed here and must not be delivered
     */
    @Override
    public boolean consume(TraceeHandle t, Stop stop) {
        ThreadState s = t.debug;
        BreakpointTable.Bp bp = s.stepOver;
        if (stop.isTerminal()) {
            s.stepOver = null;
            s.hit = null;
            forgetIfLeader(t);
            return false;
        }
        if (bp == null) {
            return false;
        }
        s.stepOver = null;
        if (!bp.removed && bp.enabled && !bp.inserted) {
            try {
                bp.table().insert(bp);
            } catch (PtraceException e) {
                // the process is going away
            }
        }
        if (stop instanceof Stop.SignalDelivery d && d.signal().number() == SIGTRAP && isTrap(d.info())) {
            if (s.pendingRequest == Linux.PTRACE_SINGLESTEP) {
                s.lastRequest = Linux.PTRACE_SINGLESTEP;
                return false;
            }
            try {
                t.resumeNow(s.pendingRequest, s.pendingSignal);
            } catch (PtraceException e) {
                // killed meanwhile: its end is reported next
            }
            return true;
        }
        return false; // something else came first: the user sees it, the tracee stays stopped
    }

    /** An auto-attached child's first stop: clean the breakpoints it inherited, or share the parent's table. */
    @Override
    public void onNewTracee(TraceeHandle child) {
        if (tables.isEmpty()) {
            return;
        }
        int tgid = child.processId();
        if (tables.containsKey(tgid)) {
            return; // a thread of a process we know
        }
        // the fork event names the creator (right even with CLONE_PARENT); /proc only when the child's stop came first
        int ppid = child.creatorProcessId() > 0 ? child.creatorProcessId() : parentOf(tgid);
        BreakpointTable parent = ppid > 0 ? tables.get(ppid) : null;
        if (parent == null || parent.isEmpty()) {
            return;
        }
        try {
            if (parent.adoptChildMemory(child)) {
                tables.put(tgid, parent);
            }
        } catch (PtraceException e) {
            System.getLogger(Debugger.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove inherited breakpoints from child " + tgid + ": " + e.getMessage());
        }
    }

    /** The process exec'd: its memory is new, its breakpoints are gone. */
    @Override
    public void onExec(TraceeHandle t) {
        t.debug.hit = null;
        t.debug.stepOver = null;
        int tgid = t.processId();
        BreakpointTable table = tables.remove(tgid);
        if (table != null && table.ownerTgid() == tgid) {
            table.forget();
        }
    }

    /**
     * A stopped tracee is about to be detached: remove its process's breakpoints.
     *
     * @return true if the pending SIGTRAP is the tracer's own and must not be passed on
     */
    @Override
    public boolean beforeDetach(TraceeHandle t) {
        ThreadState s = t.debug;
        Stop current = t.stop();
        boolean trap = current instanceof Stop.SignalDelivery d && d.signal().number() == SIGTRAP;
        boolean ours = trap && (s.hit != null || s.stepOver != null
                || (s.lastRequest == Linux.PTRACE_SINGLESTEP && isTrap(((Stop.SignalDelivery) current).info())));
        s.hit = null;
        s.stepOver = null;
        removeBreakpointsOf(t);
        return ours;
    }

    /** At close: the signal to pass when detaching a tracee whose raw stop signal is {@code sig}. */
    @Override
    public int closeDetachSignal(TraceeHandle t, int sig) {
        ThreadState s = t.debug;
        if (sig == SIGTRAP) {
            if (s.stepOver != null || s.lastRequest == Linux.PTRACE_SINGLESTEP) {
                sig = 0;
            } else {
                BreakpointTable table = tables.get(t.processId());
                if (table != null && !table.isEmpty()) {
                    try {
                        RegisterSet r = kernel.readRegisters(t.pid());
                        long address = BreakpointEncoding.hitAddress(arch, r.programCounter());
                        BreakpointTable.Bp bp = table.find(address);
                        if (bp != null && bp.inserted) {
                            if (address != r.programCounter()) {
                                kernel.writeRegisters(t.pid(), r.withProgramCounter(address), false);
                            }
                            sig = 0;
                        }
                    } catch (PtraceException e) {
                        // gone
                    }
                }
            }
        }
        s.hit = null;
        s.stepOver = null;
        removeBreakpointsOf(t);
        return sig;
    }

    private void removeBreakpointsOf(TraceeHandle t) {
        int tgid = t.processId();
        BreakpointTable table = tables.remove(tgid);
        if (table == null) {
            return;
        }
        table.use(t);
        try {
            table.clear();
        } catch (RuntimeException e) {
            table.forget();
        }
        tables.values().removeIf(x -> x == table);
    }

    private void forgetIfLeader(TraceeHandle t) {
        if (t.pid() == t.processId()) {
            BreakpointTable table = tables.get(t.pid());
            if (table != null) {
                tables.remove(t.pid());
                if (table.ownerTgid() == t.pid()) {
                    table.forget();
                }
            }
        }
    }

    /** Whether a SIGTRAP came from the kernel's trap handling rather than from a sender. */
    static boolean isTrap(SignalInfo info) {
        return info.code() > 0 || (info.code() == Linux.SI_USER && info.pid() == 0);
    }

    private static int parentOf(int pid) {
        return ProcStatus.intField(pid, "PPid", -1);
    }

    /**
     * Per-thread debugger state of a {@link TraceeHandle}: the breakpoint hit of the current stop, a step-over in
     * flight, and the last resume request (to tell the tracer's own single-step traps from real SIGTRAPs). Written
     * by the debugger on the tracer thread; {@link #hit} is read from others.
     */
    static final class ThreadState {
        /** The breakpoint the current stop hit (its program counter already rewound), or null. */
        volatile BreakpointTable.Bp hit;
        /** The breakpoint being stepped over: its bytes are restored until the single-step ends. */
        BreakpointTable.Bp stepOver;
        /** The request to issue once the step-over ends. */
        int pendingRequest;
        /** The signal to deliver with {@link #pendingRequest}. */
        int pendingSignal;
        /** The ptrace request of the last resume, -1 before any. */
        int lastRequest = -1;
    }
}
