package dev.ptrace.core.unwind;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CFI interpreter, the FDE search and one unwinding step, on hand-assembled call-frame information. */
class CfiProgramTest {
    private static final long FRAME = 0x5000;
    private static final long HEADER = 0x4f00;

    /** A gcc -O0 style x86_64 function at 0x1000: push rbp; mov rbp,rsp; ...; a remembered state near its end. */
    private static EhFrameBuilder x86Function() {
        EhFrameBuilder b = new EhFrameBuilder(FRAME);
        int cie = b.cie(1, -8, 16, 0x0c, 7, 8, 0x90, 1); // def_cfa rsp+8; offset r16 (RA) at cfa-8
        b.fde(cie, 0x1000, 0x20,
                0x41, 0x0e, 16, 0x86, 2, // advance 1; def_cfa_offset 16; offset rbp at cfa-16
                0x43, 0x0d, 6, // advance 3; def_cfa_register rbp
                0x50, 0x0a, 0x0c, 7, 8, // advance 16; remember_state; def_cfa rsp+8
                0x41, 0x0b); // advance 1; restore_state
        b.fde(cie, 0x3000, 0x10, 0x07, 16); // a function whose return address is undefined (_start)
        return b;
    }

    private static CallFrameEntries entries(EhFrameBuilder b, boolean withHeader) {
        return new CallFrameEntries(b.bytes(), FRAME, withHeader ? b.header(HEADER) : null, HEADER);
    }

    @Test
    void rowsFollowTheAdvances() throws CfiException {
        for (boolean header : new boolean[] {true, false}) {
            CallFrameEntries e = entries(x86Function(), header);
            CallFrameEntries.Fde fde = e.find(0x1000);
            assertNotNull(fde);
            CfiRow r = CfiProgram.rowFor(fde, 0x1000);
            assertEquals(7, r.cfaRegister);
            assertEquals(8, r.cfaOffset);
            assertEquals(CfiRow.Rule.OFFSET, r.rules[16]);
            assertEquals(-8, r.operands[16]);
            assertEquals(CfiRow.Rule.UNSPECIFIED, r.rules[6]);

            r = CfiProgram.rowFor(fde, 0x1001);
            assertEquals(16, r.cfaOffset);
            assertEquals(CfiRow.Rule.OFFSET, r.rules[6]);
            assertEquals(-16, r.operands[6]);

            r = CfiProgram.rowFor(fde, 0x1004);
            assertEquals(6, r.cfaRegister);
            assertEquals(16, r.cfaOffset);

            r = CfiProgram.rowFor(fde, 0x1014);
            assertEquals(7, r.cfaRegister);
            assertEquals(8, r.cfaOffset);

            r = CfiProgram.rowFor(fde, 0x1015); // restore_state brings back rbp+16
            assertEquals(6, r.cfaRegister);
            assertEquals(16, r.cfaOffset);
            assertEquals(CfiRow.Rule.OFFSET, r.rules[6]);
        }
    }

    @Test
    void searchFindsOnlyAddressesInsideAnFde() throws CfiException {
        for (boolean header : new boolean[] {true, false}) {
            CallFrameEntries e = entries(x86Function(), header);
            assertNull(e.find(0xfff));
            assertNotNull(e.find(0x101f));
            assertNull(e.find(0x1020));
            assertNull(e.find(0x2000));
            assertEquals(0x3000, e.find(0x300f).begin());
            assertNull(e.find(0x3010));
        }
    }

    @Test
    void stepRecoversTheCallerFromTheFramePointerFrame() throws CfiException {
        CallFrameEntries e = entries(x86Function(), true);
        long[] values = new long[CfiRow.MAX_REGISTERS];
        boolean[] known = new boolean[CfiRow.MAX_REGISTERS];
        for (int r = 0; r < 16; r++) {
            known[r] = true;
        }
        values[7] = 0x7000; // rsp
        values[6] = 0x7100; // rbp: cfa = 0x7110
        values[3] = 0x3333; // rbx: no rule, kept
        Map<Long, Long> stack = Map.of(0x7108L, 0x4444L, 0x7100L, 0x7200L);
        long pc = StackUnwinder.step(CfiProgram.rowFor(e.find(0x1004), 0x1004), 16, 7, values, known,
                memory(stack));
        assertEquals(0x4444, pc);
        assertEquals(0x7110, values[7]);
        assertEquals(0x7200, values[6]);
        assertEquals(0x3333, values[3]);
    }

    @Test
    void anUndefinedReturnAddressEndsTheStack() throws CfiException {
        CallFrameEntries e = entries(x86Function(), true);
        long[] values = new long[CfiRow.MAX_REGISTERS];
        boolean[] known = new boolean[CfiRow.MAX_REGISTERS];
        java.util.Arrays.fill(known, 0, 16, true);
        CfiRow row = CfiProgram.rowFor(e.find(0x3004), 0x3004);
        assertThrows(CfiException.class, () -> StackUnwinder.step(row, 16, 7, values, known, memory(Map.of())));
    }

