package dev.ptrace.strace;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Arch;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.SyscallTables;

/** Decodes one syscall against a {@link FakeMemory} into the line strace would print, without the padding. */
final class DecodedLines {
    final FakeMemory memory = new FakeMemory();
    private final SyscallTables tables;
    private final Tracee tracee = mock(Tracee.class);
    private final SyscallFormatter formatter;

    DecodedLines(Arch arch) {
        tables = SyscallTables.of(arch);
        when(tracee.pid()).thenReturn(42);
        when(tracee.memory()).thenReturn(memory);
        formatter = new SyscallFormatter(tables, SyscallFilter.all(),
                new DecodeContext(tables, 32, false, ConstantStyle.ABBREV));
    }

    /** The line of syscall {@code name} with these arguments returning {@code ret} (an -errno when error). */
    String line(String name, long ret, boolean error, long... a) {
        return line(name, ret, error, () -> { }, a);
    }

    /** {@link #line(String, long, boolean, long...)} with {@code kernel} changing memory between entry and exit. */
    String line(String name, long ret, boolean error, Runnable kernel, long... a) {
        long[] x = new long[6];
        System.arraycopy(a, 0, x, 0, a.length);
        int nr = tables.syscallNumber(name).orElseThrow();
        SyscallFormatter.Pending p = formatter.enter(tracee, nr, new SyscallArgs(x[0], x[1], x[2], x[3], x[4], x[5]),
                0, 1000);
        kernel.run();
        return formatter.exit(tracee, p, nr, ret, error, 2000).toString().replaceAll(" +=", " =");
    }

    /** A successful call. */
    String ok(String name, long ret, long... a) {
        return line(name, ret, false, a);
    }
}
