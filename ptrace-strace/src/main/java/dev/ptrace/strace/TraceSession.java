package dev.ptrace.strace;

import dev.ptrace.Arch;
import dev.ptrace.Signal;
import dev.ptrace.Stop;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.Tracer;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.SyscallTables;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The event loop of one trace: turns stops into {@link StraceEvent}s and resumes the tracees. */
final class TraceSession {
    /** Waits without a time limit, yet can be woken (see {@link Tracer#waitAny(Duration)}). */
    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    private final Tracer tracer;
    private final StraceOptions options;
    private final Consumer<StraceEvent> handler;
    private final TraceControl control;
    private final boolean attached;
    private final SyscallFormatter formatter;
    private final SyscallTables tables;
    private final Tampering tampering;
    private final Map<Integer, SyscallFormatter.Pending> pending = new HashMap<>();
    private final Set<Integer> live = new HashSet<>();
    private final long epochBase;
    private final long nanoBase;
    private int mainStatus;
    private StackCapture stacks; // with -k only, made when the main pid is known
    /** Whether the spawned command's own first execve is still to come (it is never detached at, see -b). */
    private boolean firstExecPending = true;

    TraceSession(Tracer tracer, StraceOptions options, Consumer<StraceEvent> handler, TraceControl control,
                 boolean attached) {
        this.tracer = tracer;
        this.options = options;
        this.handler = handler;
        this.control = control;
        this.attached = attached;
        Arch arch = tracer.arch();
        this.tables = SyscallTables.of(arch);
        this.tampering = new Tampering(options.injections(), control::isStopRequested);
        this.formatter = new SyscallFormatter(tables, options.syscallFilter(), options.rawSyscalls(),
                new DecodeContext(tables, options.stringLimit(), options.fdPaths(), options.constantStyle(),
                        options.stringsInHex()));
        this.epochBase = System.currentTimeMillis() * 1_000_000L;
        this.nanoBase = System.nanoTime();
    }

    void track(int pid) {
        live.add(pid);
    }

    /**
     * Lets a tracee just attached run. One that was stopped already (by SIGSTOP or SIGTSTP) stays stopped, and shows
     * as strace shows it: {@code --- stopped by SIGSTOP ---}.
     */
    void resumeAttached(Tracee t) {
        Optional<Stop> s = t.currentStop();
        if (s.isPresent() && s.get() instanceof Stop.GroupStop) {
            handle(s.get(), -1);
        } else {
            t.syscall();
        }
    }

    private long now() {
        return epochBase + (System.nanoTime() - nanoBase);
    }

    int run(int mainPid) {
        control.bind(tracer);
        if (options.stackTraces()) {
            stacks = new StackCapture(attached ? -1 : mainPid);
        }
        while (true) {
            if (control.isStopRequested()) {
                stopNow(mainPid);
                return 0;
            }
            if (live.isEmpty() && tracer.tracees().isEmpty()) {
                return mainStatus;
            }
            Optional<Stop> s = tracer.waitAny(FOREVER);
            if (s.isEmpty()) {
                if (tracer.tracees().isEmpty()) {
                    return mainStatus;
                }
                continue; // woken by the control
            }
            handle(s.get(), mainPid);
        }
    }

    /**
     * Ends the trace on the control's request: detaching everything, after passing a forwarded signal to the
     * command as strace does (SIGCONT, then the signal); or else leaving it to the tracer's close (kill the spawned,
     * detach the attached).
     */
    private void stopNow(int mainPid) {
        if (!control.detachAll()) {
            return;
        }
        Optional<Signal> signal = control.forwardedSignal();
        if (signal.isPresent() && !attached) {
            tracer.tracee(mainPid).ifPresent(t -> {
                try {
                    t.sendSignal(Signal.SIGCONT);
                    t.sendSignal(signal.get());
                } catch (TraceeGoneException gone) {
                    // it died meanwhile: nothing to pass the signal on to
                }
            });
        }
        tracer.detachAll();
    }

