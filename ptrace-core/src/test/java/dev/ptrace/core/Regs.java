package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.RegisterSet;

import java.nio.ByteBuffer;

/** Register files and syscall-info blocks for scripted stops of the {@link FakeKernel}. */
final class Regs {
    private Regs() {
    }

    /** x86_64 registers with a program counter, stack pointer, orig_rax and rax; the rest 0. */
    static long[] x86(long rip, long rsp, long origRax, long rax) {
        return new RegisterSet(Arch.X86_64, new long[27]).withProgramCounter(rip).with("rsp", rsp)
                .with("orig_rax", origRax).with("rax", rax).values();
    }

    /** aarch64 registers with pc, sp, x8 (syscall number) and x0 (return value / first argument). */
    static long[] aarch64(long pc, long sp, long x8, long x0) {
        return new RegisterSet(Arch.AARCH64, new long[34]).withProgramCounter(pc).with("sp", sp).with("x8", x8)
                .with("x0", x0).values();
    }

    static RegisterSet set(Arch arch, long[] values) {
        return new RegisterSet(arch, values);
    }

    /** The event with these registers answering PTRACE_GETREGSET at its stop. */
    static FakeKernel.Event withRegs(FakeKernel.Event e, long[] regs) {
        e.ctx().regs = regs;
        return e;
    }

    /** A bare syscall stop (entry or exit: only the registers tell) with these registers. */
    static FakeKernel.Event syscallStop(int pid, long[] regs) {
        return FakeKernel.syscallByRegisters(pid, regs);
    }

    /** A PTRACE_EVENT_SECCOMP stop with its event message and the kernel's SECCOMP syscall info. */
    static FakeKernel.Event seccompStop(int pid, int auditArch, int retData, int nr, long... args) {
        FakeKernel.Event e = FakeKernel.event(pid, 7, retData);
        ByteBuffer b = FakeKernel.buffer(Linux.SYSCALL_INFO_SIZE);
        b.put(0, (byte) Linux.PTRACE_SYSCALL_INFO_SECCOMP);
        b.putInt(4, auditArch);
        b.putLong(8, 0x401000L + nr);
        b.putLong(16, 0x7ffd0000L);
        b.putLong(24, nr);
        for (int i = 0; i < args.length; i++) {
            b.putLong(32 + 8 * i, args[i]);
        }
        b.putInt(80, retData);
        e.ctx().syscallInfo = b.array();
        return e;
    }
}
