package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Arch;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.SyscallTables;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallTable;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every decoder, on any arguments a tracee can pass, with memory holding random bytes at some of the addresses it
 * passes: it never throws, and reads a bounded amount whatever the lengths and counts claim.
 */
class DecoderNeverThrowsPropertiesTest {
    private static final SyscallTables X86 = SyscallTables.of(Arch.X86_64);
    private static final List<Integer> NUMBERS = SyscallTable.of(Arch.X86_64).all().stream().map(Syscall::number)
            .toList();

    @Property(tries = 1500)
    void decodingNeverThrows(@ForAll("number") int nr, @ForAll("arg") long a0, @ForAll("arg") long a1,
                             @ForAll("arg") long a2, @ForAll("arg") long a3, @ForAll("arg") long a4,
                             @ForAll("arg") long a5, @ForAll("ret") long ret, @ForAll byte[] bytes) {
        FakeMemory memory = new FakeMemory();
        long[] args = {a0, a1, a2, a3, a4, a5};
        for (long a : args) {
            if (a > 0x1000 && a < 0x100000) {
                memory.put(a, bytes);
            }
        }
        memory.put(0x8000, bytes);
        Tracee t = mock(Tracee.class);
        when(t.pid()).thenReturn(42);
        when(t.memory()).thenReturn(memory);
        SyscallFormatter f = new SyscallFormatter(X86, SyscallFilter.all(),
                new DecodeContext(X86, 32, false, ConstantStyle.ABBREV));
        SyscallFormatter.Pending p = f.enter(t, nr, new SyscallArgs(a0, a1, a2, a3, a4, a5), 0, 0);
        boolean error = ret < 0 && ret >= -4095;
        SyscallEvent e = f.exit(t, p, nr, ret, error, 1);
        assertNotNull(e.toString());
        assertTrue(memory.bytesRequested <= 1 << 20, "read " + memory.bytesRequested + " bytes for " + e);
        assertNotNull(f.unfinished(t, f.enter(t, nr, new SyscallArgs(a0, a1, a2, a3, a4, a5), 0, 0), 2).toString());
    }

    @Provide
    Arbitrary<Integer> number() {
        return Arbitraries.oneOf(Arbitraries.of(NUMBERS), Arbitraries.integers().between(-1, 1000));
    }

    @Provide
    Arbitrary<Long> arg() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, -1L, -100L, 0x8000L, 0x8000L + 4093,
                1L << 30, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, 0xffffffffL, 1L << 20),
                Arbitraries.longs().between(0x1000, 0x100000));
    }

    @Provide
    Arbitrary<Long> ret() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-4095, 64),
                Arbitraries.of(-516L, -512L, 0L, 1L << 30));
    }
}
