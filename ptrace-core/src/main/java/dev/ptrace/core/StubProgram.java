package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.Credentials;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tiny static ELF executable, built in memory, that spawned tracees start as. It lets the tracer seize the
 * process before a single instruction of the target runs, without fork() in the JVM and without a compiler or a
 * shell on the machine.
 *
 * <p>Started as {@code stub TARGET ARGV0 ARGV1 ...} with its control descriptor C (3 unless the image is made for
 * another) open on a pipe, it
 * <ol>
 *   <li>reads one byte from C (blocking until the tracer has seized it; on EOF it exits with 127),</li>
 *   <li>closes every descriptor from C up ({@code close_range(C, ~0U, 0)}), so the JVM's descriptors do not
 *       leak into the target (the spawner closes the JVM's below C; those it keeps are the target's),</li>
 *   <li>calls {@code execve(TARGET, &ARGV0, envp)} with its own environment, and exits with 127 if that
 *       fails.</li>
 * </ol>
 * With {@link Credentials}, between steps 1 and 2 it calls {@code setgroups}, {@code setresgid} and
 * {@code setresuid} with the values built into the image, and exits with the errno of the first that fails.
 * The same program serves as the tracer thread's doorbell (see {@code TracerThread}): started with no target,
 * it just blocks in the read until the tracer closes the pipe.
 */
final class StubProgram {

    /** x86_64 machine code of the steps above (assembled from the listing in the comments). */
    private static final byte[] X86_64_CODE = {
        0x31, (byte) 0xc0,                                  // xor eax,eax              ; read = 0
        (byte) 0xbf, 0x03, 0x00, 0x00, 0x00,                // mov edi,3
        0x48, (byte) 0x8d, 0x74, 0x24, (byte) 0xf8,         // lea rsi,[rsp-8]
        (byte) 0xba, 0x01, 0x00, 0x00, 0x00,                // mov edx,1
        0x0f, 0x05,                                         // syscall
        0x48, (byte) 0x85, (byte) 0xc0,                     // test rax,rax
        0x7e, 0x2d,                                         // jle exit
        (byte) 0xb8, (byte) 0xb4, 0x01, 0x00, 0x00,         // mov eax,436              ; close_range
        (byte) 0xbf, 0x03, 0x00, 0x00, 0x00,                // mov edi,3
        (byte) 0xbe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, // mov esi,0xffffffff
        0x31, (byte) 0xd2,                                  // xor edx,edx
        0x0f, 0x05,                                         // syscall
        0x48, (byte) 0x8b, 0x7c, 0x24, 0x10,                // mov rdi,[rsp+16]         ; argv[1]
        0x48, (byte) 0x8d, 0x74, 0x24, 0x18,                // lea rsi,[rsp+24]         ; &argv[2]
        0x48, (byte) 0x8b, 0x0c, 0x24,                      // mov rcx,[rsp]            ; argc
        0x48, (byte) 0x8d, 0x54, (byte) 0xcc, 0x10,         // lea rdx,[rsp+rcx*8+16]   ; envp
        (byte) 0xb8, 0x3b, 0x00, 0x00, 0x00,                // mov eax,59               ; execve
        0x0f, 0x05,                                         // syscall
        (byte) 0xbf, 0x7f, 0x00, 0x00, 0x00,                // exit: mov edi,127
        (byte) 0xb8, (byte) 0xe7, 0x00, 0x00, 0x00,         // mov eax,231              ; exit_group
        0x0f, 0x05,                                         // syscall
    };

    /** aarch64 instruction words of the same steps. */
    private static final int[] AARCH64_CODE = {
        0xd2800060, // mov x0,#3
        0xd10043e1, // sub x1,sp,#16
        0xd2800022, // mov x2,#1
        0xd28007e8, // mov x8,#63                 ; read
        0xd4000001, // svc #0
        0xf100001f, // cmp x0,#0
        0x540001ad, // b.le exit
        0xd2800060, // mov x0,#3
        0x12800001, // mov w1,#-1
        0xd2800002, // mov x2,#0
        0xd2803688, // mov x8,#436                ; close_range
        0xd4000001, // svc #0
        0xf9400be0, // ldr x0,[sp,#16]            ; argv[1]
        0x910063e1, // add x1,sp,#24              ; &argv[2]
        0xf94003e3, // ldr x3,[sp]                ; argc
        0x8b236fe2, // add x2,sp,x3,lsl #3
        0x91004042, // add x2,x2,#16              ; envp
        0xd2801ba8, // mov x8,#221                ; execve
        0xd4000001, // svc #0
        0xd2800fe0, // exit: mov x0,#127
        0xd2800bc8, // mov x8,#94                 ; exit_group
        0xd4000001, // svc #0
    };

