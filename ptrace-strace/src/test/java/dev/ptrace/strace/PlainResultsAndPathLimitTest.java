package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ptrace.Arch;
import org.junit.jupiter.api.Test;

/** Results strace prints as C's {@code %#x} (plain 0), and paths cut where strace cuts them (PATH_MAX - 1). */
class PlainResultsAndPathLimitTest {
    private final DecodedLines d = new DecodedLines(Arch.X86_64);

    @Test
    void zeroFlagResultsArePlainZero() {
        assertEquals("fcntl(3, F_GETFD) = 0", d.ok("fcntl", 0, 3, 1));
        assertEquals("fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)", d.ok("fcntl", 1, 3, 1));
        assertEquals("fcntl(3, F_GETFL) = 0 (flags O_RDONLY)", d.ok("fcntl", 0, 3, 3));
        assertEquals("fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)", d.ok("fcntl", 0x8002, 3, 3));
        assertEquals("fcntl(3, F_GETLEASE) = 0x2 (F_UNLCK)", d.ok("fcntl", 2, 3, 1025));
    }

    @Test
    void pathsAreCutAtPathMaxLessOne() {
        String full = "/" + "a".repeat(4094); // 4095 bytes: printed whole
        d.memory.putString(0x1000, full);
        assertEquals("chdir(\"" + full + "\") = 0", d.ok("chdir", 0, 0x1000));
        String longer = "/" + "b".repeat(4095); // 4096 bytes: 4095 of them, then ...
        d.memory.putString(0x10000, longer);
        assertEquals("chdir(\"" + longer.substring(0, 4095) + "\"...) = -1 ENAMETOOLONG (File name too long)",
                d.line("chdir", -36, true, 0x10000));
    }
}
