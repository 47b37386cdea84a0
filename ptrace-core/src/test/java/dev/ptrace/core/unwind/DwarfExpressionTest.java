package dev.ptrace.core.unwind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DWARF expression evaluator, on the expressions glibc's CFI uses and on hostile ones. */
class DwarfExpressionTest {
    private static final DwarfExpression.Registers REGS = r -> switch (r) {
        case 7 -> 0x7000L; // rsp
        case 16 -> 0x1000L; // return-address column
        default -> throw new CfiException("register " + r);
    };

    private static long eval(Long initial, int... code) throws CfiException {
        byte[] bytes = new byte[code.length];
        for (int i = 0; i < code.length; i++) {
            bytes[i] = (byte) code[i];
        }
        return DwarfExpression.evaluate(bytes, initial, REGS, CfiProgramTest.memory(Map.of(0x7040L, 0xabcdL)));
    }

    /** The CFA of a PLT entry: rsp + 8, plus 8 more from its 11th byte on (after the push). */
    @Test
    void pltCfaExpression() throws CfiException {
        int[] plt = {0x77, 8, 0x80, 0, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22};
        assertEquals(0x7008, eval(null, plt)); // rip 0x1000: (0 >= 11) == 0
        DwarfExpression.Registers late = r -> r == 7 ? 0x7000L : 0x100cL;
        byte[] b = new byte[plt.length];
        for (int i = 0; i < plt.length; i++) {
            b[i] = (byte) plt[i];
        }
        assertEquals(0x7010, DwarfExpression.evaluate(b, null, late, CfiProgramTest.memory(Map.of())));
    }

    /** The signal trampoline's rules: a register saved at rsp + offset in the ucontext, dereferenced. */
    @Test
    void signalFrameExpressionsReadTheSavedContext() throws CfiException {
        assertEquals(0xabcd, eval(null, 0x77, 0xc0, 0x00, 0x06)); // breg7 64; deref
        assertEquals(0x7040, eval(null, 0x77, 0xc0, 0x00)); // the address alone (DW_CFA_expression form)
        assertEquals(0x6fc0, eval(null, 0x77, 0x40)); // sleb128 0x40 is -64
        assertEquals(0x7050, eval(0x7040L, 0x23, 0x10)); // the CFA pushed first; plus_uconst 16
    }

    @Test
    void arithmeticAndBranches() throws CfiException {
        assertEquals(2, eval(null, 0x35, 0x33, 0x1c)); // 5 - 3
        assertEquals(-5, eval(null, 0x35, 0x1f)); // neg
        assertEquals(7, eval(null, 0x30, 0x28, 2, 0, 0x31, 0x31, 0x37)); // bra not taken: 0,1,1,7 -> top 7
        assertEquals(9, eval(null, 0x31, 0x28, 1, 0, 0x31, 0x39)); // bra taken over lit1
        assertEquals(4, eval(null, 0x33, 0x34, 0x16, 0x13)); // 3 4 swap -> 4 3; drop -> 4
        assertEquals(1, eval(null, 0x11, 0x7f, 0x30, 0x2d)); // -1 < 0, signed
    }

    @Test
    void hostileExpressionsFailBounded() {
        assertThrows(CfiException.class, () -> eval(null)); // empty: nothing on the stack
        assertThrows(CfiException.class, () -> eval(null, 0x06)); // deref of nothing
        assertThrows(CfiException.class, () -> eval(null, 0x2f, 0xfd, 0xff)); // skip -3: loops forever
        int[] deep = new int[65];
        java.util.Arrays.fill(deep, 0x30);
        assertThrows(CfiException.class, () -> eval(null, deep));
        assertThrows(CfiException.class, () -> eval(null, 0x30, 0x30, 0x1b)); // division by zero
        assertThrows(CfiException.class, () -> eval(null, 0x50)); // DW_OP_reg0 is not allowed in CFI
        assertThrows(CfiException.class, () -> eval(null, 0x78, 0)); // breg8: an unknown register
        assertThrows(CfiException.class, () -> eval(null, 0x77, 0x10, 0x06)); // unreadable memory
        assertThrows(CfiException.class, () -> eval(null, 0x0e, 1, 2)); // const8u cut short
        assertThrows(CfiException.class, () -> eval(null, 0x31, 0x28, 0x40, 0)); // branch past the end
    }
}
