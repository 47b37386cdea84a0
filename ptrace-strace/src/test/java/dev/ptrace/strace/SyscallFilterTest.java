package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** strace's -e trace= expressions. */
class SyscallFilterTest {
    private static final Set<String> KNOWN = Set.of("open", "openat", "read", "write", "close", "mmap", "clone");

    @Test
    void namesClassesRegexAndNegation() {
        SyscallFilter f = SyscallFilter.parse("openat,close", KNOWN);
        assertTrue(f.test("openat"));
        assertFalse(f.test("read"));
        SyscallFilter file = SyscallFilter.parse("%file", KNOWN);
        assertTrue(file.test("openat"));
        assertFalse(file.test("read"));
        SyscallFilter notDesc = SyscallFilter.parse("!%desc", KNOWN);
        assertFalse(notDesc.test("read"));
        assertTrue(notDesc.test("clone"));
        SyscallFilter regex = SyscallFilter.parse("/^(read|write)$", KNOWN);
        assertTrue(regex.test("write"));
        assertFalse(regex.test("writev"));
        assertTrue(SyscallFilter.parse("%memory", KNOWN).test("mmap"));
        assertTrue(SyscallFilter.parse("%process", KNOWN).test("clone"));
        assertTrue(SyscallFilter.parse("%net", KNOWN).test("connect"));
        assertTrue(SyscallFilter.parse("%signal", KNOWN).test("rt_sigaction"));
    }

    @Test
    void allAndNone() {
        assertTrue(SyscallFilter.all().isAll());
        assertTrue(SyscallFilter.all().test("anything"));
        assertFalse(SyscallFilter.parse("none", KNOWN).test("read"));
        assertTrue(SyscallFilter.parse("!none", KNOWN).test("read"));
    }

    @Test
    void unknownNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyscallFilter.parse("opne", KNOWN));
        assertTrue(e.getMessage().contains("opne"));
        assertThrows(IllegalArgumentException.class, () -> SyscallFilter.parse("%bogus", KNOWN));
    }
}
