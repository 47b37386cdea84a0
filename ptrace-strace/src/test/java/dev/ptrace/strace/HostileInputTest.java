package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Arch;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.SyscallTables;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tracee controls every pointer and length: the decoder prints what strace prints for them (checked against
 * strace 6.1's output for the same calls), reads only what the string limit needs, and never throws.
 */
class HostileInputTest {
    private static final SyscallTables X86 = SyscallTables.of(Arch.X86_64);
    private static final long MINUS_ONE = -1L;

    private FakeMemory memory;
    private Tracee tracee;
    private SyscallFormatter formatter;

    @BeforeEach
    void setUp() {
        memory = new FakeMemory();
        tracee = mock(Tracee.class);
        when(tracee.pid()).thenReturn(42);
        when(tracee.memory()).thenReturn(memory);
        formatter = new SyscallFormatter(X86, SyscallFilter.all(),
                new DecodeContext(X86, 32, false, ConstantStyle.ABBREV));
    }

    private String line(String name, long ret, boolean error, long... a) {
        long[] x = new long[6];
        System.arraycopy(a, 0, x, 0, a.length);
        int nr = X86.syscallNumber(name).orElseThrow();
        SyscallFormatter.Pending p = formatter.enter(tracee, nr, new SyscallArgs(x[0], x[1], x[2], x[3], x[4], x[5]),
                0, 1000);
        return p.entryEvent() == null ? null : formatter.exit(tracee, p, nr, ret, error, 2000).toString()
                .replaceAll("\\) +=", ") =");
    }

    @Test
    void anIovecLengthIsUnsigned() {
        memory.putString(0x3000, "xyz0123456789abcdefghijklmnopqrstuvwxyz");
        memory.putString(0x4000, "abc");
        memory.putLongs(0x1000, 0x4000, 3, 0x9000, 1L << 40, 0x3000, MINUS_ONE);
        assertEquals("writev(1, [{iov_base=\"abc\", iov_len=3}, {iov_base=0x9000, iov_len=1099511627776},"
                + " {iov_base=\"xyz0123456789abcdefghijklmnopqrs\"..., iov_len=18446744073709551615}], 3)"
                + " = -1 EINVAL (Invalid argument)", line("writev", -22, true, 1, 0x1000, 3));
    }

    @Test
    void anIovecArrayThatRunsIntoUnreadableMemoryEndsWithItsAddress() {
        memory.putString(0x4000, "abc");
        memory.putLongs(0x1000, 0x4000, 3);
        assertEquals("writev(1, [{iov_base=\"abc\", iov_len=3}, ... /* 0x1010 */], 2) = -1 EFAULT (Bad address)",
                line("writev", -14, true, 1, 0x1000, 2));
        assertEquals("writev(1, [{iov_base=\"abc\", iov_len=3}, ... /* 0x1010 */], 1048576)"
                + " = -1 EINVAL (Invalid argument)", line("writev", -22, true, 1, 0x1000, 1 << 20));
        assertEquals("writev(1, 0x2000, 2) = -1 EFAULT (Bad address)", line("writev", -14, true, 1, 0x2000, 2));
    }

    @Test
    void aHugeIovecCountPrintsTheStringLimitOfElementsAndReadsNoMore() {
        long[] iov = new long[2 * 100];
        for (int i = 0; i < 100; i++) {
            iov[2 * i] = 0;
            iov[2 * i + 1] = i;
        }
        memory.putLongs(0x10000, iov);
        memory.bytesRequested = 0;
        String l = line("writev", 1, 0x10000, 1 << 30);
        assertTrue(l.startsWith("writev(1, [{iov_base=NULL, iov_len=0}, {iov_base=NULL, iov_len=1}, "), l);
        assertTrue(l.endsWith("{iov_base=NULL, iov_len=31}, ...], 1073741824) = -1 EINVAL (Invalid argument)"), l);
        assertTrue(memory.bytesRequested <= 32 * 16, "read " + memory.bytesRequested + " bytes");
    }

    private String line(String name, long a0, long a1, long a2) {
        return line(name, -22, true, a0, a1, a2);
    }

    @Test
    void anArgvWithoutItsNullTerminatorEndsWithTheAddressItRanInto() {
        memory.putString(0x5000, "/bin/true");
        memory.putString(0x6000, "arg");
        memory.putLongs(0x1000, 0x5000, 0x6000);
        assertEquals("execve(\"/bin/true\", [\"/bin/true\", \"arg\", ... /* 0x1010 */], NULL)"
                + " = -1 EFAULT (Bad address)", line("execve", -14, true, 0x5000, 0x1000, 0));
        assertEquals("execve(\"/bin/true\", 0x2000, NULL) = -1 EFAULT (Bad address)",
                line("execve", -14, true, 0x5000, 0x2000, 0));
    }

    @Test
    void aStringThatRunsIntoUnreadableMemoryIsPrintedAsItsAddress() {
        memory.put(0x1ffb, "/tmpX".getBytes(StandardCharsets.US_ASCII));
        assertEquals("openat(AT_FDCWD, 0x1ffb, O_RDONLY) = -1 EFAULT (Bad address)",
                line("openat", -14, true, -100, 0x1ffb, 0));
        assertEquals("write(1, 0x1ffb, 1073741824) = 1073741824",
                line("write", 1 << 30, false, 1, 0x1ffb, 1 << 30));
        assertEquals("write(1, NULL, 10) = 10", line("write", 10, false, 1, 0, 10));
        assertEquals("write(1, 0xffffffffffffffff, 10) = -1 EFAULT (Bad address)",
                line("write", -14, true, 1, MINUS_ONE, 10));
    }

    @Test
    void aGigabyteWriteReadsOnlyTheStringLimit() {
        memory.put(0x100000, new byte[64]);
        memory.bytesRequested = 0;
        assertEquals("write(1, \"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"
                + "\\0\\0\"..., 1073741824) = 1073741824", line("write", 1 << 30, false, 1, 0x100000, 1 << 30));
        assertTrue(memory.bytesRequested <= 33, "read " + memory.bytesRequested + " bytes");
    }

    @Test
    void aWaitStatusWithASignalNumberBeyondTheLastSignalPrintsTheNumber() {
        memory.put(0x7000, new byte[] {0x7f, 0x7f, 0, 0}); // stopped by "signal 127"
        memory.put(0x7010, new byte[] {0x7f, (byte) 0xc8, 0, 0}); // stopped by "signal 200"
        assertEquals("wait4(-1, [{WIFSTOPPED(s) && WSTOPSIG(s) == 127}], 0, NULL) = 5",
                line("wait4", 5, false, -1, 0x7000, 0, 0));
        assertEquals("wait4(-1, [{WIFSTOPPED(s) && WSTOPSIG(s) == 200}], 0, NULL) = 5",
                line("wait4", 5, false, -1, 0x7010, 0, 0));
    }
}
