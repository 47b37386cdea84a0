package dev.ptrace.core;

import dev.ptrace.Arch;

/**
 * The one home of the kernel constants core uses (values from linux/ptrace.h, linux/wait.h, linux/elf.h,
 * asm-generic/errno*.h, asm-generic/siginfo.h and the syscall tables of each architecture).
 */
final class Linux {
    static final int PTRACE_PEEKDATA = 2;
    static final int PTRACE_POKEDATA = 5;
    static final int PTRACE_CONT = 7;
    static final int PTRACE_SINGLESTEP = 9;
    static final int PTRACE_DETACH = 17;
    static final int PTRACE_SYSCALL = 24;
    static final int PTRACE_SETOPTIONS = 0x4200;
    static final int PTRACE_GETEVENTMSG = 0x4201;
    static final int PTRACE_GETSIGINFO = 0x4202;
    static final int PTRACE_GETREGSET = 0x4204;
    static final int PTRACE_SETREGSET = 0x4205;
    static final int PTRACE_SEIZE = 0x4206;
    static final int PTRACE_INTERRUPT = 0x4207;
    static final int PTRACE_LISTEN = 0x4208;
    static final int PTRACE_SECCOMP_GET_FILTER = 0x420c;
    static final int PTRACE_SECCOMP_GET_METADATA = 0x420d;
    static final int PTRACE_GET_SYSCALL_INFO = 0x420e;
    /** Linux 6.16; the installed headers (6.1) predate it. */
    static final int PTRACE_SET_SYSCALL_INFO = 0x4212;

    static final int PTRACE_EVENT_STOP = 128;
    static final int PTRACE_SYSCALL_INFO_ENTRY = 1;
    static final int PTRACE_SYSCALL_INFO_EXIT = 2;
    static final int PTRACE_SYSCALL_INFO_SECCOMP = 3;
    /** {@code sizeof(struct ptrace_syscall_info)}: op, reserved, flags, arch, ip, sp, a union of 64 bytes. */
    static final int SYSCALL_INFO_SIZE = 88;
    static final int SIGINFO_SIZE = 128;

    static final int NT_PRSTATUS = 1;
    static final int NT_ARM_SYSTEM_CALL = 0x404;

    static final int WNOHANG = 0x1;
    static final int WSTOPPED = 0x2;
    static final int WNOTHREAD = 0x20000000;
    static final int WALL = 0x40000000;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int ECHILD = 10;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int EMEDIUMTYPE = 124;
    /** Kernel-internal restart codes a syscall-exit stop may show (include/linux/errno.h). */
    static final int ERESTARTSYS = 512;
    static final int ERESTARTNOINTR = 513;
    static final int ERESTARTNOHAND = 514;
    static final int ERESTART_RESTARTBLOCK = 516;

    /** si_code values (asm-generic/siginfo.h): sent by kill, by the kernel, a breakpoint trap, a single-step trap. */
    static final int SI_USER = 0;
    static final int SI_KERNEL = 0x80;
    static final int TRAP_BRKPT = 1;
    static final int TRAP_TRACE = 2;

    static final int SIGTRAP = 5;
    static final int SIGKILL = 9;
    static final int SIGCONT = 18;
    static final int SIGSTOP = 19;
    /** What WSTOPSIG reports at a syscall stop with PTRACE_O_TRACESYSGOOD. */
    static final int SYSCALL_TRAP = SIGTRAP | 0x80;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int MFD_CLOEXEC = 1;

    private Linux() {
    }

    /** The number of execve on an architecture (asm/unistd_64.h, asm-generic/unistd.h). */
    static int execveNumber(Arch arch) {
        return arch == Arch.X86_64 ? 59 : 221;
    }

    /** The number of seccomp on an architecture. */
    static int seccompNumber(Arch arch) {
        return arch == Arch.X86_64 ? 317 : 277;
    }

    /** The number of prctl on an architecture. */
    static int prctlNumber(Arch arch) {
        return arch == Arch.X86_64 ? 157 : 167;
    }

    /** The number of restart_syscall on x86_64 (aarch64 restarts without the tracer's help). */
    static final int X86_64_RESTART_SYSCALL = 219;
}
