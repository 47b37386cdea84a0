package dev.ptrace.core.unwind;

/**
 * Evaluates the DWARF expressions of call-frame information ({@code DW_OP_*}, DWARF 5 section 2.5): a stack machine
 * over 64-bit values that can read registers of the frame being unwound and the tracee's memory. Bounded in steps
 * and stack depth; register-location operations ({@code DW_OP_reg*}), which CFI does not allow, fail.
 */
final class DwarfExpression {
    private static final int MAX_STACK = 64;
    private static final int MAX_STEPS = 10_000;

    /** The frame's registers, by DWARF number. */
    interface Registers {
        long get(int register) throws CfiException;
    }

    /** The tracee's memory. */
    interface Memory {
        long read(long address, int size) throws CfiException;
    }

    private DwarfExpression() {
    }

    /**
     * Evaluates {@code code}.
     *
     * @param initial pushed before the first operation (the CFA for register rules), or null for an empty stack
     * @return the value on top of the stack at the end
     */
    static long evaluate(byte[] code, Long initial, Registers registers, Memory memory) throws CfiException {
        long[] stack = new long[MAX_STACK];
        int sp = 0;
        if (initial != null) {
            stack[sp++] = initial;
        }
        ByteCursor in = new ByteCursor(code, 0, code.length);
        int steps = 0;
        while (!in.atEnd()) {
            if (++steps > MAX_STEPS) {
                throw new CfiException("expression runs longer than " + MAX_STEPS + " steps");
            }
            int op = in.u8();
            if (op >= 0x30 && op <= 0x4f) { // DW_OP_lit0..31
                sp = push(stack, sp, op - 0x30);
                continue;
            }
            if (op >= 0x70 && op <= 0x8f) { // DW_OP_breg0..31
                sp = push(stack, sp, registers.get(op - 0x70) + in.sleb());
                continue;
            }
            switch (op) {
                case 0x03 -> sp = push(stack, sp, in.u64()); // addr
                case 0x06 -> stack[sp - 1] = memory.read(top(sp, stack), 8); // deref
                case 0x08 -> sp = push(stack, sp, in.u8());
                case 0x09 -> sp = push(stack, sp, (byte) in.u8());
                case 0x0a -> sp = push(stack, sp, in.u16());
                case 0x0b -> sp = push(stack, sp, (short) in.u16());
                case 0x0c -> sp = push(stack, sp, in.u32());
                case 0x0d -> sp = push(stack, sp, (int) in.u32());
                case 0x0e, 0x0f -> sp = push(stack, sp, in.u64());
                case 0x10 -> sp = push(stack, sp, in.uleb());
                case 0x11 -> sp = push(stack, sp, in.sleb());
                case 0x12 -> sp = push(stack, sp, top(sp, stack)); // dup
                case 0x13 -> sp = pop(sp, 1); // drop
                case 0x14 -> sp = push(stack, sp, pick(stack, sp, 1)); // over
                case 0x15 -> sp = push(stack, sp, pick(stack, sp, in.u8())); // pick
                case 0x16 -> { // swap
                    pop(sp, 2);
                    long t = stack[sp - 1];
                    stack[sp - 1] = stack[sp - 2];
                    stack[sp - 2] = t;
                }
                case 0x17 -> { // rot
                    pop(sp, 3);
                    long t = stack[sp - 1];
                    stack[sp - 1] = stack[sp - 2];
                    stack[sp - 2] = stack[sp - 3];
                    stack[sp - 3] = t;
                }
                case 0x19 -> stack[sp - 1] = Math.abs(top(sp, stack));
                case 0x1f -> stack[sp - 1] = -top(sp, stack);
                case 0x20 -> stack[sp - 1] = ~top(sp, stack);
                case 0x23 -> stack[sp - 1] = top(sp, stack) + in.uleb(); // plus_uconst
                case 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x21, 0x22, 0x24, 0x25, 0x26, 0x27,
                        0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e -> {
                    sp = pop(sp, 2) + 1;
                    stack[sp - 1] = binary(op, stack[sp - 1], stack[sp]);
                }
                case 0x28 -> { // bra
                    int offset = (short) in.u16();
                    sp = pop(sp, 1);
                    if (stack[sp] != 0) {
                        in.seek((long) in.position() + offset);
                    }
                }
                case 0x2f -> in.seek((long) in.position() + (short) in.u16()); // skip
                case 0x92 -> { // bregx
                    long r = in.uleb();
                    if (r >= CfiRow.MAX_REGISTERS) {
                        throw new CfiException("register " + r + " out of range");
                    }
                    sp = push(stack, sp, registers.get((int) r) + in.sleb());
                }
                case 0x94 -> { // deref_size
                    int size = in.u8();
                    if (size < 1 || size > 8) {
                        throw new CfiException("DW_OP_deref_size of " + size + " bytes");
                    }
                    stack[sp - 1] = memory.read(top(sp, stack), size);
                }
                case 0x96 -> { } // nop
                default -> throw new CfiException("unsupported expression operation 0x" + Integer.toHexString(op));
            }
        }
        return top(sp, stack);
    }

    private static long binary(int op, long a, long b) throws CfiException {
        return switch (op) {
            case 0x1a -> a & b;
            case 0x1b -> {
                if (b == 0) {
                    throw new CfiException("division by zero");
                }
                yield a / b;
            }
            case 0x1c -> a - b;
            case 0x1d -> {
                if (b == 0) {
                    throw new CfiException("modulo by zero");
                }
                yield Long.remainderUnsigned(a, b);
            }
            case 0x1e -> a * b;
            case 0x21 -> a | b;
            case 0x22 -> a + b;
            case 0x24 -> b >= 64 || b < 0 ? 0 : a << b;
            case 0x25 -> b >= 64 || b < 0 ? 0 : a >>> b;
            case 0x26 -> b >= 64 || b < 0 ? a >> 63 : a >> b;
            case 0x27 -> a ^ b;
            case 0x29 -> a == b ? 1 : 0;
            case 0x2a -> a >= b ? 1 : 0;
            case 0x2b -> a > b ? 1 : 0;
            case 0x2c -> a <= b ? 1 : 0;
            case 0x2d -> a < b ? 1 : 0;
            default -> a != b ? 1 : 0;
        };
    }

    private static int push(long[] stack, int sp, long value) throws CfiException {
        if (sp >= MAX_STACK) {
            throw new CfiException("expression stack deeper than " + MAX_STACK);
        }
        stack[sp] = value;
        return sp + 1;
    }

    private static int pop(int sp, int n) throws CfiException {
        if (sp < n) {
            throw new CfiException("expression stack underflow");
        }
        return sp - n;
    }

    private static long top(int sp, long[] stack) throws CfiException {
        return pick(stack, sp, 0);
    }

    private static long pick(long[] stack, int sp, int depth) throws CfiException {
        if (depth >= sp) {
            throw new CfiException("expression stack underflow");
        }
        return stack[sp - 1 - depth];
    }
}
