package dev.ptrace.core;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request names the backends put in their messages, and the size check of struct arguments. */
class PtraceRequestsTest {

    @Test
    void everyKnownRequestHasItsOwnName() {
        int[] known = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 24, 31, 32, 33, 0x4200, 0x4201, 0x4202,
                0x4203, 0x4204, 0x4205, 0x4206, 0x4207, 0x4208, 0x4209, 0x420a, 0x420b, 0x420c, 0x420d, 0x420e,
                0x420f, 0x4210, 0x4211, 0x4212};
        Set<String> names = new HashSet<>();
        for (int r : known) {
            String name = PtraceRequests.call(r);
            assertTrue(name.matches("ptrace\\(PTRACE_[A-Z_]+\\)"), name);
            assertTrue(names.add(name), "duplicate " + name);
        }
        assertEquals("ptrace(PTRACE_TRACEME)", PtraceRequests.call(0));
        assertEquals("ptrace(PTRACE_SYSCALL)", PtraceRequests.call(Linux.PTRACE_SYSCALL));
        assertEquals("ptrace(PTRACE_SEIZE)", PtraceRequests.call(Linux.PTRACE_SEIZE));
        assertEquals("ptrace(PTRACE_GET_SYSCALL_INFO)", PtraceRequests.call(Linux.PTRACE_GET_SYSCALL_INFO));
        assertEquals("ptrace(PTRACE_SECCOMP_GET_FILTER)", PtraceRequests.call(Linux.PTRACE_SECCOMP_GET_FILTER));
        assertEquals("ptrace(PTRACE_SET_SYSCALL_INFO)", PtraceRequests.call(Linux.PTRACE_SET_SYSCALL_INFO));
        // the names agree with the fake kernel's for the requests the engine makes
        for (int r : new int[] {Linux.PTRACE_CONT, Linux.PTRACE_DETACH, Linux.PTRACE_GETREGSET, Linux.PTRACE_LISTEN}) {
            assertEquals("ptrace(" + FakeKernel.requestName(r) + ")", PtraceRequests.call(r));
        }
    }

    @Test
    void unknownRequestsAreNamedByNumber() {
        assertEquals("ptrace(10)", PtraceRequests.call(10));
        assertEquals("ptrace(-1)", PtraceRequests.call(-1));
        assertEquals("ptrace(16915)", PtraceRequests.call(0x4213));
    }

    @Test
    void heapBuffersAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PtraceRequests.checkData(Linux.PTRACE_GETSIGINFO, 0, ByteBuffer.allocate(1024)));
        assertEquals("native calls need a direct ByteBuffer", e.getMessage());
    }

    @Test
    void buffersSmallerThanTheStructAreRefused() {
        assertTooSmall(Linux.PTRACE_GETEVENTMSG, 0, 7, 8);
        assertTooSmall(Linux.PTRACE_GETSIGINFO, 0, 127, 128);
        assertTooSmall(0x4203, 0, 100, 128); // SETSIGINFO
        assertTooSmall(0x420a, 8, 4, 8); // GETSIGMASK: addr is sizeof(sigset_t)
        assertTooSmall(0x420b, 16, 8, 16); // SETSIGMASK
        assertTooSmall(Linux.PTRACE_GET_SYSCALL_INFO, 88, 80, 88);
        assertTooSmall(Linux.PTRACE_SECCOMP_GET_METADATA, 0, 8, 16);
    }

    @Test
    void largeEnoughBuffersAndUnknownStructsPass() {
        PtraceRequests.checkData(Linux.PTRACE_GETEVENTMSG, 0, ByteBuffer.allocateDirect(8));
        PtraceRequests.checkData(Linux.PTRACE_GETSIGINFO, 0, ByteBuffer.allocateDirect(128));
        PtraceRequests.checkData(Linux.PTRACE_GET_SYSCALL_INFO, 88, ByteBuffer.allocateDirect(88));
        PtraceRequests.checkData(Linux.PTRACE_GET_SYSCALL_INFO, 16, ByteBuffer.allocateDirect(16));
        PtraceRequests.checkData(Linux.PTRACE_SECCOMP_GET_METADATA, 0, ByteBuffer.allocateDirect(16));
        // sizes this class does not know (GETREGSET's iovec, SECCOMP_GET_FILTER's program) are not checked here
        PtraceRequests.checkData(Linux.PTRACE_GETREGSET, 1, ByteBuffer.allocateDirect(0));
        PtraceRequests.checkData(Linux.PTRACE_SECCOMP_GET_FILTER, 0, ByteBuffer.allocateDirect(0));
    }

    private static void assertTooSmall(int request, long addr, int capacity, int needed) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PtraceRequests.checkData(request, addr, ByteBuffer.allocateDirect(capacity)));
        assertEquals(PtraceRequests.call(request) + " needs a buffer of " + needed + " bytes, got " + capacity,
                e.getMessage());
        PtraceRequests.checkData(request, addr, ByteBuffer.allocateDirect(needed));
    }
}
