package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.RegisterSet;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What differs on aarch64: the register fallback (x7), NT_ARM_SYSTEM_CALL, the execve number. */
class EngineAarch64Test extends EngineTestSupport {

    @Override
    Arch arch() {
        return Arch.AARCH64;
    }

    private static long[] regs(long x7, long x8, long x0) {
        long[] r = new long[34];
        r[7] = x7;
        r[8] = x8;
        r[0] = x0;
        r[1] = 11;
        r[32] = 0x400100;
        r[31] = 0x7ff000;
        return r;
    }

    @Test
    void registerFallbackUsesX7() {
        fake.syscallInfoUnsupported = true;
        TraceeHandle t = seize();
        Stop.SyscallEntry e = next(FakeKernel.syscallByRegisters(t.pid(), regs(0, 56, -100)), Stop.SyscallEntry.class);
        assertEquals(Arch.AARCH64, e.arch());
        assertEquals(56, e.number());
        assertEquals(-100, e.arg(0));
        assertEquals(11, e.arg(1));
        assertEquals(0x400100, e.instructionPointer());
        assertEquals(0x7ff000, e.stackPointer());
        t.syscall();
        Stop.SyscallExit x = next(FakeKernel.syscallByRegisters(t.pid(), regs(1, 56, -2)), Stop.SyscallExit.class);
        assertEquals(56, x.number());
        assertEquals(-2, x.returnValue());
        assertTrue(x.isError());
        t.syscall();
        // an entry is an entry even right after another entry (x7 says so, no toggling)
        next(FakeKernel.syscallByRegisters(t.pid(), regs(0, 63, 0)), Stop.SyscallEntry.class);
        t.syscall();
        assertEquals(63, next(FakeKernel.syscallByRegisters(t.pid(), regs(0, 63, 0)), Stop.SyscallEntry.class)
                .number());
    }

    @Test
    void changingTheSyscallNumberAtAnEntryWritesNtArmSystemCall() {
        TraceeHandle t = seize();
        next(FakeKernel.syscallEntryArch(t.pid(), FakeKernel.AUDIT_AARCH64, 56), Stop.SyscallEntry.class);
        RegisterSet r = new RegisterSet(Arch.AARCH64, regs(0, 56, 0));
        t.setRegisters(r);
        assertEquals(List.of(), fake.writtenScno, "unchanged number: x8 is enough");
        t.setRegisters(r.withSyscallNumber(-1));
        assertEquals(List.of(-1), fake.writtenScno);
        assertEquals(Linux.NT_ARM_SYSTEM_CALL, last(FakeKernel.SETREGSET, t.pid()).addr());
        t.syscall();
        next(FakeKernel.syscallExit(t.pid(), 0, false), Stop.SyscallExit.class);
        t.setRegisters(r.withSyscallNumber(7));
        assertEquals(List.of(-1), fake.writtenScno, "only at an entry stop");
    }

    @Test
    void spawnWaitsForTheAarch64Execve() {
        int pid = fake.reservePid();
        fake.spawnPids.add(pid);
        fake.afterResume(FakeKernel.syscallEntryArch(pid, FakeKernel.AUDIT_AARCH64, 59),
                FakeKernel.syscallExit(pid, 0, false),
                FakeKernel.syscallEntryArch(pid, FakeKernel.AUDIT_AARCH64, 221));
        Tracee t = tracer.spawn(List.of("/bin/true"));
        assertEquals(221, ((Stop.SyscallEntry) t.currentStop().orElseThrow()).number());
        assertEquals(3, fake.calls(Linux.PTRACE_SYSCALL, pid).size());
    }
}
