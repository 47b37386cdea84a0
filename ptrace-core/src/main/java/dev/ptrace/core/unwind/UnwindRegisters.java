package dev.ptrace.core.unwind;

import dev.ptrace.Arch;
import java.util.List;

/**
 * An architecture's DWARF register numbering for unwinding: which kernel register each DWARF column is, the stack
 * pointer's column, and the column that holds the return address.
 *
 * @param names kernel register names by DWARF number (the index); null where the column has no general register
 * @param stackPointer the DWARF number of the stack pointer
 * @param returnAddress the return-address column GCC and LLVM write in CIEs
 * @param programCounter the kernel name of the program counter
 */
record UnwindRegisters(List<String> names, int stackPointer, int returnAddress, String programCounter) {

    /** x86_64 psABI figure 3.36: rax rdx rcx rbx rsi rdi rbp rsp r8-r15, then 16, the return address. */
    static final UnwindRegisters X86_64 = new UnwindRegisters(List.of("rax", "rdx", "rcx", "rbx", "rsi", "rdi",
            "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"), 7, 16, "rip");

    /** AArch64 DWARF (AADWARF64): x0-x30 are 0-30, sp 31; the return address is the link register x30. */
    static final UnwindRegisters AARCH64 = new UnwindRegisters(java.util.stream.IntStream.rangeClosed(0, 31)
            .mapToObj(i -> i == 31 ? "sp" : "x" + i).toList(), 31, 30, "pc");

    /** {@return the numbering of an architecture} @param arch x86_64 or aarch64 */
    static UnwindRegisters of(Arch arch) {
        return arch == Arch.AARCH64 ? AARCH64 : X86_64;
    }
}
