package dev.ptrace.core.unwind;

import java.util.Arrays;

/**
 * One row of the DWARF call-frame table: how to compute the canonical frame address (CFA) and where each register
 * of the caller is. Register numbers are DWARF numbers, below {@link #MAX_REGISTERS}.
 */
final class CfiRow {
    /** Register columns kept (aarch64's vector registers end at 95). */
    static final int MAX_REGISTERS = 128;

    /** How a register of the caller is found. */
    enum Rule {
        /** No rule given: the register keeps its value (callee-saved by convention). */
        UNSPECIFIED,
        /** The caller's value cannot be recovered. */
        UNDEFINED,
        /** The register keeps its value. */
        SAME_VALUE,
        /** Saved at CFA + n. */
        OFFSET,
        /** The value is CFA + n. */
        VAL_OFFSET,
        /** Held in register n. */
        REGISTER,
        /** Saved at the address the expression computes (CFA pushed first). */
        EXPRESSION,
        /** The value is what the expression computes (CFA pushed first). */
        VAL_EXPRESSION
    }

    boolean cfaIsExpression;
    int cfaRegister;
    long cfaOffset;
    byte[] cfaExpression;
    final Rule[] rules = new Rule[MAX_REGISTERS];
    final long[] operands = new long[MAX_REGISTERS];
    final byte[][] expressions = new byte[MAX_REGISTERS][];

    CfiRow() {
        Arrays.fill(rules, Rule.UNSPECIFIED);
    }

    CfiRow copy() {
        CfiRow c = new CfiRow();
        c.cfaIsExpression = cfaIsExpression;
        c.cfaRegister = cfaRegister;
        c.cfaOffset = cfaOffset;
        c.cfaExpression = cfaExpression;
        System.arraycopy(rules, 0, c.rules, 0, MAX_REGISTERS);
        System.arraycopy(operands, 0, c.operands, 0, MAX_REGISTERS);
        System.arraycopy(expressions, 0, c.expressions, 0, MAX_REGISTERS);
        return c;
    }

    void set(int register, Rule rule, long operand, byte[] expression) {
        rules[register] = rule;
        operands[register] = operand;
        expressions[register] = expression;
    }

    /** Takes one register's rule from another row ({@code DW_CFA_restore}). */
    void restore(int register, CfiRow from) {
        set(register, from.rules[register], from.operands[register], from.expressions[register]);
    }
}