    @Test
    void aarch64NumbersAndTheLinkRegisterAsReturnColumn() throws CfiException {
        assertEquals(31, UnwindRegisters.AARCH64.stackPointer());
        assertEquals(30, UnwindRegisters.AARCH64.returnAddress());
        assertEquals("x29", UnwindRegisters.AARCH64.names().get(29));
        assertEquals("x30", UnwindRegisters.AARCH64.names().get(30));
        assertEquals("sp", UnwindRegisters.AARCH64.names().get(31));
        assertEquals(List.of(7, 16, "rsp", "rbp"), List.of(UnwindRegisters.X86_64.stackPointer(),
                UnwindRegisters.X86_64.returnAddress(), UnwindRegisters.X86_64.names().get(7),
                UnwindRegisters.X86_64.names().get(6)));

        // stp x29, x30, [sp, #-32]! ; mov x29, sp  as GCC describes it: code alignment 4, data alignment -8
        EhFrameBuilder b = new EhFrameBuilder(FRAME);
        int cie = b.cie(4, -8, 30, 0x0c, 31, 0); // def_cfa sp+0; x30 keeps its value (a leaf returns to lr)
        b.fde(cie, 0x2000, 0x40, 0x41, 0x0e, 32, 0x9d, 4, 0x9e, 3, // advance 1 insn; cfa sp+32; x29 at -32; x30 at -24
                0x41, 0x0c, 29, 32); // advance 1 insn; def_cfa x29+32
        CallFrameEntries e = new CallFrameEntries(b.bytes(), FRAME, b.header(HEADER), HEADER);

        long[] values = new long[CfiRow.MAX_REGISTERS];
        boolean[] known = new boolean[CfiRow.MAX_REGISTERS];
        java.util.Arrays.fill(known, 0, 32, true);
        values[31] = 0x9000;
        values[30] = 0x2222; // lr
        values[29] = 0x9100;
        // at the first instruction the return address is still in x30
        long pc = StackUnwinder.step(CfiProgram.rowFor(e.find(0x2000), 0x2000), 30, 31, values.clone(),
                known.clone(), memory(Map.of()));
        assertEquals(0x2222, pc);
        // two instructions later it was stored below the CFA (x29 + 32)
        values[29] = 0x8fe0;
        Map<Long, Long> stack = Map.of(0x8fe0L, 0x9100L, 0x8fe8L, 0x5555L);
        pc = StackUnwinder.step(CfiProgram.rowFor(e.find(0x2008), 0x2008), 30, 31, values, known, memory(stack));
        assertEquals(0x5555, pc);
        assertEquals(0x9000, values[31]);
        assertEquals(0x9100, values[29]);
    }

    @Test
    void malformedInstructionsFailAsCfiExceptions() throws CfiException {
        EhFrameBuilder b = new EhFrameBuilder(FRAME);
        int cie = b.cie(1, -8, 16, 0x0c, 7, 8);
        b.fde(cie, 0x1000, 0x10, 0x0b); // restore_state with nothing remembered
        b.fde(cie, 0x1100, 0x10, 0x3f); // unknown opcode
        b.fde(cie, 0x1200, 0x10, 0x0c, (byte) 0xff); // def_cfa with a register cut short
        b.fde(cie, 0x1300, 0x10, 0x10, 0x07, 0x7f, 1); // expression longer than the FDE
        b.fde(cie, 0x1400, 0x10, 0x0c, 0x80, 0x01, 0); // register 128
        CallFrameEntries e = entries(b, true);
        for (long pc : new long[] {0x1000, 0x1100, 0x1200, 0x1300, 0x1400}) {
            CallFrameEntries.Fde fde = e.find(pc);
            assertNotNull(fde, "fde at 0x" + Long.toHexString(pc));
            assertThrows(CfiException.class, () -> CfiProgram.rowFor(fde, pc + 1), "pc 0x" + Long.toHexString(pc));
        }
    }

    @Test
    void hostileBytesOnlyEverFailAsCfiExceptions() {
        byte[] good = x86Function().bytes();
        byte[] header = x86Function().header(HEADER);
        java.util.Random random = new java.util.Random(14);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = java.util.Arrays.copyOf(good, random.nextInt(good.length + 1));
            byte[] hdr = header.clone();
            for (int k = random.nextInt(4); k >= 0; k--) {
                if (frame.length > 0) {
                    frame[random.nextInt(frame.length)] = (byte) random.nextInt();
                }
                hdr[random.nextInt(hdr.length)] = (byte) random.nextInt();
            }
            CallFrameEntries e = new CallFrameEntries(frame, FRAME, random.nextBoolean() ? hdr : null, HEADER);
            long pc = 0x1000 + random.nextInt(0x40);
            try {
                CallFrameEntries.Fde fde = e.find(pc);
                if (fde != null) {
                    CfiProgram.rowFor(fde, pc);
                    parsed++;
                }
            } catch (CfiException expected) {
                assertNotNull(expected.getMessage());
            }
        }
        assertTrue(parsed > 0, "some damaged copies still parse");
    }

    @Test
    void cursorReadsLeb128AndRefusesToRunPastItsEnd() throws CfiException {
        ByteCursor c = new ByteCursor(new byte[] {(byte) 0xe5, (byte) 0x8e, 0x26, 0x7f, (byte) 0x80, 0x7f}, 0, 6);
        assertEquals(624485, c.uleb());
        assertEquals(-1, c.sleb());
        assertEquals(-128, c.sleb());
        assertTrue(c.atEnd());
        assertThrows(CfiException.class, c::u8);
        byte[] endless = new byte[20];
        java.util.Arrays.fill(endless, (byte) 0x80);
        assertThrows(CfiException.class, () -> new ByteCursor(endless, 0, 20).uleb());
        assertThrows(CfiException.class, () -> new ByteCursor(new byte[4], 0, 4).take(5));
        assertArrayEquals(new byte[] {1, 2}, new ByteCursor(new byte[] {1, 2, 3}, 0, 3).take(2));
        assertFalse(new ByteCursor(new byte[] {1}, 0, 1).atEnd());
    }

    static DwarfExpression.Memory memory(Map<Long, Long> words) {
        Map<Long, Long> copy = new HashMap<>(words);
        return (address, size) -> {
            Long v = copy.get(address);
            if (v == null) {
                throw new CfiException("unmapped 0x" + Long.toHexString(address));
            }
            return size == 8 ? v : v & ((1L << (8 * size)) - 1);
        };
    }
}
