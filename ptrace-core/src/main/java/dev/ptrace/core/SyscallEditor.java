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
    private static final int PTRACE_SET_SYSCALL_INFO = Linux.PTRACE_SET_SYSCALL_INFO;
    private static final int INFO_SIZE = Linux.SYSCALL_INFO_SIZE;
    private static final int OP_ENTRY = Linux.PTRACE_SYSCALL_INFO_ENTRY;
    private static final int OP_EXIT = Linux.PTRACE_SYSCALL_INFO_EXIT;
    private static final int OP_SECCOMP = Linux.PTRACE_SYSCALL_INFO_SECCOMP;
    private static final int EIO = Linux.EIO;
    private static final int EINVAL = Linux.EINVAL;

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
        Stop s = tracee.stop();
        int op = s instanceof Stop.EventStop e && e.event() == PtraceEvent.SECCOMP ? OP_SECCOMP : OP_ENTRY;
        edit(what, op, change, regs, number);
    }

    private void edit(String what, int op, Consumer<ByteBuffer> change, UnaryOperator<RegisterSet> regs,
                      boolean number) {
        debugger.onTracer(() -> {
            Stop s = tracee.stop();
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
            Kernel kernel = debugger.kernel();
            RegisterSet before = kernel.readRegisters(tracee.pid());
            RegisterSet after = regs.apply(before);
            // aarch64: NT_ARM_SYSTEM_CALL as well where the number changes (an entry stop) or is set (seccomp stop)
            boolean scno = s instanceof Stop.SyscallEntry e ? e.number() != (int) after.syscallNumber() : number;
            kernel.writeRegisters(tracee.pid(), after, scno);
            return null;
        });
    }

    /** Tracer thread. @return false if the kernel lacks the request (remembered; the registers are used then) */
    private boolean setSyscallInfo(int op, Consumer<ByteBuffer> change) {
        ByteBuffer b = ByteBuffer.allocateDirect(INFO_SIZE).order(ByteOrder.nativeOrder());
        NativeCalls calls = debugger.kernel().calls();
        try {
            calls.ptrace(Linux.PTRACE_GET_SYSCALL_INFO, tracee.pid(), INFO_SIZE, b);
        } catch (NativeCallException e) {
            if (e.errno() == EIO || e.errno() == EINVAL) {
                return false; // no GET_SYSCALL_INFO either (before 5.3)
            }
            throw Kernel.fail(e, tracee.pid());
        }
        if ((b.get(0) & 0xff) != op) {
            return false; // the kernel sees another kind of stop: let the registers decide
        }
        b.put(1, (byte) 0);
        b.putShort(2, (short) 0); // reserved and flags must be 0
        change.accept(b);
        try {
            calls.ptrace(PTRACE_SET_SYSCALL_INFO, tracee.pid(), INFO_SIZE, b);
            debugger.setSyscallInfoWorks(true);
            return true;
        } catch (NativeCallException e) {
            if (e.errno() == EIO || (e.errno() == EINVAL && debugger.setSyscallInfo == null)) {
                debugger.setSyscallInfoWorks(false); // before Linux 6.16
                return false;
            }
            throw Kernel.fail(e, tracee.pid());
        }
    }
}
