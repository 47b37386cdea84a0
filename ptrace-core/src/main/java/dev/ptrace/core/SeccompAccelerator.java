package dev.ptrace.core;

import dev.ptrace.Arch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes a tracee stop only at the syscalls someone looks at: a seccomp filter that returns
 * {@code SECCOMP_RET_TRACE} for those and {@code SECCOMP_RET_ALLOW} for the rest, installed by syscall injection
 * into the spawned stub at its execve entry stop, before a single instruction of the target runs. The tracee is
 * then resumed with {@code PTRACE_CONT} and its {@code PTRACE_EVENT_SECCOMP} stops stand for syscall entries.
 *
 * <p>This relies on the seccomp stop coming after the syscall-entry stop and before the exit stop, which is the
 * order since Linux 4.8 (ptrace(2)); on older kernels the engine traces every syscall instead. A filter cannot be
 * removed: kill-on-exit is forced, because without its tracer a filtered process gets ENOSYS from every traced
 * syscall (seccomp(2)).
 */
final class SeccompAccelerator {
    /** {@code SECCOMP_RET_DATA} our filter returns, to tell its stops from those of the tracee's own filters. */
    static final int OUR_DATA = 0x7ace;
    private static final int SECCOMP_RET_TRACE = 0x7ff00000;
    private static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    private static final int SECCOMP_SET_MODE_FILTER = 1;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int BPF_LD_W_ABS = 0x00 | 0x00 | 0x20;
    private static final int BPF_JMP_JEQ_K = 0x05 | 0x10 | 0x00;
    private static final int BPF_JMP_JGE_K = 0x05 | 0x30 | 0x00;
    private static final int BPF_RET_K = 0x06 | 0x00;
    /** {@code struct seccomp_data}: nr @0, arch @4. */
    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;
    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int MAX_INSNS = 4096;

    private SeccompAccelerator() {
    }

    /** Whether the running kernel reports seccomp stops in the order this relies on (Linux 4.8 or later). */
    static boolean kernelSupported(String osVersion) {
        String[] parts = osVersion.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 4 || (major == 4 && minor >= 8);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The filter program ({@code struct sock_filter} array, 8 bytes per instruction): other architectures and
     * x32 calls are traced, then one {@code jeq nr; ret TRACE} pair per traced number, then {@code ret ALLOW}.
     * Only the user's syscalls stop: the engine learns of new children, execs and exits from ptrace events and
     * wait statuses, which the filter does not touch, so stopping at fork, execve or exit too (as an earlier
     * version did) only cost five more stops per forked and exec'd child.
     */
    static byte[] program(Arch arch, Set<Integer> traced) {
        Set<Integer> numbers = new TreeSet<>(traced);
        int count = 4 + (arch == Arch.X86_64 ? 2 : 0) + 2 * numbers.size() + 1;
        if (count > MAX_INSNS) {
            throw new IllegalArgumentException("too many syscalls to filter: " + numbers.size());
        }
        ByteBuffer b = ByteBuffer.allocate(count * 8).order(ByteOrder.nativeOrder());
        insn(b, BPF_LD_W_ABS, 0, 0, OFFSET_ARCH);
        insn(b, BPF_JMP_JEQ_K, 1, 0, arch.auditArch());
        insn(b, BPF_RET_K, 0, 0, SECCOMP_RET_TRACE | OUR_DATA);
        insn(b, BPF_LD_W_ABS, 0, 0, OFFSET_NR);
        if (arch == Arch.X86_64) {
            insn(b, BPF_JMP_JGE_K, 0, 1, X32_SYSCALL_BIT);
            insn(b, BPF_RET_K, 0, 0, SECCOMP_RET_TRACE | OUR_DATA);
        }
        for (int nr : numbers) {
            insn(b, BPF_JMP_JEQ_K, 0, 1, nr);
            insn(b, BPF_RET_K, 0, 0, SECCOMP_RET_TRACE | OUR_DATA);
        }
        insn(b, BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW);
        return b.array();
    }

    private static void insn(ByteBuffer b, int code, int jt, int jf, int k) {
        b.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }

    /**
     * Installs the filter in a tracee stopped at a syscall-entry stop (the stub's execve). Tries without
     * {@code no_new_privs} first (possible with CAP_SYS_ADMIN, and it keeps setuid programs working), then with it.
     *
     * @return 0, or the negated errno of the failed seccomp call
     */
    static long install(TraceeHandle t, Arch arch, Set<Integer> traced) {
        byte[] prog = program(arch, traced);
        int insns = prog.length / 8;
        long filterAt = t.scratchAddress(prog.length + 16);
        long fprogAt = filterAt + prog.length;
        fprogAt = (fprogAt + 7) & ~7L;
        ByteBuffer fprog = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        fprog.putShort(0, (short) insns).putLong(8, filterAt); // struct sock_fprog {u16 len; sock_filter *filter}
        t.memory().write(filterAt, prog);
        t.memory().write(fprogAt, fprog.array());
        int seccomp = Linux.seccompNumber(arch);
        int prctl = Linux.prctlNumber(arch);
        long r = t.injectSyscall(seccomp, SECCOMP_SET_MODE_FILTER, 0, fprogAt);
        if (r == -Linux.EACCES) {
            long nnp = t.injectSyscall(prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
            if (nnp != 0) {
                return nnp;
            }
            r = t.injectSyscall(seccomp, SECCOMP_SET_MODE_FILTER, 0, fprogAt);
        }
        return r;
    }
}
