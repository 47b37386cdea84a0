package dev.ptrace.core;

import dev.ptrace.Arch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BreakpointEncodingTest {

    @Test
    void aarch64UsesBrk0StoredLittleEndian() {
        assertEquals(0xd4200000, BreakpointEncoding.AARCH64_BRK_0);
        assertEquals(0xd4200000, BreakpointEncoding.aarch64Brk(0));
        assertEquals(0xd4200020, BreakpointEncoding.aarch64Brk(1));
        assertEquals(0xd43fffe0, BreakpointEncoding.aarch64Brk(0xffff));
        assertThrows(IllegalArgumentException.class, () -> BreakpointEncoding.aarch64Brk(0x10000));
        assertArrayEquals(new byte[] {0x00, 0x00, 0x20, (byte) 0xd4}, BreakpointEncoding.instruction(Arch.AARCH64));
        assertEquals(4, BreakpointEncoding.alignment(Arch.AARCH64));
        assertEquals(0x1000, BreakpointEncoding.hitAddress(Arch.AARCH64, 0x1000), "BRK traps before it runs");
        assertTrue(BreakpointEncoding.isBreakpointTrapCode(Arch.AARCH64, Linux.TRAP_BRKPT));
        assertFalse(BreakpointEncoding.isBreakpointTrapCode(Arch.AARCH64, Linux.TRAP_TRACE));
    }

    @Test
    void x86UsesInt3AndTrapsAfterIt() {
        assertArrayEquals(new byte[] {(byte) 0xcc}, BreakpointEncoding.instruction(Arch.X86_64));
        assertEquals(1, BreakpointEncoding.alignment(Arch.X86_64));
        assertEquals(0x1000, BreakpointEncoding.hitAddress(Arch.X86_64, 0x1001), "int3 leaves rip one byte on");
        assertTrue(BreakpointEncoding.isBreakpointTrapCode(Arch.X86_64, Linux.SI_KERNEL));
        assertFalse(BreakpointEncoding.isBreakpointTrapCode(Arch.X86_64, Linux.TRAP_TRACE));
    }
}
