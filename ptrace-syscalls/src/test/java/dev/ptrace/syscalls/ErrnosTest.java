package dev.ptrace.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Errno;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrnosTest {
    @Test
    void returnValues() {
        assertTrue(Errnos.isError(-1));
        assertTrue(Errnos.isError(-4095));
        assertFalse(Errnos.isError(-4096), "an address, not an error");
        assertFalse(Errnos.isError(0));
        assertEquals(Optional.of(Errno.ENOENT), Errnos.ofReturnValue(-2));
        assertEquals(Optional.of(Errno.ERESTARTSYS), Errnos.ofReturnValue(-512));
        assertEquals(Optional.empty(), Errnos.ofReturnValue(3));
        assertEquals(Optional.empty(), Errnos.ofReturnValue(-4000));
        assertEquals("ESRCH (No such process)", Errnos.describe(3));
        assertEquals("errno 4000", Errnos.describe(4000));
    }
}
