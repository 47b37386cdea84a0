package dev.ptrace.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Arch;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConstantsTest {
    private static final Constants X86 = Constants.of(Arch.X86_64);
    private static final Constants A64 = Constants.of(Arch.AARCH64);

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyAccessorHasANonEmptyFamily(Arch arch) throws Exception {
        Constants c = Constants.of(arch);
        assertSame(arch, c.arch());
        int accessors = 0;
        for (Method m : Constants.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                    && m.getReturnType() == ConstantFamily.class && m.getParameterCount() == 0) {
                ConstantFamily f = (ConstantFamily) m.invoke(c);
                assertEquals(m.getName(), f.name());
                boolean x86Only = m.getName().equals("archPrctlCodes");
                assertEquals(x86Only && arch != Arch.X86_64, f.entries().isEmpty(), m.getName());
                accessors++;
            }
        }
        assertEquals(c.families().size(), accessors, "one accessor per generated family");
        assertEquals(X86.families().stream().map(ConstantFamily::name).toList(),
                c.families().stream().map(ConstantFamily::name).toList());
    }

    @Test
    void familiesReadAtRunTimeBeforeAreGenerated() {
        assertEquals("SA_SIGINFO|SA_RESTORER|SA_RESTART", X86.sigactionFlags().format(0x14000004L));
        assertEquals(Optional.of(0x04000000L), A64.sigactionFlags().valueOf("SA_RESTORER"));
        assertEquals("SIG_SETMASK", X86.sigprocmaskHow().format(2));
        assertEquals("RLIMIT_NOFILE", A64.rlimits().format(7));
        assertEquals("FUTEX_WAIT_PRIVATE", X86.futexOps().format(128));
        assertEquals("FUTEX_WAIT_BITSET_PRIVATE", X86.futexOps().format(137));
        assertEquals("ARCH_SET_FS", X86.archPrctlCodes().format(0x1002));
        assertEquals("GRND_NONBLOCK|GRND_RANDOM", X86.getrandomFlags().format(3));
        assertEquals("STATX_BASIC_STATS|STATX_BTIME", X86.statxMask().format(0xfff));
        assertEquals("STATX_ATTR_APPEND", X86.statxAttributes().format(0x20));
        assertEquals("POSIX_FADV_DONTNEED", A64.fadviseAdvice().format(4));
        assertEquals("W_OK|R_OK", X86.accessModes().format(6), "flags in value order");
        assertEquals("F_OK", A64.accessModes().format(0));
        assertEquals("S_IFDIR", X86.fileTypes().format(0040000));
        assertEquals("POLLIN|POLLOUT", X86.pollEvents().format(5));
        assertEquals("TCGETS", A64.terminalIoctls().format(0x5401));
        assertEquals("FIONREAD", X86.terminalIoctls().format(0x541b));
        assertEquals("TIOCGPTN", X86.terminalIoctls().format(0x80045430L));
        assertEquals("IPPROTO_TCP", X86.ipProtocols().format(6));
        assertEquals("CLOCK_MONOTONIC", A64.clocks().format(1));
        assertEquals("PR_SET_NAME", X86.prctlOptions().format(15));
        assertEquals("PR_SET_NO_NEW_PRIVS", X86.prctlOptions().format(38));
        assertEquals(Optional.empty(), X86.prctlOptions().valueOf("PR_SET_MM_BRK"), "argument values left out");
    }

    @Test
    void openFlagsFormatLikeStrace() {
        assertEquals("O_RDONLY|O_CLOEXEC", X86.openFlags().format(0x80000));
        assertEquals("O_WRONLY|O_CREAT|O_TRUNC", X86.openFlags().format(01 | 0100 | 01000));
        assertEquals("O_RDONLY", X86.openFlags().format(0));
        assertEquals("O_RDWR|O_NONBLOCK", X86.openFlags().format(04002), "O_NONBLOCK, not its alias O_NDELAY");
        assertEquals("O_RDONLY|O_SYNC", X86.openFlags().format(04010000), "multi-bit flag before its parts");
        assertEquals("O_RDONLY|O_DSYNC", X86.openFlags().format(010000));
        assertEquals("O_RDWR|O_TMPFILE", X86.openFlags().format(020200002));
        assertEquals("0x3|0x80000000", X86.openFlags().format(0x80000003L));
        assertEquals(3, X86.openFlags().fieldMask());
    }

    @Test
    void perArchValues() {
        assertEquals(Optional.of(0200000L), X86.openFlags().valueOf("O_DIRECTORY"));
        assertEquals(Optional.of(040000L), A64.openFlags().valueOf("O_DIRECTORY"));
        assertEquals(Optional.of(0400000L), X86.openFlags().valueOf("O_NOFOLLOW"));
        assertEquals(Optional.of(0100000L), A64.openFlags().valueOf("O_NOFOLLOW"));
        assertEquals("O_RDONLY|O_DIRECTORY", A64.openFlags().format(040000));
        assertNotEquals(X86.openFlags().format(040000), A64.openFlags().format(040000));
        assertTrue(X86.ptraceRequests().byName("PTRACE_GETREGS").isPresent());
        assertTrue(A64.ptraceRequests().byName("PTRACE_GETREGS").isEmpty());
        assertEquals("PTRACE_ARCH_PRCTL", X86.ptraceRequests().format(30));
        assertEquals("PTRACE_PEEKMTETAGS", A64.ptraceRequests().format(33));
        assertTrue(X86.mapFlags().byName("MAP_32BIT").isPresent());
        assertTrue(A64.mapFlags().byName("MAP_32BIT").isEmpty());
        assertTrue(A64.protFlags().byName("PROT_BTI").isPresent());
    }

    @Test
    void families() {
        assertEquals("MAP_PRIVATE|MAP_ANONYMOUS", X86.mapFlags().format(0x22));
        assertEquals("MAP_SHARED|MAP_FIXED", A64.mapFlags().format(0x11));
        assertEquals("PROT_NONE", X86.protFlags().format(0));
        assertEquals("PROT_READ|PROT_EXEC", X86.protFlags().format(5));
        assertEquals("AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH", X86.atFlags().format(0x1100));
        assertEquals("0", X86.atFlags().format(0));
        assertEquals(Optional.of(-100L), X86.atDirfds().valueOf("AT_FDCWD"));
        assertEquals("CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS"
                + "|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID", X86.cloneFlags().format(0x3d0f00));
        assertEquals(Optional.of(1L << 33), A64.cloneFlags().valueOf("CLONE_INTO_CGROUP"));
        assertEquals("WNOHANG|__WALL", X86.waitOptions().format(0x40000001));
        assertEquals(Optional.of(2L), X86.waitOptions().valueOf("WSTOPPED"));
        assertEquals("F_DUPFD_CLOEXEC", X86.fcntlCommands().format(1030));
        assertEquals("F_GETFL", A64.fcntlCommands().format(3));
        assertEquals("F_RDLCK", X86.fcntlLockTypes().format(0));
        assertEquals("SEEK_HOLE", X86.seekWhence().format(4));
        assertEquals("AF_INET6", X86.addressFamilies().format(10));
        assertEquals("AF_UNIX", X86.addressFamilies().format(1), "canonical over AF_LOCAL");
        assertEquals("SOCK_STREAM", A64.socketTypes().format(1));
        assertEquals(X86.openFlags().valueOf("O_CLOEXEC"), X86.socketFlags().valueOf("SOCK_CLOEXEC"));
        assertEquals("SECCOMP_SET_MODE_FILTER", X86.seccompOps().format(1));
        assertEquals("SECCOMP_FILTER_FLAG_TSYNC|SECCOMP_FILTER_FLAG_LOG", X86.seccompFilterFlags().format(3));
        assertEquals("SECCOMP_RET_ALLOW", X86.seccompReturnActions().format(0x7fff0000L));
        assertEquals("PTRACE_SEIZE", X86.ptraceRequests().format(0x4206));
        assertEquals("PTRACE_O_TRACESYSGOOD|PTRACE_O_TRACECLONE|PTRACE_O_EXITKILL",
                A64.ptraceOptions().format(1 | 8 | 0x100000));
        assertEquals("PTRACE_EVENT_STOP", X86.ptraceEvents().format(128));
        assertEquals("PTRACE_SYSCALL_INFO_EXIT", X86.ptraceSyscallInfoOps().format(2));
        assertEquals("12345", X86.ptraceRequests().format(12345));
        assertEquals("FD_CLOEXEC", X86.fdFlags().format(1));
        assertEquals("F_SEAL_SEAL|F_SEAL_WRITE", X86.fcntlSeals().format(9));
        assertEquals("P_PIDFD", X86.waitIdTypes().format(3));
        assertEquals("SECCOMP_MODE_FILTER", X86.seccompModes().format(2));
    }

    @Test
    void lookupsAndErrors() {
        assertTrue(X86.family("openFlags").isPresent());
        assertTrue(X86.family("nope").isEmpty());
        assertEquals(ConstantFamily.Kind.FLAGS, X86.openFlags().kind());
        assertEquals(ConstantFamily.Kind.VALUES, X86.signals().kind());
        assertEquals(Optional.of(new Constant("SIGABRT", 6)), X86.signals().byValue(6));
        assertEquals(Optional.of(new Constant("SIGIOT", 6)), X86.signals().byName("SIGIOT"));
        ConstantFamily empty = ConstantFamily.builder("empty", ConstantFamily.Kind.FLAGS).build();
        assertEquals("0", empty.format(0));
        assertEquals("0x5", empty.format(5));
    }

    /** Known values of the families strace's struct decoders use (from the uapi headers), on both architectures. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(dev.ptrace.Arch.class)
    void decoderFamiliesHoldTheHeaderValues(dev.ptrace.Arch arch) {
        Constants c = Constants.of(arch);
        assertEquals(java.util.Optional.of(1L), c.epollEvents().valueOf("EPOLLIN"));
        assertEquals(java.util.Optional.of(1L << 31), c.epollEvents().valueOf("EPOLLET"));
        assertEquals(java.util.Optional.of(3L), c.epollCtlOps().valueOf("EPOLL_CTL_MOD"));
        assertEquals(java.util.Optional.of(0x40L), c.msgFlags().valueOf("MSG_DONTWAIT"));
        assertEquals(java.util.Optional.of(0xEF53L), c.fsMagic().valueOf("EXT2_SUPER_MAGIC"));
        assertEquals(java.util.Optional.of(0x9fa0L), c.fsMagic().valueOf("PROC_SUPER_MAGIC"));
        assertEquals(java.util.Optional.of(0x100L), c.termiosInputFlags().valueOf("ICRNL"));
        assertEquals(java.util.Optional.of(0x1L), c.termiosOutputFlags().valueOf("OPOST"));
        assertEquals(java.util.Optional.of(0x8L), c.termiosLocalFlags().valueOf("ECHO"));
        assertEquals(java.util.Optional.of(0xfL), c.baudRates().valueOf("B38400"));
        assertEquals(java.util.Optional.of(5L), c.capabilities().valueOf("CAP_KILL"));
        assertEquals(java.util.Optional.of(19L), c.capabilities().valueOf("CAP_SYS_PTRACE"));
        assertEquals(java.util.Optional.of(1L), c.prSetMmOptions().valueOf("PR_SET_MM_START_CODE"));
        assertTrue(c.statfsFlags().valueOf("ST_RDONLY").isPresent());
        assertTrue(c.suidDumpModes().valueOf("SUID_DUMP_USER").isPresent());
    }
}