    private void handle(Stop stop, int mainPid) {
        Tracee t = stop.tracee();
        int pid = t.pid();
        if (live.add(pid) && !stop.isTerminal()) {
            handler.accept(new AttachEvent(t, 0, now())); // a new child whose first stop came before the fork event
        }
        if (stop instanceof Stop.SyscallEntry) {
            Stop.SyscallEntry e = (Stop.SyscallEntry) stop;
            SyscallFormatter.Pending p = formatter.enter(t, e.number(), e.args(), e.stackPointer(), now());
            pending.put(pid, p);
            if (p.shown()) {
                if (stacks != null) {
                    stacks.entered(t, p.entryEvent().syscall());
                }
                handler.accept(p.entryEvent());
            }
            // as strace's, only traced syscalls are tampered with (and counted)
            String name = tampering.isEmpty() ? null : tables.syscallName(e.number());
            Signal inject = name == null || !options.syscallFilter().test(name) ? Signal.NONE
                    : tampering.enter(t, e.number(), name);
            if (inject == Signal.NONE) {
                t.syscall();
            } else {
                t.syscall(inject);
            }
        } else if (stop instanceof Stop.SyscallExit) {
            Stop.SyscallExit x = (Stop.SyscallExit) stop;
            SyscallFormatter.Pending p = pending.remove(pid);
            Tampering.Outcome o = tampering.isEmpty() ? null : tampering.exit(t, x.returnValue(), x.isError());
            SyscallEvent ev = o == null ? formatter.exit(t, p, x.number(), x.returnValue(), x.isError(), now())
                    : formatter.exit(t, p, x.number(), o.value(), o.error(), now());
            if (ev != null) {
                SyscallEvent shown = o == null ? ev : ev.withResultMarks(o.marks());
                handler.accept(stacks == null ? shown : shown.withStackTrace(stacks.exited(t)));
            }
            t.syscall();
        } else if (stop instanceof Stop.SignalDelivery) {
            Stop.SignalDelivery d = (Stop.SignalDelivery) stop;
            if (options.signalFilter().test(d.signal())) {
                SignalEvent ev = new SignalEvent(t, now(), d.signal(), d.info(), false, options.constantStyle());
                handler.accept(stacks == null ? ev : ev.withStackTrace(stacks.now(t)));
            }
            t.syscall();
        } else if (stop instanceof Stop.GroupStop) {
            Stop.GroupStop g = (Stop.GroupStop) stop;
            if (options.signalFilter().test(g.signal())) {
                SignalEvent ev = new SignalEvent(t, now(), g.signal(), null, true);
                handler.accept(stacks == null ? ev : ev.withStackTrace(stacks.now(t)));
            }
            t.syscall();
        } else if (stop instanceof Stop.EventStop) {
            handleEvent((Stop.EventStop) stop, t, pid);
        } else if (stop instanceof Stop.Exited) {
            Stop.Exited x = (Stop.Exited) stop;
            StackTrace queued = ended(t, pid, mainPid, x.status());
            handler.accept(ExitEvent.exited(t, now(), x.status()).withStackTrace(queued));
        } else if (stop instanceof Stop.Killed) {
            Stop.Killed k = (Stop.Killed) stop;
            StackTrace queued = ended(t, pid, mainPid, 128 + k.signal().number());
            handler.accept(ExitEvent.killed(t, now(), k.signal(), k.coreDumped(),
                    options.signalFilter().test(k.signal())).withStackTrace(queued));
        }
    }

    /** Forgets an ended tracee; returns the stack taken at the entry of the syscall it ended in ({@code -k}), or null. */
    private StackTrace ended(Tracee t, int pid, int mainPid, int status) {
        live.remove(pid);
        formatter.forget(pid);
        tampering.forget(pid);
        SyscallFormatter.Pending p = pending.remove(pid);
        if (p != null && p.shown()) {
            handler.accept(formatter.unfinished(t, p, now()));
        }
        if (pid == mainPid) {
            mainStatus = status;
        }
        return stacks == null ? null : stacks.ended(pid);
    }

    /**
     * strace's {@code -b execve}: at a successful execve, every process but a spawned command at its first one is
     * detached and goes on untraced. Returns whether {@code t} was detached.
     */
    private boolean detachAtExec(Tracee t, int pid) {
        if (!options.detachOnExecve()) {
            return false;
        }
        if (firstExecPending && !attached) {
            firstExecPending = false;
            return false;
        }
        pending.remove(pid);
        live.remove(pid);
        formatter.forget(pid);
        t.detach();
        handler.accept(ExitEvent.detached(t, now()));
        return true;
    }

    private void handleEvent(Stop.EventStop ev, Tracee t, int pid) {
        switch (ev.event()) {
            case FORK:
            case VFORK:
            case CLONE:
                int child = (int) ev.message();
                if (live.add(child)) {
                    tracer.tracee(child).ifPresent(c -> handler.accept(new AttachEvent(c, pid, now())));
                }
                break;
            case EXEC:
                if (detachAtExec(t, pid)) {
                    return;
                }
                int former = (int) ev.message();
                if (former != pid && former > 0) {
                    // The old leader's own syscall (e.g. pause) ends here, unfinished; then its identity goes to the
                    // exec'ing thread, whose execve completes under the process id.
                    SyscallFormatter.Pending old = pending.remove(pid);
                    if (old != null && old.shown()) {
                        handler.accept(formatter.unfinished(t, old, now()));
                    }
                    SyscallFormatter.Pending p = pending.remove(former);
                    live.remove(former);
                    formatter.forget(former);
                    handler.accept(ExitEvent.superseded(t, former, now()));
                    if (p != null) {
                        pending.put(pid, p.movedTo(t));
                    }
                    if (stacks != null) {
                        stacks.moved(former, pid);
                    }
                }
                break;
            case SECCOMP:
                if (options.yieldSeccomp()) {
                    handler.accept(new SeccompEvent(t, now(), (int) (ev.message() & 0xffff)));
                }
                break;
            default:
                break;
        }
        t.syscall();
    }

    static SyscallArgs noArgs() {
        return new SyscallArgs(0, 0, 0, 0, 0, 0);
    }
}