    private static final long BASE = 0x400000L;
    private static final int EHDR_SIZE = 64;
    private static final int PHDR_SIZE = 56;

    private StubProgram() {
    }

    /** Where the code loads the control descriptor: x86_64 byte offsets of {@code mov edi,3}'s immediate. */
    private static final int[] X86_64_FD_IMMEDIATES = {3, 30};
    /** aarch64 instruction indexes of {@code mov x0,#3}. */
    private static final int[] AARCH64_FD_MOVES = {0, 7};

    /** The complete ELF image for an architecture, with descriptor 3 as the control pipe. */
    static byte[] image(Arch arch) {
        return image(arch, 3);
    }

    /**
     * The complete ELF image for an architecture.
     *
     * @param arch the architecture
     * @param controlFd the descriptor the stub reads its go-ahead from, and the first one it closes (3 to 65535)
     */
    static byte[] image(Arch arch, int controlFd) {
        return image(arch, controlFd, null);
    }

    /**
     * The complete ELF image for an architecture, which takes on {@code user}'s credentials before its exec.
     *
     * @param arch the architecture
     * @param controlFd the descriptor the stub reads its go-ahead from, and the first one it closes (3 to 65535)
     * @param user the credentials to set, or null to keep the JVM's
     */
    static byte[] image(Arch arch, int controlFd, Credentials user) {
        if (controlFd < 3 || controlFd > 0xffff) {
            throw new IllegalArgumentException("control descriptor out of range: " + controlFd);
        }
        byte[] code = code(arch, controlFd);
        if (user != null) {
            code = arch == Arch.X86_64 ? X86_64Credentials.insert(code, user) : Aarch64Credentials.insert(code, user);
        }
        int size = EHDR_SIZE + PHDR_SIZE + code.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        // ELF header (elf(5)): 64-bit, little-endian, current version, System V ABI
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2);                                   // e_type ET_EXEC
        b.putShort((short) (arch == Arch.X86_64 ? 62 : 183));    // e_machine EM_X86_64 / EM_AARCH64
        b.putInt(1);                                             // e_version
        b.putLong(BASE + EHDR_SIZE + PHDR_SIZE);                 // e_entry
        b.putLong(EHDR_SIZE);                                    // e_phoff
        b.putLong(0);                                            // e_shoff
        b.putInt(0);                                             // e_flags
        b.putShort((short) EHDR_SIZE);                           // e_ehsize
        b.putShort((short) PHDR_SIZE);                           // e_phentsize
        b.putShort((short) 1);                                   // e_phnum
        b.putShort((short) 0);                                   // e_shentsize
        b.putShort((short) 0);                                   // e_shnum
        b.putShort((short) 0);                                   // e_shstrndx
        // One PT_LOAD segment, read + execute, covering the whole file
        b.putInt(1);                                             // p_type PT_LOAD
        b.putInt(5);                                             // p_flags PF_R | PF_X
        b.putLong(0);                                            // p_offset
        b.putLong(BASE);                                         // p_vaddr
        b.putLong(BASE);                                         // p_paddr
        b.putLong(size);                                         // p_filesz
        b.putLong(size);                                         // p_memsz
        b.putLong(0x10000);                                      // p_align (64 KiB pages included)
        b.put(code);
        return b.array();
    }

    private static byte[] code(Arch arch, int controlFd) {
        if (arch == Arch.X86_64) {
            ByteBuffer code = ByteBuffer.wrap(X86_64_CODE.clone()).order(ByteOrder.LITTLE_ENDIAN);
            for (int at : X86_64_FD_IMMEDIATES) {
                code.putInt(at, controlFd); // mov edi,imm32
            }
            return code.array();
        }
        int[] words = AARCH64_CODE.clone();
        for (int at : AARCH64_FD_MOVES) {
            words[at] = 0xd2800000 | (controlFd << 5); // movz x0,#controlFd
        }
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int insn : words) {
            b.putInt(insn);
        }
        return b.array();
    }
}
