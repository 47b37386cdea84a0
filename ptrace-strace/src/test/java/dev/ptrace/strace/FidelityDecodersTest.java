package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ptrace.Arch;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The calls bench/fidelity.sh found decoded differently from strace in git, tar, ps, python and cp: file times,
 * ioctl requests, mount, NUMA policies, an unnamed socket's address. Expected lines are strace 6.1's for the same
 * calls (run here in UTC, the time zone the dates are printed in).
 */
class FidelityDecodersTest {
    private static TimeZone saved;
    private FakeMemory memory;
    private DecodedLines lines;

    @BeforeAll
    static void utc() {
        saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterAll
    static void restore() {
        TimeZone.setDefault(saved);
    }

    @BeforeEach
    void setUp() {
        lines = new DecodedLines(Arch.X86_64);
        memory = lines.memory;
    }

    private void longs(long addr, long... values) {
        memory.putLongs(addr, values);
    }

    @Test
    void fileTimesWithTheirDates() {
        memory.putString(0x1000, "/tmp/dx/f");
        longs(0x2000, 1704164645, 0, 1704164645, 5);
        assertEquals("utimensat(AT_FDCWD, \"/tmp/dx/f\", [{tv_sec=1704164645, tv_nsec=0} /* 2024-01-02T03:04:05+0000 */, "
                + "{tv_sec=1704164645, tv_nsec=5} /* 2024-01-02T03:04:05.000000005+0000 */], 0) = 0",
                lines.ok("utimensat", 0, -100, 0x1000, 0x2000, 0));
        longs(0x3000, 0, (1L << 30) - 1, 1704164645, (1L << 30) - 2);
        assertEquals("utimensat(4, NULL, [UTIME_NOW, UTIME_OMIT], AT_SYMLINK_NOFOLLOW) = 0",
                lines.ok("utimensat", 0, 4, 0, 0x3000, 0x100));
        longs(0x4000, 1704164645, 2_000_000_000L, 1, 0);
        assertEquals("utimensat(4, NULL, [{tv_sec=1704164645, tv_nsec=2000000000}, {tv_sec=1, tv_nsec=0} "
                + "/* 1970-01-01T00:00:01+0000 */], 0) = 0", lines.ok("utimensat", 0, 4, 0, 0x4000, 0));
        assertEquals("utimensat(4, NULL, NULL, 0) = 0", lines.ok("utimensat", 0, 4, 0, 0, 0));
        longs(0x5000, 1704164645, 0, 1704164645, 7);
        assertEquals("futimesat(AT_FDCWD, \"/tmp/dx/f\", [{tv_sec=1704164645, tv_usec=0} /* 2024-01-02T03:04:05+0000 */, "
                + "{tv_sec=1704164645, tv_usec=7} /* 2024-01-02T03:04:05.000007+0000 */]) = 0",
                lines.ok("futimesat", 0, -100, 0x1000, 0x5000));
        longs(0x6000, 1704164645, 1704164646);
        assertEquals("utime(\"/tmp/dx/f\", {actime=1704164645 /* 2024-01-02T03:04:05+0000 */, modtime=1704164646 "
                + "/* 2024-01-02T03:04:06+0000 */}) = 0", lines.ok("utime", 0, 0x1000, 0x6000));
    }

    @Test
    void ioctlRequests() {
        assertEquals("ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP (Operation not supported)",
                lines.line("ioctl", -95, true, 4, 0x40049409L, 3));
        assertEquals("ioctl(3, FIOCLEX) = 0", lines.ok("ioctl", 0, 3, 0x5451));
        assertEquals("ioctl(3, FIONCLEX) = 0", lines.ok("ioctl", 0, 3, 0x5450));
        assertEquals("ioctl(3, _IOC(_IOC_READ|_IOC_WRITE, 0x12, 0x34, 0x8), 0x1234) = -1 ENOTTY (Inappropriate ioctl "
                + "for device)", lines.line("ioctl", -25, true, 3, 0xc0081234L, 0x1234));
        assertEquals("ioctl(3, _IOC(_IOC_NONE, 0xfe, 0x1, 0), 0) = -1 ENOTTY (Inappropriate ioctl for device)",
                lines.line("ioctl", -25, true, 3, 0xfe01, 0));
        assertEquals("ioctl(3, _IOC(_IOC_READ, 0xfe, 0x1, 0x4), 0) = -1 ENOTTY (Inappropriate ioctl for device)",
                lines.line("ioctl", -25, true, 3, 0x8004fe01L, 0));
    }

    @Test
    void mountAndUmount() {
        memory.putString(0x1000, "none");
        memory.putString(0x1100, "/nonexist");
        memory.putString(0x1200, "proc");
        memory.putString(0x1300, "hidepid=2");
        assertEquals("mount(\"none\", \"/nonexist\", NULL, MS_REC|MS_PRIVATE, NULL) = -1 ENOENT (No such file or "
                + "directory)", lines.line("mount", -2, true, 0x1000, 0x1100, 0, 0x44000, 0));
        assertEquals("mount(\"proc\", \"/nonexist\", \"proc\", MS_NOSUID|MS_NODEV|MS_NOEXEC, \"hidepid=2\") = 0",
                lines.ok("mount", 0, 0x1200, 0x1100, 0x1200, 0xe, 0x1300));
        assertEquals("mount(\"none\", \"/nonexist\", 0x1200, MS_RDONLY|MS_REMOUNT|MS_BIND, \"hidepid=2\") = 0",
                lines.ok("mount", 0, 0x1000, 0x1100, 0x1200, 0x1021, 0x1300));
        assertEquals("mount(\"none\", \"/nonexist\", 0x1200, MS_MGC_VAL|MS_MOVE, 0x1300) = 0",
                lines.ok("mount", 0, 0x1000, 0x1100, 0x1200, 0xc0ed2000L, 0x1300));
        assertEquals("umount2(\"/nonexist\", MNT_DETACH|UMOUNT_NOFOLLOW) = 0", lines.ok("umount2", 0, 0x1100, 10));
        assertEquals("umount2(\"/nonexist\", 0) = 0", lines.ok("umount2", 0, 0x1100, 0));
    }

    @Test
    void numaPolicies() {
        longs(0x1000, 1, 0);
        assertEquals("set_mempolicy(MPOL_PREFERRED, [0x00000000000001], 64) = 0",
                lines.ok("set_mempolicy", 0, 1, 0x1000, 64));
        assertEquals("set_mempolicy(MPOL_DEFAULT, NULL, 0) = 0", lines.ok("set_mempolicy", 0, 0, 0, 0));
        assertEquals("set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES, [0x00000000000001, 0000000000000000], 128) = 0",
                lines.ok("set_mempolicy", 0, 0x8002, 0x1000, 128));
        longs(0x2000, 0);
        longs(0x3000, 0, 0);
        assertEquals("get_mempolicy([MPOL_DEFAULT], [0000000000000000, 0000000000000000], 128, NULL, 0) = 0",
                lines.ok("get_mempolicy", 0, 0x2000, 0x3000, 128, 0, 0));
        assertEquals("get_mempolicy([MPOL_DEFAULT], NULL, 0, NULL, MPOL_F_MEMS_ALLOWED) = 0",
                lines.ok("get_mempolicy", 0, 0x2000, 0, 0, 0, 4));
        assertEquals("mbind(0x10000, 4096, MPOL_BIND, [0000000000000000], 65, MPOL_MF_STRICT|MPOL_MF_MOVE) = -1 EINVAL "
                + "(Invalid argument)", lines.line("mbind", -22, true, 0x10000, 4096, 2, 0x3000, 65, 3));
    }

    @Test
    void unnamedUnixSocketIsItsFamilyAlone() {
        memory.put(0x1000, new byte[] {1, 0, 0, 0});
        memory.putInts(0x2000, 2);
        assertEquals("getsockname(3, {sa_family=AF_UNIX}, [2]) = 0", lines.ok("getsockname", 0, 3, 0x1000, 0x2000));
    }
}
