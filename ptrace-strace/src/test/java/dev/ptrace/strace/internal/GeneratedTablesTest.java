package dev.ptrace.strace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Arch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GeneratedTablesTest {
    private static final SyscallTables X86 = new GeneratedTables(Arch.X86_64);
    private static final SyscallTables A64 = new GeneratedTables(Arch.AARCH64);

    private static String flags(SyscallTables t, ConstantFamily f, long v) {
        StringBuilder sb = new StringBuilder();
        t.constants(f).appendFlags(sb, v);
        return sb.toString();
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyFamilyComesFromTheGeneratedTables(Arch arch) {
        SyscallTables t = new GeneratedTables(arch);
        for (ConstantFamily f : ConstantFamily.values()) {
            boolean x86Only = f == ConstantFamily.ARCH_PRCTL;
            assertEquals(x86Only && arch != Arch.X86_64, t.constants(f).isEmpty(), f + " on " + arch);
        }
    }

    @Test
    void straceOrderAndAliases() {
        assertEquals("SA_RESTORER|SA_RESTART|SA_SIGINFO", flags(X86, ConstantFamily.SIGACTION_FLAGS, 0x14000004L));
        assertEquals("SA_RESTORER|SA_RESTART", flags(A64, ConstantFamily.SIGACTION_FLAGS, 0x14000000L));
        assertEquals("R_OK|W_OK", flags(X86, ConstantFamily.ACCESS_MODE, 6));
        assertNull(X86.constants(ConstantFamily.ACCESS_MODE).name(0), "F_OK is printed by the decoder");
        assertEquals("STATX_BASIC_STATS|STATX_BTIME", flags(X86, ConstantFamily.STATX_MASK, 0xfff));
        assertEquals("O_CREAT|O_CLOEXEC", flags(X86, ConstantFamily.OPEN_FLAGS, 0100 | 02000000));
        assertEquals("SOCK_CLOEXEC|SOCK_NONBLOCK", flags(X86, ConstantFamily.SOCKET_FLAGS, 02000000 | 04000));
        assertEquals(List.of("SA_NOMASK", "SA_ONESHOT"), List.of("SA_NOMASK", "SA_ONESHOT").stream()
                .filter(n -> X86.constants(ConstantFamily.SIGACTION_FLAGS).value(n) == null).toList());
    }

    @Test
    void values() {
        assertEquals("FUTEX_WAIT_PRIVATE", X86.constants(ConstantFamily.FUTEX_OP).name(0x80));
        assertEquals("FUTEX_LOCK_PI2", X86.constants(ConstantFamily.FUTEX_OP).name(13));
        assertEquals("SIG_UNBLOCK", A64.constants(ConstantFamily.SIGPROCMASK_HOW).name(1));
        assertEquals("RLIMIT_STACK", A64.constants(ConstantFamily.RLIMIT).name(3));
        assertEquals("ARCH_SET_FS", X86.constants(ConstantFamily.ARCH_PRCTL).name(0x1002));
        assertEquals("POSIX_FADV_DONTNEED", X86.constants(ConstantFamily.FADVISE).name(4));
        assertEquals("S_IFREG", X86.constants(ConstantFamily.FILE_TYPE).name(0100000));
        assertEquals("TCGETS", A64.constants(ConstantFamily.IOCTL).name(0x5401));
        assertEquals("FIONREAD", X86.constants(ConstantFamily.IOCTL).name(0x541b));
        assertEquals("TIOCGPTN", X86.constants(ConstantFamily.IOCTL).name(0x80045430L));
        assertNull(X86.constants(ConstantFamily.IOCTL).name(0), "TIOCPKT_* are not requests");
        assertEquals("IPPROTO_UDP", X86.constants(ConstantFamily.IPPROTO).name(17));
        assertEquals("CLOCK_BOOTTIME", A64.constants(ConstantFamily.CLOCK).name(7));
        assertEquals("PR_SET_NAME", X86.constants(ConstantFamily.PRCTL).name(15));
        assertEquals("PR_SET_PDEATHSIG", X86.constants(ConstantFamily.PRCTL).name(1));
        assertEquals("ENOENT", X86.constants(ConstantFamily.ERRNO).name(2));
        assertEquals("POLLIN|POLLHUP", flags(X86, ConstantFamily.POLL_EVENTS, 0x11));
        assertEquals("GRND_NONBLOCK", flags(X86, ConstantFamily.GETRANDOM_FLAGS, 1));
        assertEquals("STATX_ATTR_MOUNT_ROOT", flags(X86, ConstantFamily.STATX_ATTR, 0x2000));
        assertTrue(X86.syscallNumber("openat").isPresent());
        assertFalse(X86.syscallNames().isEmpty());
    }
}
