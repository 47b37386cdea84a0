package dev.ptrace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One classic BPF instruction ({@code struct sock_filter} of linux/filter.h).
 *
 * @param code the opcode (16 bits: class, size/operation, mode/source)
 * @param jt jump offset when true (8 bits, unsigned)
 * @param jf jump offset when false (8 bits, unsigned)
 * @param k the constant operand (32 bits; print it unsigned)
 */
public record BpfInstruction(int code, int jt, int jf, int k) {

    /** Size of {@code struct sock_filter} in bytes. */
    public static final int SIZE = 8;

    /**
     * Checks the ranges.
     *
     * @param code the opcode (16 bits)
     * @param jt jump offset when true (8 bits, unsigned)
     * @param jf jump offset when false (8 bits, unsigned)
     * @param k the constant operand
     * @throws IllegalArgumentException if code, jt or jf are out of range
     */
    public BpfInstruction {
        if (code < 0 || code > 0xffff || jt < 0 || jt > 0xff || jf < 0 || jf > 0xff) {
            throw new IllegalArgumentException("code must be 16 bits and jt, jf 8 bits: " + code + ", " + jt
                    + ", " + jf);
        }
    }

    /**
     * {@code BPF_STMT(code, k)}: an instruction that does not jump.
     *
     * @param code the opcode
     * @param k the constant operand
     * @return the instruction
     */
    public static BpfInstruction stmt(int code, int k) {
        return new BpfInstruction(code, 0, 0, k);
    }

    /**
     * {@code BPF_JUMP(code, k, jt, jf)}: a conditional jump.
     *
     * @param code the opcode
     * @param k the constant compared with
     * @param jt how many instructions to skip when true
     * @param jf how many instructions to skip when false
     * @return the instruction
     */
    public static BpfInstruction jump(int code, int k, int jt, int jf) {
        return new BpfInstruction(code, jt, jf, k);
    }

    /**
     * {@return the instruction class ({@code BPF_CLASS(code)}: 0 LD, 1 LDX, 2 ST, 3 STX, 4 ALU, 5 JMP, 6 RET, 7 MISC)}
     */
    public int instructionClass() {
        return code & 0x07;
    }

    /**
     * Decodes a program from its bytes (8 bytes an instruction, in the given byte order).
     *
     * @param bytes the program, from its position on
     * @param count the number of instructions
     * @return the instructions
     */
    public static List<BpfInstruction> decode(ByteBuffer bytes, int count) {
        ByteBuffer b = bytes.duplicate().order(bytes.order());
        List<BpfInstruction> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int base = i * SIZE;
            out.add(new BpfInstruction(b.getShort(base) & 0xffff, b.get(base + 2) & 0xff, b.get(base + 3) & 0xff,
                    b.getInt(base + 4)));
        }
        return List.copyOf(out);
    }

    /**
     * Encodes a program in native byte order, as {@code struct sock_fprog.filter} expects.
     *
     * @param program the instructions
     * @return 8 bytes per instruction
     */
    public static byte[] encode(List<BpfInstruction> program) {
        ByteBuffer b = ByteBuffer.allocate(program.size() * SIZE).order(ByteOrder.nativeOrder());
        for (BpfInstruction i : program) {
            b.putShort((short) i.code).put((byte) i.jt).put((byte) i.jf).putInt(i.k);
        }
        return b.array();
    }

    @Override
    public String toString() {
        return String.format("{0x%02x, %d, %d, 0x%08x}", code, jt, jf, k);
    }
}
