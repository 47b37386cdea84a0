package dev.ptrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrnoTest {
    @Test
    void knownNumbers() {
        assertEquals(1, Errno.EPERM.number());
        assertEquals(3, Errno.ESRCH.number());
        assertEquals(11, Errno.EAGAIN.number());
        assertEquals(38, Errno.ENOSYS.number());
        assertEquals(133, Errno.EHWPOISON.number());
        assertEquals("No such process", Errno.ESRCH.description());
        assertEquals(Optional.of(Errno.ESRCH), Errno.of(3));
    }

    @Test
    void descriptionIsStrerrorAndTheHeaderCommentIsKept() {
        assertEquals("Input/output error", Errno.EIO.description());
        assertEquals("I/O error", Errno.EIO.headerComment());
        assertEquals("Resource temporarily unavailable", Errno.EAGAIN.description());
        assertEquals("Try again", Errno.EAGAIN.headerComment());
        assertEquals("Bad file descriptor", Errno.EBADF.description());
        assertEquals("Unknown error 512", Errno.ERESTARTSYS.description(), "the C library has no text for it");
        assertEquals("", Errno.ERESTARTSYS.headerComment(), "the kernel header has no comment on it");
        assertEquals("restart if no handler..", Errno.ERESTARTNOHAND.headerComment());
    }

    @Test
    void kernelInternalCodes() {
        assertEquals(Optional.of(Errno.ERESTARTSYS), Errno.of(512));
        assertEquals(Optional.of(Errno.ERESTARTNOINTR), Errno.of(513));
        assertEquals(Optional.of(Errno.ERESTARTNOHAND), Errno.of(514));
        assertEquals(Optional.of(Errno.ENOIOCTLCMD), Errno.of(515));
        assertEquals(Optional.of(Errno.ERESTART_RESTARTBLOCK), Errno.of(516));
        assertEquals(Optional.of(Errno.EPROBE_DEFER), Errno.of(517));
        assertTrue(Errno.ERESTARTSYS.kernelInternal());
        assertFalse(Errno.EINTR.kernelInternal());
        assertFalse(Errno.ERESTARTSYS.description().isBlank());
    }

    @Test
    void aliasesDoNotBreakLookup() {
        assertEquals(Optional.of(Errno.EAGAIN), Errno.byName("EWOULDBLOCK"));
        assertEquals(Optional.of(Errno.EDEADLK), Errno.byName("EDEADLOCK"));
        assertEquals(Optional.of(Errno.EAGAIN), Errno.of(11));
        assertEquals(Optional.of(Errno.EDEADLK), Errno.of(35));
        assertEquals(Optional.of(Errno.ENOENT), Errno.byName("ENOENT"));
        assertEquals(Optional.empty(), Errno.byName("ENOTANERRNO"));
    }

    @Test
    void oneConstantPerNumberAndUnknownNumbers() {
        Set<Integer> seen = new HashSet<>();
        for (Errno e : Errno.values()) {
            assertTrue(seen.add(e.number()), "duplicate " + e.number());
            assertEquals(Optional.of(e), Errno.of(e.number()));
            assertFalse(e.description().isBlank(), e.name());
        }
        assertEquals(Optional.empty(), Errno.of(0));
        assertEquals(Optional.empty(), Errno.of(-1));
        assertEquals(Optional.empty(), Errno.of(520));
        assertEquals(Optional.empty(), Errno.of(100_000));
        assertEquals(Optional.empty(), Errno.of(Integer.MIN_VALUE));
    }
}
