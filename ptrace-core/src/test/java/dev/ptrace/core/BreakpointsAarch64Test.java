package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.Breakpoint;
import dev.ptrace.Stop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.ptrace.core.Regs.aarch64;
import static dev.ptrace.core.Regs.withRegs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Breakpoints on aarch64: BRK #0, aligned addresses, the pc at (not after) the breakpoint, TRAP_BRKPT. */
class BreakpointsAarch64Test extends EngineTestSupport {
    static final long TEXT = 0x400000;
    static final long BP = TEXT + 0x10;
    static final byte[] BRK = {0x00, 0x00, 0x20, (byte) 0xd4};
    static final byte[] MOV = {(byte) 0xe0, 0x03, 0x1f, 0x2a};

    @Override
    Arch arch() {
        return Arch.AARCH64;
    }

    private static FakeKernel.Event brkTrap(int pid, long pc, int code) {
        return withRegs(FakeKernel.signal(pid, 5, FakeKernel.siginfo(5, 0, code, 0, 0, pc)),
                aarch64(pc, 0x7ff000, 0, 0));
    }

    @Test
    void brkIsWrittenAtAlignedAddressesOnly() {
        fake.map(TEXT, 1, false);
        fake.poke(BP, MOV);
        TraceeHandle t = seize();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.breakpoints().set(BP + 2));
        assertEquals("AARCH64 breakpoints need 4-byte aligned addresses, not 0x400012", e.getMessage());
        Breakpoint bp = t.breakpoints().set(BP);
        assertArrayEquals(BRK, fake.memory(BP, 4));
        assertArrayEquals(MOV, bp.originalBytes());
        assertEquals(BreakpointEncoding.AARCH64_BRK_0, BreakpointEncoding.aarch64Brk(0));
        assertEquals(0xd4200020, BreakpointEncoding.aarch64Brk(1));
        assertThrows(IllegalArgumentException.class, () -> BreakpointEncoding.aarch64Brk(0x10000));
        assertThrows(IllegalArgumentException.class, () -> BreakpointEncoding.aarch64Brk(-1));
    }

    @Test
    void aHitLeavesThePcAtTheBreakpointAndIsSteppedOver() throws Exception {
        fake.map(TEXT, 1, false);
        fake.poke(BP, MOV);
        TraceeHandle t = seize();
        Breakpoint bp = t.breakpoints().set(BP);
        next(brkTrap(t.pid(), BP, Linux.TRAP_BRKPT), Stop.SignalDelivery.class);
        assertEquals(Optional.of(bp), t.breakpoints().current());
        assertEquals(List.of(), fake.writtenRegs, "nothing to rewind on aarch64");
        t.cont();
        assertArrayEquals(MOV, fake.memory(BP, 4));
        fake.emit(brkTrap(t.pid(), BP + 4, Linux.TRAP_TRACE));
        fake.awaitQuiescent();
        assertArrayEquals(BRK, fake.memory(BP, 4));
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO));

        t.interrupt(); // the fake kernel answers with an interrupt stop
        assertEquals(Stop.EventStop.class, tracer.waitAny(LONG).orElseThrow().getClass());
        t.cont();
        // SI_KERNEL is x86_64's code: not a BRK on aarch64
        next(brkTrap(t.pid(), BP, Linux.SI_KERNEL), Stop.SignalDelivery.class);
        assertFalse(t.breakpoints().isHit());
        assertTrue(bp.isInserted());
        assertEquals(1, bp.hitCount());
    }
}
