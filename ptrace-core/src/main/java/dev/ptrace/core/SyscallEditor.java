package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.Errno;
import dev.ptrace.PtraceEvent;
import dev.ptrace.RegisterSet;
import dev.ptrace.Stop;
import dev.ptrace.SyscallTampering;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@link SyscallTampering} for one tracee: {@code PTRACE_SET_SYSCALL_INFO} where the kernel has it (read the
 * current {@code struct ptrace_syscall_info}, change it, write it back), else the registers.
 */
final class SyscallEditor implements SyscallTampering {
    /**
     * {@code PTRACE_SET_SYSCALL_INFO} (Linux 6.16, include/uapi/linux/ptrace.h). Defined here because the
     * installed headers (6.1) predate it.
     */
    static final int PTRACE_SET_SYSCALL_INFO = 0x4212;
    /** {@code sizeof(struct ptrace_syscall_info)} (op, reserved, flags, arch, ip, sp, union of 64 bytes). */
    static final int INFO_SIZE = 88;
    private static final int OP_ENTRY = 1;
    private static final int OP_EXIT = 2;
    private static final int OP_SECCOMP = 3;
    private static final int EIO = 5;
    private static final int EINVAL = 22;

    private final Debugger debugger;
    private final TraceeHandle tracee;

    SyscallEditor(Debugger debugger, TraceeHandle tracee) {
        this.debugger = debugger;
        this.tracee = tracee;
    }

    @Override
    public boolean usesSetSyscallInfo() {
        return Boolean.TRUE.equals(debugger.setSyscallInfo);
    }

    @Override
    public void setArg(int index, long value) {
        if (index < 0 || index > 5) {
            throw new IllegalArgumentException("syscall argument index must be 0..5, was " + index);
        }
        atEntry("setArg", b -> b.putLong(32 + 8 * index, value), r -> r.withSyscallArg(index, value), false);
    }

    @Override
    public void setNumber(int number) {
        atEntry("setNumber", b -> b.putLong(24, number), r -> r.withSyscallNumber(number), true);
    }

    @Override
    public void skip() {
        setNumber(-1);
    }

    @Override
    public void setResult(long value) {
        boolean error = value < 0 && value >= -4095;
        edit("setResult", OP_EXIT, b -> {
            b.putLong(24, value);
            b.put(32, (byte) (error ? 1 : 0));
            for (int i = 33; i < 40; i++) {
                b.put(i, (byte) 0);
            }
        }, r -> r.withReturnValue(value), false);
    }

    @Override
    public void fail(Errno errno) {
        fail(errno.number());
    }

    @Override
    public void fail(int errno) {
        if (errno < 1 || errno > 4095) {
            throw new IllegalArgumentException("errno must be 1..4095, was " + errno);
        }
        setResult(-errno);
    }

    private void atEntry(String what, Consumer<ByteBuffer> change, UnaryOperator<RegisterSet> regs, boolean number) {
        Stop s = tracee.currentStop;
        int op = s instanceof Stop.EventStop e && e.event() == PtraceEvent.SECCOMP ? OP_SECCOMP : OP_ENTRY;
        edit(what, op, change, regs, number);
    }

    private void edit(String what, int op, Consumer<ByteBuffer> change, UnaryOperator<RegisterSet> regs,
                      boolean number) {
        debugger.onTracer(() -> {
            Stop s = tracee.currentStop;
            boolean ok = op == OP_EXIT ? s instanceof Stop.SyscallExit
                    : op == OP_SECCOMP ? s instanceof Stop.EventStop e && e.event() == PtraceEvent.SECCOMP
                    : s instanceof Stop.SyscallEntry;
            if (!ok) {
                throw new IllegalStateException(what + " needs a " + (op == OP_EXIT ? "syscall-exit stop"
                        : "syscall-entry or seccomp stop") + "; tracee " + tracee.pid() + " is at "
                        + (s == null ? tracee.state() : s));
            }
            if (!Boolean.FALSE.equals(debugger.setSyscallInfo) && setSyscallInfo(op, change)) {
                return null;
            }
            RegisterSet before = debugger.engine().registers(tracee);
            RegisterSet after = regs.apply(before);
            debugger.engine().setRegisters(tracee, after);
            if (number && debugger.arch() == Arch.AARCH64 && !(s instanceof Stop.SyscallEntry)) {
                // setRegisters writes NT_ARM_SYSTEM_CALL at entry stops only; a seccomp stop needs it too
                ByteBuffer scno = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                scno.putInt(0, (int) after.syscallNumber());
                try {
                    debugger.engine().calls().setRegset(tracee.pid(), Linux.NT_ARM_SYSTEM_CALL, scno, 4);
                } catch (NativeCallException e) {
                    throw Errors.translate(e, tracee.pid());
                }
            }
            return null;
        });
    }

    /** Tracer thread. @return false if the kernel lacks the request (remembered; the registers are used then) */
    private boolean setSyscallInfo(int op, Consumer<ByteBuffer> change) {
        ByteBuffer b = ByteBuffer.allocateDirect(INFO_SIZE).order(ByteOrder.nativeOrder());
        NativeCalls calls = debugger.engine().calls();
        try {
            calls.ptrace(Linux.PTRACE_GET_SYSCALL_INFO, tracee.pid(), INFO_SIZE, b);
        } catch (NativeCallException e) {
            if (e.errno() == EIO || e.errno() == EINVAL) {
                return false; // no GET_SYSCALL_INFO either (before 5.3)
            }
            throw Errors.translate(e, tracee.pid());
        }
        if ((b.get(0) & 0xff) != op) {
            return false; // the kernel sees another kind of stop: let the registers decide
        }
        b.put(1, (byte) 0);
        b.putShort(2, (short) 0); // reserved and flags must be 0
        change.accept(b);
        try {
            calls.ptrace(PTRACE_SET_SYSCALL_INFO, tracee.pid(), INFO_SIZE, b);
            debugger.setSyscallInfo = Boolean.TRUE;
            return true;
        } catch (NativeCallException e) {
            if (e.errno() == EIO || (e.errno() == EINVAL && debugger.setSyscallInfo == null)) {
                debugger.setSyscallInfo = Boolean.FALSE; // before Linux 6.16
                return false;
            }
            throw Errors.translate(e, tracee.pid());
        }
    }
}
