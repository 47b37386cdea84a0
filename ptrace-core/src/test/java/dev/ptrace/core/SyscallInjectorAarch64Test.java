package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.RegisterSet;
import dev.ptrace.Stop;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ptrace.core.Regs.aarch64;
import static dev.ptrace.core.Regs.withRegs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Syscall injection on aarch64: svc #0, x8 and NT_ARM_SYSTEM_CALL, and no restart of interrupted calls. */
class SyscallInjectorAarch64Test extends EngineTestSupport {
    static final long TEXT = 0x400000;
    static final long SP = 0x7ff800;
    static final byte[] SVC = {0x01, 0x00, 0x00, (byte) 0xd4};
    static final byte[] NOP = {0x1f, 0x20, 0x03, (byte) 0xd5};

    @Override
    Arch arch() {
        return Arch.AARCH64;
    }

    @BeforeEach
    void text() {
        fake.map(TEXT, 1, false);
    }

    private RegisterSet written(int i) {
        List<long[]> w = fake.writtenRegs;
        return Regs.set(Arch.AARCH64, w.get(i < 0 ? w.size() + i : i));
    }

    @Test
    void atAnExitStopTheSvcBeforeThePcIsUsedWithX8() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x10, SVC);
        long[] saved = aarch64(TEXT + 0x14, SP, 172, 99);
        next(withRegs(FakeKernel.syscallExit(pid, 99, false), saved), Stop.SyscallExit.class);
        fake.afterResume(Regs.syscallStop(pid, aarch64(TEXT + 0x14, SP, 178, 0)),
                Regs.syscallStop(pid, aarch64(TEXT + 0x14, SP, 178, 4444)));

        assertEquals(4444, t.injectSyscall(178, 7));

        RegisterSet start = written(0);
        assertEquals(TEXT + 0x10, start.programCounter());
        assertEquals(178, start.get("x8"));
        assertEquals(7, start.get("x0"));
        assertArrayEquals(saved, written(-1).values());
        assertEquals(List.of(), fake.writtenScno, "away from an entry stop x8 is the number");
    }

    @Test
    void atAnEntryStopTheNumberGoesThroughNtArmSystemCall() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x10, SVC);
        long[] saved = aarch64(TEXT + 0x14, SP, 63, 3);
        next(withRegs(FakeKernel.syscallEntryArch(pid, FakeKernel.AUDIT_AARCH64, 63, 3), saved),
                Stop.SyscallEntry.class);
        fake.afterResume(Regs.syscallStop(pid, aarch64(TEXT + 0x14, SP, 172, 321)),
                Regs.syscallStop(pid, aarch64(TEXT + 0x14, SP, 63, 3)));

        assertEquals(321, t.injectSyscall(172));

        assertEquals(List.of(172, 63), fake.writtenScno, "ours, then the original back");
        RegisterSet rearm = written(1);
        assertEquals(TEXT + 0x10, rearm.programCounter());
        assertEquals(63, rearm.get("x8"));
        assertArrayEquals(saved, written(2).values());
    }

    @Test
    void anInterruptedSyscallAwaitingItsRestartCannotBeInjectedInto() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x20, NOP);
        for (long err : new long[] {-512, -513, -514, -516}) {
            next(withRegs(FakeKernel.interruptStop(pid), aarch64(TEXT + 0x20, SP, 101, err)), Stop.EventStop.class);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.injectSyscall(172));
            assertTrue(e.getMessage().contains("awaits its restart on aarch64"), e.getMessage());
            t.cont();
        }
        assertEquals(List.of(), fake.writtenRegs);
        assertArrayEquals(NOP, fake.memory(TEXT + 0x20, 4));
    }

    @Test
    void atAnInterruptStopOutsideASyscallTheSvcIsPatchedInAndTheRegistersRestoredUnchanged() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x20, NOP);
        long[] saved = aarch64(TEXT + 0x20, SP, 0, -512 + 1); // -511: not a restart code
        next(withRegs(FakeKernel.interruptStop(pid), saved), Stop.EventStop.class);
        fake.afterResume(Regs.syscallStop(pid, saved), Regs.syscallStop(pid, aarch64(TEXT + 0x24, SP, 172, 5)));

        assertEquals(5, t.injectSyscall(172));

        assertEquals(TEXT + 0x20, written(0).programCounter());
        assertArrayEquals(saved, written(-1).values(), "aarch64 restores exactly what it saved");
        assertArrayEquals(NOP, fake.memory(TEXT + 0x20, 4));
        assertTrue(fake.calls(Linux.PTRACE_POKEDATA, pid).stream().anyMatch(c -> c.addr() == TEXT + 0x20
                && (c.data() & 0xffffffffL) == 0xd4000001L), "svc #0 written at the pc");
    }
}
