package dev.ptrace.core;

import dev.ptrace.Arch;

/**
 * The software breakpoint instruction of each architecture and where the program counter is when it traps.
 *
 * <ul>
 *   <li>x86_64: {@code int3}, the one byte {@code 0xCC}; it traps after executing, so the program counter is one
 *   byte past the breakpoint (SIGTRAP with {@code si_code} SI_KERNEL).</li>
 *   <li>aarch64: {@code BRK #0}, the 32-bit word {@code 0xd4200000} stored little-endian; it traps before
 *   executing, so the program counter is the breakpoint's address (SIGTRAP with {@code si_code} TRAP_BRKPT).
 *   Instructions are 4-byte aligned.</li>
 * </ul>
 */
final class BreakpointEncoding {
    /** {@code BRK #0}: {@code 0xd4000000 | imm16 << 5 | 0b00000}. */
    static final int AARCH64_BRK_0 = 0xd4200000;

    private BreakpointEncoding() {
    }

    /** {@code BRK #imm16} (aarch64). */
    static int aarch64Brk(int imm16) {
        if (imm16 < 0 || imm16 > 0xffff) {
            throw new IllegalArgumentException("BRK takes a 16-bit immediate, not " + imm16);
        }
        return 0xd4200000 | (imm16 << 5);
    }

    /** The bytes of the breakpoint instruction, in memory order. */
    static byte[] instruction(Arch arch) {
        switch (arch) {
            case X86_64:
                return new byte[] {(byte) 0xCC};
            case AARCH64:
                int w = AARCH64_BRK_0;
                return new byte[] {(byte) w, (byte) (w >>> 8), (byte) (w >>> 16), (byte) (w >>> 24)};
            default:
                throw new UnsupportedOperationException("no breakpoint instruction for " + arch);
        }
    }

    /** The alignment a breakpoint address needs. */
    static int alignment(Arch arch) {
        return arch == Arch.AARCH64 ? 4 : 1;
    }

    /** The breakpoint address that a trap with this program counter came from. */
    static long hitAddress(Arch arch, long programCounter) {
        return arch == Arch.X86_64 ? programCounter - 1 : programCounter;
    }

    /** Whether {@code si_code} of a SIGTRAP is what the breakpoint instruction raises. */
    static boolean isBreakpointTrapCode(Arch arch, int siCode) {
        return arch == Arch.X86_64 ? siCode == Linux.SI_KERNEL : siCode == Linux.TRAP_BRKPT;
    }
}
