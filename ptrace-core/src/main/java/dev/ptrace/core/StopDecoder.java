package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.PtraceEvent;
import dev.ptrace.RegisterSet;
import dev.ptrace.Signal;
import dev.ptrace.Stop;
import dev.ptrace.SyscallArgs;

import java.nio.ByteBuffer;

/**
 * Turns one wait status of a tracee into the {@link Stop} it stands for, asking the kernel what the status alone
 * does not tell (syscall info, siginfo, event message), and keeps the tracee's state and the table up to date with
 * what the stop says (syscall entry/exit, new children, exec). Tracer thread only: its buffers are reused.
 */
final class StopDecoder {
    private final NativeCalls calls;
    private final Kernel kernel;
    private final Arch arch;
    private final TraceeTable table;
    private final StopHooks hooks;
    private final ByteBuffer sigInfo = Kernel.direct(Linux.SIGINFO_SIZE);
    private final ByteBuffer syscallInfo = Kernel.direct(Linux.SYSCALL_INFO_SIZE);
    private boolean syscallInfoSupported = true;

    StopDecoder(Kernel kernel, TraceeTable table, StopHooks hooks) {
        this.calls = kernel.calls();
        this.kernel = kernel;
        this.arch = kernel.arch();
        this.table = table;
        this.hooks = hooks;
    }

    /** The stop a wait status stands for, or null if there is none to report (the tracee died meanwhile). */
    Stop decode(TraceeHandle t, int raw) {
        if (WaitBits.exited(raw)) {
            return new Stop.Exited(t, (raw >> 8) & 0xff);
        }
        if (WaitBits.signaled(raw)) {
            return new Stop.Killed(t, Signal.of(raw & 0x7f), (raw & 0x80) != 0);
        }
        if (!WaitBits.stopped(raw)) {
            return null;
        }
        int sig = WaitBits.stopSignal(raw);
        int event = WaitBits.event(raw);
        if (sig == Linux.SYSCALL_TRAP && event == 0) {
            return syscallStop(t);
        }
        if (event == Linux.PTRACE_EVENT_STOP) {
            if (t.takeInitialStop()) {
                hooks.onNewTracee(t);
                return new Stop.EventStop(t, PtraceEvent.STOP, 0);
            }
            Signal s = Signal.of(sig & 0x7f);
            return s.isStopSignal() ? new Stop.GroupStop(t, s) : new Stop.EventStop(t, PtraceEvent.STOP, 0);
        }
        if (event != 0) {
            return eventStop(t, event);
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
            throw Kernel.fail(e, t.pid());
        }
        return hooks.signalStop(t, new Stop.SignalDelivery(t, signal, Structs.signalInfo(sigInfo)));
    }

    private Stop eventStop(TraceeHandle t, int event) {
        PtraceEvent kind = PtraceEvent.of(event).orElse(null);
        if (kind == null) {
            return new Stop.EventStop(t, PtraceEvent.STOP, event);
        }
        long msg;
        try {
            msg = kernel.eventMessage(t.pid());
        } catch (dev.ptrace.TraceeGoneException e) {
            return null;
        }
        switch (kind) {
            case FORK:
            case VFORK:
                // a new process: it leads its own thread group (no /proc read needed to know it)
                table.adoptChild((int) msg, t).knownProcessId((int) msg);
                break;
            case CLONE:
                table.adoptChild((int) msg, t);
                break;
            case EXEC:
                if ((int) msg != t.pid()) {
                    table.replacedByExec((int) msg, t);
                }
                hooks.onExec(t);
                break;
            case SECCOMP:
                msg &= 0xffff;
                if (t.seccompFiltered() && msg == SeccompAccelerator.OUR_DATA) {
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
            if (t.inSyscall()) {
                calls.ptrace(Linux.PTRACE_SYSCALL, t.pid(), 0, 0);
                return null;
            }
            calls.ptrace(Linux.PTRACE_GET_SYSCALL_INFO, t.pid(), Linux.SYSCALL_INFO_SIZE, syscallInfo);
        } catch (NativeCallException e) {
            if (e.errno() == Linux.ESRCH) {
                return null; // killed meanwhile: its exit status follows
            }
            throw Kernel.fail(e, t.pid());
        }
        return entryStop(t);
    }

    /**
     * The syscall-entry stop that {@code syscallInfo} holds (ENTRY and SECCOMP share the layout: ip @8, sp @16,
     * nr @24, args @32), read straight from the buffer: this runs at every traced syscall.
     */
    private Stop.SyscallEntry entryStop(TraceeHandle t) {
        int number = (int) syscallInfo.getLong(24);
        t.enteredSyscall(number);
        return new Stop.SyscallEntry(t, archOf(syscallInfo.getInt(4)), number, Structs.args(syscallInfo),
                syscallInfo.getLong(8), syscallInfo.getLong(16));
    }

    /**
     * A syscall stop: entry or exit, as the kernel says ({@code PTRACE_GET_SYSCALL_INFO}); before Linux 5.3, from
     * the registers: aarch64 marks entry/exit in x7, and on x86_64 only an entry has rax = -ENOSYS (an exit
     * returning -ENOSYS is told apart by the previous stop).
     */
    Stop syscallStop(TraceeHandle t) {
        if (syscallInfoSupported) {
            try {
                calls.ptrace(Linux.PTRACE_GET_SYSCALL_INFO, t.pid(), Linux.SYSCALL_INFO_SIZE, syscallInfo);
                int op = syscallInfo.get(0) & 0xff;
                if (op == Linux.PTRACE_SYSCALL_INFO_ENTRY) {
                    return entryStop(t);
                }
                if (op == Linux.PTRACE_SYSCALL_INFO_EXIT) {
                    t.leftSyscall();
                    return new Stop.SyscallExit(t, archOf(syscallInfo.getInt(4)), t.syscallNumber(),
                            syscallInfo.getLong(24), syscallInfo.get(32) != 0);
                }
            } catch (NativeCallException e) {
                if (e.errno() == Linux.ESRCH) {
                    return null;
                }
                if (e.errno() != Linux.EIO && e.errno() != Linux.EINVAL) {
                    throw Kernel.fail(e, t.pid());
                }
                syscallInfoSupported = false;
            }
        }
        RegisterSet r = kernel.readRegisters(t.pid());
        boolean entry = arch == Arch.AARCH64 ? r.get("x7") == 0
                : r.returnValue() == -Linux.ENOSYS && !t.inSyscall();
        if (entry) {
            t.enteredSyscall((int) r.syscallNumber());
            return new Stop.SyscallEntry(t, arch, t.syscallNumber(), SyscallArgs.of(r), r.programCounter(),
                    r.stackPointer());
        }
        t.leftSyscall();
        long rv = r.returnValue();
        return new Stop.SyscallExit(t, arch, t.syscallNumber(), rv, rv < 0 && rv >= -4095);
    }

    private Arch archOf(int auditArch) {
        return auditArch == arch.auditArch() ? arch : Arch.ofAuditArch(auditArch).orElse(arch);
    }
}
