package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.Stop;
import dev.ptrace.TraceeGoneException;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ptrace.core.Regs.aarch64;
import static dev.ptrace.core.Regs.withRegs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** On aarch64 the register path must also write NT_ARM_SYSTEM_CALL to change the number at a seccomp stop. */
class SyscallEditorAarch64Test extends EngineTestSupport {

    @Override
    Arch arch() {
        return Arch.AARCH64;
    }

    @Test
    void changingTheNumberAtASeccompStopWritesTheSyscallRegisterSet() {
        tracer.debugger.setSyscallInfo = Boolean.FALSE;
        TraceeHandle t = seize();
        next(withRegs(Regs.seccompStop(t.pid(), FakeKernel.AUDIT_AARCH64, 1, 56), aarch64(0x400104, 0x7ff000, 56, -100)),
                Stop.EventStop.class);
        t.syscallTampering().setNumber(-1);
        assertEquals(-1, Regs.set(Arch.AARCH64, fake.writtenRegs.get(0)).get("x8"));
        assertEquals(List.of(-1), fake.writtenScno);
        assertEquals(Linux.NT_ARM_SYSTEM_CALL, last(FakeKernel.SETREGSET, t.pid()).addr());

        t.syscallTampering().setArg(0, 3);
        assertEquals(List.of(-1), fake.writtenScno, "arguments need no syscall register set");

        fake.failNext(FakeKernel.SETREGSET, 0);
        fake.failNext(FakeKernel.SETREGSET, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> t.syscallTampering().skip());
    }

    @Test
    void atAnEntryStopSetRegistersAlreadyWritesTheNumber() {
        tracer.debugger.setSyscallInfo = Boolean.FALSE;
        TraceeHandle t = seize();
        next(withRegs(FakeKernel.syscallEntryArch(t.pid(), FakeKernel.AUDIT_AARCH64, 56),
                aarch64(0x400104, 0x7ff000, 56, -100)), Stop.SyscallEntry.class);
        t.syscallTampering().setNumber(57);
        assertEquals(List.of(57), fake.writtenScno, "once, by setRegisters");
    }
}
