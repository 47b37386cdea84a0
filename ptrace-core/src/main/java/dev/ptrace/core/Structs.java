package dev.ptrace.core;

import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;
import dev.ptrace.SyscallArgs;
import dev.ptrace.SyscallInfo;

import java.nio.ByteBuffer;

/**
 * Decoding of the kernel structs the engine reads, from direct buffers in native byte order (layouts from
 * asm-generic/siginfo.h and linux/ptrace.h; identical on x86_64 and aarch64).
 */
final class Structs {
    private static final int SIGILL = 4;
    private static final int SIGTRAP = 5;
    private static final int SIGBUS = 7;
    private static final int SIGFPE = 8;
    private static final int SIGSEGV = 11;
    private static final int SIGCHLD = 17;
    private static final int SIGSYS = 31;
    private static final int SYS_SECCOMP = 1;

    private Structs() {
    }

    /** {@code siginfo_t}: signo @0, errno @4, code @8, then a union at 16 whose layout depends on signal and code. */
    static SignalInfo signalInfo(ByteBuffer b) {
        int signo = b.getInt(0);
        int errno = b.getInt(4);
        int code = b.getInt(8);
        Signal signal = signo >= 0 && signo <= 64 ? Signal.of(signo) : Signal.NONE;
        boolean fromKernel = code > 0;
        if (signo == SIGCHLD && fromKernel) {
            // sigchld: pid @16, uid @20, status @24, utime @32, stime @40
            return new SignalInfo(signal, errno, code, b.getInt(16), b.getInt(20), b.getInt(24), 0, 0, 0, 0,
                    b.getLong(32), b.getLong(40));
        }
        if (signo == SIGSYS && code == SYS_SECCOMP) {
            return new SignalInfo(signal, errno, code, 0, 0, 0, b.getLong(16), b.getInt(24), b.getInt(28), 0);
        }
        if (fromKernel && (signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE
                || signo == SIGTRAP)) {
            return new SignalInfo(signal, errno, code, 0, 0, 0, b.getLong(16), 0, 0, 0);
        }
        // kill, tkill, sigqueue, timers: pid @16, uid @20, value @24
        return new SignalInfo(signal, errno, code, b.getInt(16), b.getInt(20), 0, 0, 0, 0, b.getLong(24));
    }

    /**
     * {@code struct ptrace_syscall_info}: op u8 @0, arch u32 @4, ip @8, sp @16, then entry {nr @24, args @32..},
     * exit {rval @24, is_error u8 @32} or seccomp {nr @24, args @32.., ret_data u32 @80}.
     */
    static SyscallInfo syscallInfo(ByteBuffer b) {
        int op = b.get(0) & 0xff;
        int arch = b.getInt(4);
        long ip = b.getLong(8);
        long sp = b.getLong(16);
        switch (op) {
            case Linux.PTRACE_SYSCALL_INFO_ENTRY:
                return new SyscallInfo(SyscallInfo.Op.ENTRY, arch, ip, sp, (int) b.getLong(24), args(b), 0, false, 0);
            case Linux.PTRACE_SYSCALL_INFO_EXIT:
                return new SyscallInfo(SyscallInfo.Op.EXIT, arch, ip, sp, -1, null, b.getLong(24), b.get(32) != 0, 0);
            case Linux.PTRACE_SYSCALL_INFO_SECCOMP:
                return new SyscallInfo(SyscallInfo.Op.SECCOMP, arch, ip, sp, (int) b.getLong(24), args(b), 0, false,
                        b.getInt(80));
            default:
                return new SyscallInfo(SyscallInfo.Op.NONE, arch, ip, sp, -1, null, 0, false, 0);
        }
    }

    /** The six arguments of an ENTRY or SECCOMP {@code ptrace_syscall_info}, from offset 32. */
    static SyscallArgs args(ByteBuffer b) {
        return new SyscallArgs(b.getLong(32), b.getLong(40), b.getLong(48), b.getLong(56), b.getLong(64),
                b.getLong(72));
    }
}
