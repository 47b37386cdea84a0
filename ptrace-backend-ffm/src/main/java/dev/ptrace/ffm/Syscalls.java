package dev.ptrace.ffm;

import dev.ptrace.Arch;
import java.lang.invoke.MethodHandle;

/**
 * The kernel calls of this backend other than {@code posix_spawn}, made through glibc's {@code syscall(2)}: one
 * downcall handle for all of them (see {@link Downcalls} for why one), bound when this class is initialised, and the
 * calls' numbers on the running architecture (from the kernel's tables, {@code arch/x86/entry/syscalls/syscall_64.tbl}
 * and asm-generic {@code unistd.h}).
 */
final class Syscalls {

    /** {@code (MemorySegment callState, long number, long a1, ..., long a6) -> long}. */
    static final MethodHandle SYSCALL = Downcalls.syscall();
    /** The numbers on this machine. */
    static final Numbers NR = Numbers.of(Arch.current());

    private Syscalls() {
    }

    /** Forces initialisation (and so the binding). */
    static void bind() {
    }

    /** Syscall numbers of one architecture. */
    record Numbers(int ptrace, int wait4, int processVmReadv, int processVmWritev, int kill, int tgkill, int gettid,
                   int getpid, int schedSetaffinity, int pipe2, int close, int memfdCreate, int statx) {

        /** The numbers of an architecture. */
        static Numbers of(Arch arch) {
            return switch (arch) {
                case X86_64 -> new Numbers(101, 61, 310, 311, 62, 234, 186, 39, 203, 293, 3, 319, 332);
                case AARCH64 -> new Numbers(117, 260, 270, 271, 129, 131, 178, 172, 122, 59, 57, 279, 291);
            };
        }
    }
}
