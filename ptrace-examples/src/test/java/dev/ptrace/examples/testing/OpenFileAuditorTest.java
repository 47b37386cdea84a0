package dev.ptrace.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.ptrace.Arch;
import dev.ptrace.Errno;
import dev.ptrace.Memory;
import dev.ptrace.Stop;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeMemoryException;
import dev.ptrace.syscalls.SyscallTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A unit test of a tool built on ptrace-java: no kernel, no root, no process. {@link Tracee} and {@link Memory}
 * are Mockito mocks; stops are the real {@link Stop} records, as the engine would deliver them.
 */
class OpenFileAuditorTest {
    private static final Arch ARCH = Arch.X86_64; // the tables of both architectures are always there
    private static final int OPENAT = SyscallTable.of(ARCH).byName("openat").orElseThrow().number();
    private static final int READ = SyscallTable.of(ARCH).byName("read").orElseThrow().number();
    private static final long PATH = 0x7ffc_0000_1000L;
    private static final int O_WRONLY_CREAT_TRUNC = 01101;

    private final Tracee tracee = mock(Tracee.class);
    private final Memory memory = mock(Memory.class);
    private final OpenFileAuditor auditor = new OpenFileAuditor(List.of("/etc/"));

    @BeforeEach
    void tracee() {
        when(tracee.pid()).thenReturn(4242);
        when(tracee.memory()).thenReturn(memory);
    }

    /** The path the tracee passes, as its memory would return it. */
    private void pathInMemory(String path) {
        when(memory.readCString(PATH, OpenFileAuditor.PATH_MAX)).thenReturn(path.getBytes(StandardCharsets.UTF_8));
    }

    private Stop.SyscallEntry openat(int dirfd, long flags) {
        return new Stop.SyscallEntry(tracee, ARCH, OPENAT, new SyscallArgs(dirfd, PATH, flags, 0644, 0, 0),
                0x401000, 0x7ffc_0000_0000L);
    }

    @Test
    void reportsWritingAProtectedFile() {
        pathInMemory("/etc/passwd");
        assertEquals(Optional.of(new OpenFileAuditor.Finding(4242, "openat", "/etc/passwd",
                        "O_WRONLY|O_CREAT|O_TRUNC")),
                auditor.inspect(openat(-100, O_WRONLY_CREAT_TRUNC)));
    }

    @Test
    void readingAProtectedFileIsFine() {
        pathInMemory("/etc/passwd");
        assertEquals(Optional.empty(), auditor.inspect(openat(-100, 0 /* O_RDONLY */)));
        verifyNoInteractions(memory); // decided on the flags alone: the path was not even read
    }

    @Test
    void writingElsewhereIsFine() {
        pathInMemory("/tmp/etc/passwd");
        assertEquals(Optional.empty(), auditor.inspect(openat(-100, O_WRONLY_CREAT_TRUNC)));
    }

    @Test
    void anUnreadablePathIsNotAFinding() {
        when(memory.readCString(anyLong(), anyInt())).thenThrow(
                new TraceeMemoryException("process_vm_readv", 4242, Errno.EFAULT.number(), PATH, null));
        assertEquals(Optional.empty(), auditor.inspect(openat(-100, O_WRONLY_CREAT_TRUNC)));
    }

    @Test
    void otherStopsDoNotTouchTheTracee() {
        assertEquals(Optional.empty(), auditor.inspect(new Stop.SyscallEntry(tracee, ARCH, READ,
                new SyscallArgs(3, PATH, 100, 0, 0, 0), 0, 0)));
        assertEquals(Optional.empty(), auditor.inspect(new Stop.SyscallExit(tracee, ARCH, OPENAT, -2, true)));
        assertEquals(Optional.empty(), auditor.inspect(new Stop.Exited(tracee, 0)));
        verifyNoInteractions(memory);
    }
}
