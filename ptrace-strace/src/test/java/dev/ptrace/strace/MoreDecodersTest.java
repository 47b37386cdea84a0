package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Arch;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.SyscallTables;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * prctl, epoll, select, statfs, sysinfo, terminal ioctls, sendmsg/recvmsg and clone3 against hand-built memory;
 * the expected lines are the installed strace's for the same calls, with NULL, unreadable and oversized input.
 */
class MoreDecodersTest {
    private static final SyscallTables X86 = SyscallTables.of(Arch.X86_64);
    private static final long BAD = 0x7fff00000000L;

    private FakeMemory memory;
    private DecodedLines lines;

    @BeforeEach
    void setUp() {
        lines = new DecodedLines(Arch.X86_64);
        memory = lines.memory;
    }

    /** The line without the column padding before {@code =}. */
    private String line(String name, long ret, boolean error, long... a) {
        return lines.line(name, ret, error, a);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void prctlOptions() {
        memory.putString(0x1000, "worker");
        assertEquals("prctl(PR_SET_NAME, \"worker\") = 0", line("prctl", 0, false, 15, 0x1000));
        assertEquals("prctl(PR_GET_NAME, \"worker\") = 0", line("prctl", 0, false, 16, 0x1000));
        memory.putString(0x2000, "averyveryverylongthreadname");
        assertEquals("prctl(PR_SET_NAME, \"averyveryverylo\"...) = 0", line("prctl", 0, false, 15, 0x2000));
        assertEquals("prctl(PR_SET_NAME, NULL) = -1 EFAULT (Bad address)", line("prctl", -14, true, 15, 0));
        assertEquals("prctl(PR_SET_NAME, 0x8) = -1 EFAULT (Bad address)", line("prctl", -14, true, 15, 8));
        assertEquals("prctl(PR_SET_PDEATHSIG, SIGTERM) = 0", line("prctl", 0, false, 1, 15));
        assertEquals("prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)", line("prctl", 1, false, 3, 0xf));
        assertEquals("prctl(PR_SET_DUMPABLE, SUID_DUMP_USER) = 0", line("prctl", 0, false, 4, 1));
        assertEquals("prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0", line("prctl", 0, false, 38, 1));
        assertEquals("prctl(PR_CAPBSET_READ, CAP_KILL) = 1", line("prctl", 1, false, 23, 5));
        assertEquals("prctl(PR_CAPBSET_DROP, 0x63 /* CAP_??? */) = -1 EINVAL (Invalid argument)",
                line("prctl", -22, true, 24, 99));
        assertEquals("prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) = -1 EINVAL (Invalid argument)",
                line("prctl", -22, true, 0x59616d61L, -1));
        assertEquals("prctl(PR_SET_MM, PR_SET_MM_START_CODE, 0x2, 0, 0) = -1 EPERM (Operation not permitted)",
                line("prctl", -1, true, 35, 1, 2));
        assertEquals("prctl(0x270f /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)",
                line("prctl", -22, true, 9999, 1, 2, 3, 4));
        memory.putInts(0x3000, 15);
        assertEquals("prctl(PR_GET_PDEATHSIG, [SIGTERM]) = 0", line("prctl", 0, false, 2, 0x3000));
        assertEquals("prctl(PR_GET_PDEATHSIG, 0x7fff00000000) = 0", line("prctl", 0, false, 2, BAD));
    }

    @Test
    void epollCalls() {
        assertEquals("epoll_create1(EPOLL_CLOEXEC) = 3", line("epoll_create1", 3, false, 0x80000));
        assertEquals("epoll_create1(0) = 3", line("epoll_create1", 3, false, 0));
        ByteBuffer ev = le(24).putInt(0x80000001).putLong(140548509794308L).putInt(1).putLong(4);
        memory.put(0x1000, ev.array());
        assertEquals("epoll_ctl(3, EPOLL_CTL_ADD, 4, {events=EPOLLIN|EPOLLET, data={u32=4, u64=140548509794308}})"
                + " = 0", line("epoll_ctl", 0, false, 3, 1, 4, 0x1000));
        assertEquals("epoll_ctl(3, EPOLL_CTL_DEL, 4, NULL) = 0", line("epoll_ctl", 0, false, 3, 2, 4, 0));
        assertEquals("epoll_ctl(3, 0x9 /* EPOLL_CTL_??? */, 4, 0x7fff00000000) = -1 EFAULT (Bad address)",
                line("epoll_ctl", -14, true, 3, 9, 4, BAD));
        assertEquals("epoll_wait(3, [{events=EPOLLIN|EPOLLET, data={u32=4, u64=140548509794308}}, {events=EPOLLIN,"
                + " data={u32=4, u64=4}}], 1023, 1000) = 2", line("epoll_wait", 2, false, 3, 0x1000, 1023, 1000));
        assertEquals("epoll_wait(3, [], 4, 0) = 0", line("epoll_wait", 0, false, 3, 0x1000, 4, 0));
        assertEquals("epoll_wait(3, 0x7fff00000000, 4, 0) = 1", line("epoll_wait", 1, false, 3, BAD, 4, 0));
        assertEquals("epoll_wait(3, 0x1000, 4, -1) = -1 EINTR (Interrupted system call)",
                line("epoll_wait", -4, true, 3, 0x1000, 4, -1));
        memory.putLongs(0x2000, 1L << 9);
        assertEquals("epoll_pwait(3, [{events=EPOLLIN|EPOLLET, data={u32=4, u64=140548509794308}}], 4, 0, [USR1], 8)"
                + " = 1", line("epoll_pwait", 1, false, 3, 0x1000, 4, 0, 0x2000, 8));
        assertEquals("epoll_pwait(3, [{events=EPOLLIN|EPOLLET, data={u32=4, u64=140548509794308}}], 4, 0, NULL, 8)"
                + " = 1", line("epoll_pwait", 1, false, 3, 0x1000, 4, 0, 0, 8));
    }

    @Test
    void epollWaitWithAHugeCountReadsOnlyWhatItPrints() {
        byte[] many = new byte[12 * 40];
        memory.put(0x1000, many);
        String l = line("epoll_wait", 1 << 30, false, 3, 0x1000, 1 << 30, 0);
        assertEquals(true, l.endsWith("data={u32=0, u64=0}}, ...], 1073741824, 0) = 1073741824"), l);
        assertEquals(true, memory.bytesRequested <= 12 * 32 + 64, "read " + memory.bytesRequested);
    }

    @Test
    void selectAndPselect6() {
        memory.putLongs(0x1000, 0b10001);
        memory.putLongs(0x1100, 0b100000);
        memory.putLongs(0x1200, 1, 497);
        assertEquals("select(6, [0 4], [5], NULL, {tv_sec=1, tv_usec=497}) = 3 (in [0 4], out [5], left {tv_sec=1,"
                + " tv_usec=497})", line("select", 3, false, 6, 0x1000, 0x1100, 0, 0x1200));
        assertEquals("select(6, [0 4], NULL, NULL, NULL) = 1 (in [0 4])",
                line("select", 1, false, 6, 0x1000, 0, 0, 0));
        assertEquals("select(6, [0 4], NULL, NULL, {tv_sec=1, tv_usec=497}) = 0 (Timeout)",
                line("select", 0, false, 6, 0x1000, 0, 0, 0x1200));
        assertEquals("select(2000, 0x7fff00000000, NULL, NULL, NULL) = -1 EFAULT (Bad address)",
                line("select", -14, true, 2000, BAD, 0, 0, 0));
        memory.putLongs(0x1300, 0, 0);
        memory.putLongs(0x1400, 1L << 9);
        memory.putLongs(0x1500, 0x1400, 8);
        assertEquals("pselect6(1, [0], NULL, NULL, {tv_sec=0, tv_nsec=0}, {sigmask=[USR1], sigsetsize=8}) = 1 (in [0],"
                + " left {tv_sec=0, tv_nsec=0})", line("pselect6", 1, false, 1, 0x1000, 0, 0, 0x1300, 0x1500));
        assertEquals("pselect6(5, [0 4], NULL, NULL, NULL, NULL) = 1 (in [0 4])",
                line("pselect6", 1, false, 5, 0x1000, 0, 0, 0, 0));
        // a huge nfds: only a bounded set is read, and it cannot be here
        assertEquals("select(2147483647, 0x1000, NULL, NULL, NULL) = -1 EINVAL (Invalid argument)",
                line("select", -22, true, Integer.MAX_VALUE, 0x1000, 0, 0, 0));
    }

    @Test
    void statfsAndFstatfs() {
        ByteBuffer b = le(120).putLong(0xEF53).putLong(4096).putLong(66053021).putLong(60320363).putLong(20865070)
                .putLong(16777216).putLong(16349414).putInt(0x913e5f55).putInt(0x84b13902).putLong(255).putLong(4096)
                .putLong(0x1020);
        memory.putString(0x1000, "/");
        memory.put(0x2000, b.array());
        assertEquals("statfs(\"/\", {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, f_bfree=60320363,"
                + " f_bavail=20865070, f_files=16777216, f_ffree=16349414, f_fsid={val=[0x913e5f55, 0x84b13902]},"
                + " f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0",
                line("statfs", 0, false, 0x1000, 0x2000));
        ByteBuffer p = le(120).putLong(0x50495045).putLong(4096).putLong(0).putLong(0).putLong(0).putLong(0)
                .putLong(0).putInt(0xf).putInt(0).putLong(255).putLong(4096).putLong(0x20);
        memory.put(0x3000, p.array());
        assertEquals("fstatfs(4, {f_type=PIPEFS_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, f_bavail=0, f_files=0,"
                + " f_ffree=0, f_fsid={val=[0xf, 0]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID}) = 0",
                line("fstatfs", 0, false, 4, 0x3000));
        memory.putString(0x4000, "/selinux");
        assertEquals("statfs(\"/selinux\", 0x2000) = -1 ENOENT (No such file or directory)",
                line("statfs", -2, true, 0x4000, 0x2000));
        assertEquals("fstatfs(4, 0x7fff00000000) = 0", line("fstatfs", 0, false, 4, BAD));
        assertEquals("fstatfs(4, NULL) = -1 EFAULT (Bad address)", line("fstatfs", -14, true, 4, 0));
    }

    @Test
    void sysinfoStruct() {
        ByteBuffer b = le(112).putLong(4367).putLong(41536).putLong(89824).putLong(154112).putLong(25276502016L)
                .putLong(24643084288L).putLong(9084928).putLong(5931008).putLong(0).putLong(0).putShort((short) 91)
                .putShort((short) 0).putInt(0).putLong(0).putLong(0).putInt(1);
        memory.put(0x1000, b.array());
        assertEquals("sysinfo({uptime=4367, loads=[41536, 89824, 154112], totalram=25276502016, freeram=24643084288,"
                + " sharedram=9084928, bufferram=5931008, totalswap=0, freeswap=0, procs=91, totalhigh=0, freehigh=0,"
                + " mem_unit=1}) = 0", line("sysinfo", 0, false, 0x1000));
        assertEquals("sysinfo(0x7fff00000000) = 0", line("sysinfo", 0, false, BAD));
    }

    @Test
    void terminalIoctls() {
        ByteBuffer t = le(36).putInt(0x500).putInt(0x5).putInt(0xbf).putInt(0x8a3b);
        memory.put(0x1000, t.array());
        String tc = "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD,"
                + " c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}";
        assertEquals("ioctl(7, TCGETS, " + tc + ") = 0", line("ioctl", 0, false, 7, 0x5401, 0x1000));
        assertEquals("ioctl(7, SNDCTL_TMR_START or TCSETS, " + tc + ") = 0",
                line("ioctl", 0, false, 7, 0x5402, 0x1000));
        ByteBuffer t2 = le(36).putInt(0x500).putInt(0x1905).putInt(0xdfd).putInt(0x8a3b);
        memory.put(0x2000, t2.array());
        assertEquals("ioctl(3, SNDCTL_TMR_START or TCSETS, {c_iflag=ICRNL|IXON, c_oflag=NL1|CR0|XTABS|BS0|VT0|FF0"
                + "|OPOST|ONLCR, c_cflag=B9600|CS8|CSTOPB|CREAD|PARENB|HUPCL|CLOCAL, c_lflag=ISIG|ICANON|ECHO|ECHOE"
                + "|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}) = 0", line("ioctl", 0, false, 3, 0x5402, 0x2000));
        assertEquals("ioctl(1, TCGETS, 0x1000) = -1 ENOTTY (Inappropriate ioctl for device)",
                line("ioctl", -25, true, 1, 0x5401, 0x1000));
        assertEquals("ioctl(3, TCGETS, NULL) = -1 EFAULT (Bad address)", line("ioctl", -14, true, 3, 0x5401, 0));
        assertEquals("ioctl(3, TCGETS, 0x7fff00000000) = 0", line("ioctl", 0, false, 3, 0x5401, BAD));
        memory.put(0x3000, le(8).putShort((short) 24).putShort((short) 80).array());
        assertEquals("ioctl(3, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0",
                line("ioctl", 0, false, 3, 0x5414, 0x3000));
        memory.putInts(0x4000, 0);
        assertEquals("ioctl(3, FIONREAD, [0]) = 0", line("ioctl", 0, false, 3, 0x541b, 0x4000));
        assertEquals("ioctl(2, TIOCGPGRP, 0x4000) = -1 ENOTTY (Inappropriate ioctl for device)",
                line("ioctl", -25, true, 2, 0x540f, 0x4000));
    }

    @Test
    void sendmsgAndRecvmsg() {
        memory.put(0x1000, new byte[] {'h', 'i', 'c', 'd', 'e'});
        memory.putLongs(0x2000, 0x1000, 2, 0x1002, 3);
        memory.put(0x3000, le(16).putShort((short) 2).putShort((short) 0).put(new byte[] {127, 0, 0, 1}).array());
        ByteBuffer h = le(56).putLong(0x3000).putInt(16).putInt(0).putLong(0x2000).putLong(2).putLong(0).putLong(0)
                .putInt(0);
        memory.put(0x4000, h.array());
        assertEquals("sendmsg(9, {msg_name={sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"127.0.0.1\")},"
                + " msg_namelen=16, msg_iov=[{iov_base=\"hi\", iov_len=2}, {iov_base=\"cde\", iov_len=3}],"
                + " msg_iovlen=2, msg_controllen=0, msg_flags=0}, MSG_DONTWAIT|MSG_NOSIGNAL) = -1 EINVAL (Invalid"
                + " argument)", line("sendmsg", -22, true, 9, 0x4000, 0x4040));
        ByteBuffer r = le(56).putLong(0).putInt(0).putInt(0).putLong(0x2000).putLong(1).putLong(0).putLong(0)
                .putInt(0);
        memory.put(0x5000, r.array());
        assertEquals("recvmsg(9, {msg_namelen=0}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)",
                line("recvmsg", -11, true, 9, 0x5000, 0x40));
        assertEquals("recvmsg(7, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi\", iov_len=2}],"
                + " msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 2", line("recvmsg", 2, false, 7, 0x5000, 0));
        assertEquals("sendmsg(9, 0x7fff00000000, 0) = -1 EFAULT (Bad address)",
                line("sendmsg", -14, true, 9, BAD, 0));
        assertEquals("recvmsg(9, 0x7fff00000000, 0) = -1 EFAULT (Bad address)",
                line("recvmsg", -14, true, 9, BAD, 0));
        // an iovec count far beyond memory: only the string limit of elements is read
        ByteBuffer huge = le(56).putLong(0).putInt(0).putInt(0).putLong(0x2000).putLong(Long.MAX_VALUE);
        memory.put(0x6000, huge.array());
        String l = line("sendmsg", -22, true, 9, 0x6000, 0);
        assertEquals(true, l.contains("msg_iov=[{iov_base=\"hi\", iov_len=2}, {iov_base=\"cde\", iov_len=3}, ... /* "),
                l);
    }

    @Test
    void clone3Args() {
        ByteBuffer a = le(88).putLong(0x3d0f00).putLong(0).putLong(0x7fd436842990L).putLong(0x7fd436842990L)
                .putLong(0).putLong(0x7fd436042000L).putLong(0x7fff80).putLong(0x7fd4368426c0L);
        memory.put(0x1000, a.array());
        memory.put(0x7fd436842990L, le(4).putInt(9151).array());
        assertEquals("clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM"
                + "|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7fd436842990,"
                + " parent_tid=0x7fd436842990, exit_signal=0, stack=0x7fd436042000, stack_size=0x7fff80,"
                + " tls=0x7fd4368426c0} => {parent_tid=[9151]}, 88) = 9151", line("clone3", 9151, false, 0x1000, 88));
        assertEquals("clone3(NULL, 88) = -1 EFAULT (Bad address)", line("clone3", -14, true, 0, 88));
        assertEquals("clone3(0x7fff00000000, 88) = -1 EFAULT (Bad address)", line("clone3", -14, true, BAD, 88));
        assertEquals("clone3(0x1000, 8) = -1 EINVAL (Invalid argument)", line("clone3", -22, true, 0x1000, 8));
    }

    @Test
    void waitOptionsUseWstoppedLikeStrace() {
        assertEquals("wait4(-1, 0x1000, WNOHANG|WSTOPPED, NULL) = 0", line("wait4", 0, false, -1, 0x1000, 3, 0));
    }

    @Test
    void fdPathsShowTheCurrentDirectoryAfterAtFdcwd() throws Exception {
        Tracee self = mock(Tracee.class);
        when(self.pid()).thenReturn((int) ProcessHandle.current().pid());
        when(self.memory()).thenReturn(memory);
        SyscallFormatter y = new SyscallFormatter(X86, SyscallFilter.all(),
                new DecodeContext(X86, 32, true, ConstantStyle.ABBREV));
        memory.putString(0x1000, "x");
        int nr = X86.syscallNumber("unlinkat").orElseThrow();
        SyscallFormatter.Pending p = y.enter(self, nr, new SyscallArgs(-100, 0x1000, 0, 0, 0, 0), 0, 1000);
        String cwd = java.nio.file.Path.of("/proc/self/cwd").toRealPath().toString();
        assertEquals("unlinkat(AT_FDCWD<" + cwd + ">, \"x\", 0) = -1 ENOENT (No such file or directory)",
                y.exit(self, p, nr, -2, true, 2000).toString().replaceAll(" +=", " ="));
    }
}
