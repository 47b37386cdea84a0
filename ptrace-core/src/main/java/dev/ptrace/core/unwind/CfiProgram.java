package dev.ptrace.core.unwind;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Runs the call-frame instructions ({@code DW_CFA_*}, DWARF 5 section 6.4.2) of a CIE and an FDE up to an address
 * and returns the row that applies there. Operands are bounds-checked; unknown opcodes fail.
 */
final class CfiProgram {
    private static final int MAX_REMEMBERED = 64;

    private CfiProgram() {
    }

    /**
     * The row for {@code pc}, which must lie in the FDE's range.
     *
     * @throws CfiException for malformed or unknown instructions
     */
    static CfiRow rowFor(CallFrameEntries.Fde fde, long pc) throws CfiException {
        CallFrameEntries.Cie cie = fde.cie();
        CfiRow row = new CfiRow();
        run(cie.instructions(), cie, fde, row, null, Long.MAX_VALUE, fde.begin());
        CfiRow initial = row.copy();
        run(fde.instructions(), cie, fde, row, initial, pc, fde.begin());
        return row;
    }

    private static void run(byte[] code, CallFrameEntries.Cie cie, CallFrameEntries.Fde fde, CfiRow row,
                            CfiRow initial, long pc, long startLoc) throws CfiException {
        ByteCursor in = new ByteCursor(code, 0, code.length);
        Deque<CfiRow> remembered = new ArrayDeque<>();
        long loc = startLoc;
        while (!in.atEnd()) {
            int op = in.u8();
            int high = op & 0xc0;
            int low = op & 0x3f;
            long advance = -1;
            if (high == 0x40) {
                advance = low;
            } else if (high == 0x80) {
                row.set(register(low), CfiRow.Rule.OFFSET, in.uleb() * cie.dataAlign(), null);
            } else if (high == 0xc0) {
                restore(row, initial, register(low));
            } else {
                switch (op) {
                    case 0x00 -> { } // DW_CFA_nop
                    case 0x01 -> { // DW_CFA_set_loc
                        long to = PointerEncoding.read(in, cie.fdeEncoding(), 0, 0);
                        if (Long.compareUnsigned(to, pc) > 0) {
                            return;
                        }
                        loc = to;
                    }
                    case 0x02 -> advance = in.u8();
                    case 0x03 -> advance = in.u16();
                    case 0x04 -> advance = in.u32();
                    case 0x05 -> row.set(register(in.uleb()), CfiRow.Rule.OFFSET, in.uleb() * cie.dataAlign(), null);
                    case 0x06 -> restore(row, initial, register(in.uleb()));
                    case 0x07 -> row.set(register(in.uleb()), CfiRow.Rule.UNDEFINED, 0, null);
                    case 0x08 -> row.set(register(in.uleb()), CfiRow.Rule.SAME_VALUE, 0, null);
                    case 0x09 -> row.set(register(in.uleb()), CfiRow.Rule.REGISTER, register(in.uleb()), null);
                    case 0x0a -> { // DW_CFA_remember_state
                        if (remembered.size() >= MAX_REMEMBERED) {
                            throw new CfiException("more than " + MAX_REMEMBERED + " remembered states");
                        }
                        remembered.push(row.copy());
                    }
                    case 0x0b -> { // DW_CFA_restore_state: every rule, the CFA's included
                        CfiRow saved = remembered.poll();
                        if (saved == null) {
                            throw new CfiException("DW_CFA_restore_state without a remembered state");
                        }
                        for (int r = 0; r < CfiRow.MAX_REGISTERS; r++) {
                            row.restore(r, saved);
                        }
                        row.cfaIsExpression = saved.cfaIsExpression;
                        row.cfaRegister = saved.cfaRegister;
                        row.cfaOffset = saved.cfaOffset;
                        row.cfaExpression = saved.cfaExpression;
                    }
                    case 0x0c -> defCfa(row, register(in.uleb()), in.uleb());
                    case 0x0d -> {
                        row.cfaRegister = register(in.uleb());
                        row.cfaIsExpression = false;
                    }
                    case 0x0e -> row.cfaOffset = in.uleb();
                    case 0x0f -> {
                        row.cfaIsExpression = true;
                        row.cfaExpression = in.take(in.uleb());
                    }
                    case 0x10 -> {
                        int r = register(in.uleb());
                        row.set(r, CfiRow.Rule.EXPRESSION, 0, in.take(in.uleb()));
                    }
                    case 0x11 -> row.set(register(in.uleb()), CfiRow.Rule.OFFSET, in.sleb() * cie.dataAlign(), null);
                    case 0x12 -> defCfa(row, register(in.uleb()), in.sleb() * cie.dataAlign());
                    case 0x13 -> row.cfaOffset = in.sleb() * cie.dataAlign();
                    case 0x14 -> row.set(register(in.uleb()), CfiRow.Rule.VAL_OFFSET, in.uleb() * cie.dataAlign(), null);
                    case 0x15 -> row.set(register(in.uleb()), CfiRow.Rule.VAL_OFFSET, in.sleb() * cie.dataAlign(), null);
                    case 0x16 -> {
                        int r = register(in.uleb());
                        row.set(r, CfiRow.Rule.VAL_EXPRESSION, 0, in.take(in.uleb()));
                    }
                    case 0x2d -> { } // DW_CFA_AARCH64_negate_ra_state (pointer authentication): nothing to track
                    case 0x2e -> in.uleb(); // DW_CFA_GNU_args_size
                    case 0x2f -> row.set(register(in.uleb()), CfiRow.Rule.OFFSET, -in.uleb() * cie.dataAlign(), null);
                    default -> throw new CfiException("unknown call-frame instruction 0x" + Integer.toHexString(op));
                }
            }
            if (advance >= 0) {
                long to = loc + advance * cie.codeAlign();
                if (Long.compareUnsigned(to, pc) > 0) {
                    return;
                }
                loc = to;
            }
        }
    }

    private static void defCfa(CfiRow row, int register, long offset) {
        row.cfaIsExpression = false;
        row.cfaRegister = register;
        row.cfaOffset = offset;
    }

    private static void restore(CfiRow row, CfiRow initial, int register) throws CfiException {
        if (initial == null) {
            throw new CfiException("DW_CFA_restore in a CIE's initial instructions");
        }
        row.restore(register, initial);
    }

    private static int register(long n) throws CfiException {
        if (n < 0 || n >= CfiRow.MAX_REGISTERS) {
            throw new CfiException("register " + n + " out of range");
        }
        return (int) n;
    }
}
