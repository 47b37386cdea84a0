package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.ptrace.Arch;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.SyscallTables;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallTable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Every decoder, on any arguments a tracee can pass, with memory holding random bytes at some of the addresses it
 * passes: it never throws, and reads a bounded amount whatever the lengths and counts claim.
 */
class DecoderNeverThrowsPropertiesTest {
    private static final SyscallTables X86 = SyscallTables.of(Arch.X86_64);
    private static final List<Integer> NUMBERS = SyscallTable.of(Arch.X86_64).all().stream().map(Syscall::number)
            .toList();

    @Test
    void decodingNeverThrows() {
        qt().withExamples(1500).forAll(number(), lists().of(arg()).ofSize(6), ret(),
                Generate.byteArrays(integers().between(0, 300), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE,
                        (byte) 0)))
                .checkAssert((nr, args, ret, bytes) -> decodes(nr, args, ret, bytes));
    }

    private static void decodes(int nr, List<Long> argList, long ret, byte[] bytes) {
        FakeMemory memory = new FakeMemory();
        for (long a : argList) {
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
        SyscallArgs args = new SyscallArgs(argList.get(0), argList.get(1), argList.get(2), argList.get(3),
                argList.get(4), argList.get(5));
        SyscallFormatter.Pending p = f.enter(t, nr, args, 0, 0);
        boolean error = ret < 0 && ret >= -4095;
        SyscallEvent e = f.exit(t, p, nr, ret, error, 1);
        assertNotNull(e.toString());
        assertTrue(memory.bytesRequested <= 1 << 20, "read " + memory.bytesRequested + " bytes for " + e);
        assertNotNull(f.unfinished(t, f.enter(t, nr, args, 0, 0), 2).toString());
    }

    private static Gen<Integer> number() {
        return Generate.oneOf(Generate.pick(NUMBERS), integers().between(-1, 1000));
    }

    private static Gen<Long> arg() {
        return Generate.oneOf(longs().all(), Generate.pick(List.of(0L, -1L, -100L, 0x8000L, 0x8000L + 4093,
                1L << 30, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, 0xffffffffL, 1L << 20)),
                longs().between(0x1000, 0x100000));
    }

    private static Gen<Long> ret() {
        return Generate.oneOf(longs().all(), longs().between(-4095, 64),
                Generate.pick(List.of(-516L, -512L, 0L, 1L << 30)));
    }
}
