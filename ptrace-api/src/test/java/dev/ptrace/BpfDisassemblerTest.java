package dev.ptrace;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpfDisassemblerTest {
    // opcodes from linux/bpf_common.h and linux/filter.h
    private static final int LD_W_ABS = 0x20;
    private static final int LD_H_ABS = 0x28;
    private static final int LD_IMM = 0x00;
    private static final int LD_MEM = 0x60;
    private static final int LD_LEN = 0x80;
    private static final int LDX_IMM = 0x01;
    private static final int LDX_MSH = 0xb1;
    private static final int ST = 0x02;
    private static final int STX = 0x03;
    private static final int ALU_AND_K = 0x54;
    private static final int ALU_ADD_X = 0x0c;
    private static final int ALU_NEG = 0x84;
    private static final int JA = 0x05;
    private static final int JEQ_K = 0x15;
    private static final int JGT_K = 0x25;
    private static final int JGE_X = 0x3d;
    private static final int JSET_K = 0x45;
    private static final int RET_K = 0x06;
    private static final int RET_A = 0x16;
    private static final int TAX = 0x07;
    private static final int TXA = 0x87;

    @Test
    void anAllowListWithNamedSyscalls() {
        List<BpfInstruction> prog = List.of(
                BpfInstruction.stmt(LD_W_ABS, 4),
                BpfInstruction.jump(JEQ_K, 0xC000003E, 0, 5),
                BpfInstruction.stmt(LD_W_ABS, 0),
                BpfInstruction.jump(JEQ_K, 0, 2, 0),
                BpfInstruction.jump(JEQ_K, 1, 1, 0),
                BpfInstruction.stmt(RET_K, Seccomp.RET_ERRNO | 1),
                BpfInstruction.stmt(RET_K, Seccomp.RET_ALLOW),
                BpfInstruction.stmt(RET_K, Seccomp.RET_KILL_PROCESS));
        List<String> names = List.of("read", "write");
        assertEquals(String.join("\n",
                " 0000: 0x20 0x00 0x00 0x00000004  A = arch",
                " 0001: 0x15 0x00 0x05 0xc000003e  if (A != AUDIT_ARCH_X86_64) goto 0007",
                " 0002: 0x20 0x00 0x00 0x00000000  A = nr",
                " 0003: 0x15 0x02 0x00 0x00000000  if (A == read) goto 0006",
                " 0004: 0x15 0x01 0x00 0x00000001  if (A == write) goto 0006",
                " 0005: 0x06 0x00 0x00 0x00050001  return ERRNO(1)",
                " 0006: 0x06 0x00 0x00 0x7fff0000  return ALLOW",
                " 0007: 0x06 0x00 0x00 0x80000000  return KILL_PROCESS",
                ""), BpfDisassembler.disassemble(prog, nr -> nr < names.size() ? names.get(nr) : null));
        assertTrue(BpfDisassembler.disassemble(prog).contains("if (A == 0) goto 0006"), "numbers without names");
    }

    @Test
    void argumentsHalvesAndTheInstructionPointerByName() {
        List<BpfInstruction> prog = List.of(
                BpfInstruction.stmt(LD_W_ABS, 8),
                BpfInstruction.stmt(LD_W_ABS, 12),
                BpfInstruction.stmt(LD_W_ABS, 16),
                BpfInstruction.stmt(LD_W_ABS, 20),
                BpfInstruction.stmt(LD_W_ABS, 56),
                BpfInstruction.stmt(LD_W_ABS, 60),
                BpfInstruction.stmt(LD_W_ABS, 64),
                BpfInstruction.stmt(LD_H_ABS, 2),
                BpfInstruction.stmt(RET_A, 0));
        List<String> text = texts(prog);
        assertEquals(List.of("A = instruction_pointer", "A = instruction_pointer >> 32", "A = args[0]",
                "A = args[0] >> 32", "A = args[5]", "A = args[5] >> 32", "A = data[64]", "A = data[2] (16 bits)",
                "return A"), text);
    }

    @Test
    void everyInstructionClass() {
        List<BpfInstruction> prog = List.of(
                BpfInstruction.stmt(LD_IMM, 7),
                BpfInstruction.stmt(LD_MEM, 3),
                BpfInstruction.stmt(LD_LEN, 0),
                BpfInstruction.stmt(LDX_IMM, 0x100),
                BpfInstruction.stmt(LDX_MSH, 14),
                BpfInstruction.stmt(ST, 1),
                BpfInstruction.stmt(STX, 2),
                BpfInstruction.stmt(ALU_AND_K, 0xff),
                BpfInstruction.stmt(ALU_ADD_X, 0),
                BpfInstruction.stmt(ALU_NEG, 0),
                BpfInstruction.stmt(TAX, 0),
                BpfInstruction.stmt(TXA, 0),
                BpfInstruction.stmt(JA, 1),
                BpfInstruction.jump(JGT_K, 10, 0, 0),
                BpfInstruction.jump(JGE_X, 0, 1, 2),
                BpfInstruction.jump(JSET_K, 4, 0, 1),
                BpfInstruction.stmt(RET_K, Seccomp.RET_TRACE),
                BpfInstruction.stmt(RET_K, Seccomp.RET_TRACE | 7),
                BpfInstruction.stmt(RET_K, Seccomp.RET_TRAP | 3),
                BpfInstruction.stmt(RET_K, Seccomp.RET_LOG),
                BpfInstruction.stmt(RET_K, Seccomp.RET_USER_NOTIF),
                BpfInstruction.stmt(RET_K, Seccomp.RET_KILL_THREAD),
                BpfInstruction.stmt(RET_K, 0x12340000),
                BpfInstruction.stmt(0xff, 0));
        assertEquals(List.of(
                "A = 7", "A = M[3]", "A = sizeof(seccomp_data)", "X = 0x100", "X = 4 * (data[14] & 0xf)",
                "M[1] = A", "M[2] = X", "A &= 0xff", "A += X", "A = -A", "X = A", "A = X", "goto 0014",
                "if (A > 0xa) goto 0014", "if (A >= X) goto 0016 else goto 0017", "if (!(A & 4)) goto 0017",
                "return TRACE", "return TRACE(7)", "return TRAP(3)", "return LOG", "return USER_NOTIF",
                "return KILL_THREAD", "return 0x12340000", "??? (unknown opcode 0xff)"), texts(prog));
    }

    @Test
    void jumpsPastTheEndAreMarked() {
        List<BpfInstruction> prog = List.of(BpfInstruction.jump(JEQ_K, 1, 5, 0),
                BpfInstruction.stmt(RET_K, Seccomp.RET_ALLOW));
        assertEquals("if (A == 1) goto 0006 (out of range)", texts(prog).get(0));
    }

    @Test
    void whatTheAccumulatorHoldsFollowsTheJumps() {
        // at 0004 A holds nr on one path and arch on the other: its constant is not named
        List<BpfInstruction> prog = List.of(
                BpfInstruction.jump(JEQ_K, 0, 0, 2),
                BpfInstruction.stmt(LD_W_ABS, 0),
                BpfInstruction.stmt(JA, 1),
                BpfInstruction.stmt(LD_W_ABS, 4),
                BpfInstruction.jump(JEQ_K, 1, 0, 1),
                BpfInstruction.stmt(RET_K, Seccomp.RET_ALLOW),
                BpfInstruction.stmt(LD_W_ABS, 0),
                BpfInstruction.jump(JEQ_K, 1, 0, 0),
                BpfInstruction.stmt(RET_K, Seccomp.RET_ALLOW));
        List<String> text = BpfDisassembler.lines(prog, nr -> nr == 1 ? "write" : null).stream()
                .map(l -> l.substring(l.indexOf("  ", 5) + 2)).toList();
        assertEquals("if (A != 1) goto 0006", text.get(4));
        assertEquals("if (A == write) goto 0008", text.get(7));
    }

    @Test
    void returnActionsAndArchNames() {
        assertEquals("ALLOW", BpfDisassembler.returnAction(0x7fff0000));
        assertEquals("ERRNO(1)", BpfDisassembler.returnAction(0x00050001));
        assertEquals("TRACE", BpfDisassembler.returnAction(0x7ff00000));
        assertEquals("KILL_PROCESS", BpfDisassembler.returnAction(0x80000000));
        assertEquals("AUDIT_ARCH_AARCH64", BpfDisassembler.auditArchName(0xC00000B7));
        assertEquals("AUDIT_ARCH_I386", BpfDisassembler.auditArchName(0x40000003));
        assertEquals("0x1234", BpfDisassembler.auditArchName(0x1234));
        assertEquals("", BpfDisassembler.disassemble(List.of()));
    }

    @Test
    void instructionsEncodeAndDecode() {
        List<BpfInstruction> prog = List.of(BpfInstruction.stmt(LD_W_ABS, 4),
                BpfInstruction.jump(JEQ_K, 0xC000003E, 1, 255), BpfInstruction.stmt(RET_K, Seccomp.RET_KILL_PROCESS));
        byte[] bytes = BpfInstruction.encode(prog);
        assertEquals(24, bytes.length);
        assertEquals(prog, BpfInstruction.decode(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()), 3));
        assertEquals(5, prog.get(1).instructionClass());
        assertThrows(IllegalArgumentException.class, () -> new BpfInstruction(0x10000, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BpfInstruction(0, 256, 0, 0));
    }

    @Test
    void metadataFlagNames() {
        assertEquals(List.of("tsync", "log", "spec_allow", "new_listener", "tsync_esrch", "wait_killable_recv"),
                SeccompMetadata.flagNames(0x3f));
        assertEquals(List.of("log"), new SeccompMetadata(0, SeccompMetadata.FLAG_LOG).flagNames());
        assertEquals(List.of("tsync", "0x100"), SeccompMetadata.flagNames(0x101));
        assertEquals(List.of(), SeccompMetadata.flagNames(0));
    }

    private static List<String> texts(List<BpfInstruction> prog) {
        return BpfDisassembler.lines(prog, nr -> null).stream().map(l -> l.substring(l.indexOf("  ", 5) + 2))
                .toList();
    }
}
