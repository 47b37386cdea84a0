package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ptrace.Arch;
import org.junit.jupiter.api.Test;

/**
 * Syscalls without a hand-written decoder, printed from their kernel prototypes: the expected lines are the
 * installed strace's for the same calls.
 */
class TypedDefaultTest {
    private final DecodedLines x86 = new DecodedLines(Arch.X86_64);
    private final DecodedLines arm = new DecodedLines(Arch.AARCH64);

    @Test
    void descriptorsAndFlagsByArgumentName() {
        assertEquals("flock(3, LOCK_EX) = 0", x86.ok("flock", 0, 3, 2));
        assertEquals("flock(3, LOCK_NB|LOCK_UN) = 0", x86.ok("flock", 0, 3, 0xc));
        assertEquals("fallocate(3, 0, 0, 4096) = 0", x86.ok("fallocate", 0, 3, 0, 0, 4096));
        assertEquals("eventfd2(3, EFD_CLOEXEC|EFD_NONBLOCK) = 4", x86.ok("eventfd2", 4, 3, 0x80800));
        assertEquals("memfd_create(\"jtest\", MFD_CLOEXEC) = 6", withString(x86, "memfd_create", 6, "jtest", 1));
        assertEquals("syncfs(3) = 0", arm.ok("syncfs", 0, 3));
    }

    @Test
    void enumerationsByArgumentName() {
        assertEquals("getpriority(PRIO_PROCESS, 0) = 20", x86.ok("getpriority", 20, 0, 0));
        assertEquals("madvise(0x7f0000000000, 4096, MADV_DONTNEED) = 0",
                x86.ok("madvise", 0, 0x7f0000000000L, 4096, 4));
        assertEquals("madvise(0x7f0000000000, 4096, 0x3039 /* MADV_??? */) = -1 EINVAL (Invalid argument)",
                x86.line("madvise", -22, true, 0x7f0000000000L, 4096, 12345));
    }

    @Test
    void pathsUidsAndPointers() {
        x86.memory.putString(0x1000, "/tmp");
        assertEquals("inotify_add_watch(5, \"/tmp\", IN_CREATE|IN_DELETE) = 1",
                x86.ok("inotify_add_watch", 1, 5, 0x1000, 0x300));
        assertEquals("setresuid(-1, 1000, -1) = 0", x86.ok("setresuid", 0, -1, 1000, -1));
        assertEquals("sched_getaffinity(0, 128, 0x2000) = 8", x86.ok("sched_getaffinity", 8, 0, 128, 0x2000));
        assertEquals("umount2(\"/tmp\", 0) = -1 EPERM (Operation not permitted)",
                x86.line("umount2", -1, true, 0x1000, 0));
    }

    private static String withString(DecodedLines d, String name, long ret, String s, long arg1) {
        d.memory.putString(0x3000, s);
        return d.ok(name, ret, 0x3000, arg1);
    }
}
