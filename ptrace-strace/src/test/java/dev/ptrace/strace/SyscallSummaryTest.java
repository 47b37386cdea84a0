package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** strace's -c arithmetic: system time between a tracee's syscall exits, overhead, ties, columns. */
class SyscallSummaryTest {

    private static final SyscallArgs NO_ARGS = new SyscallArgs(0, 0, 0, 0, 0, 0);

    private static SyscallEvent exit(Tracee t, int number, String name, long wallNanos, boolean error) {
        return new SyscallEvent(t, 0, true, number, name, NO_ARGS, error ? -2 : 0, error, true, wallNanos, name + "(",
                "", error ? "-1 ENOENT" : "0");
    }

    private static Tracee tracee(int pid) {
        Tracee t = mock(Tracee.class);
        when(t.pid()).thenReturn(pid);
        return t;
    }

    @Test
    void systemTimeCountsFromEachTraceesPreviousExitAndFromZeroAtItsFirst() {
        SyscallSummary s = new SyscallSummary(SyscallSummary.Clock.SYSTEM, SyscallSummary.Order.TIME,
                List.of(SyscallSummary.Column.TOTAL_TIME, SyscallSummary.Column.NAME), 0);
        Tracee a = tracee(10);
        Tracee b = tracee(11);
        when(a.systemCpuMicros()).thenReturn(OptionalLong.of(300));
        s.accept(exit(a, 59, "execve", 999_000_000, false)); // 300 us since the start
        when(a.systemCpuMicros()).thenReturn(OptionalLong.of(1_300));
        s.accept(exit(a, 0, "read", 5, false)); // 1000 us
        when(b.systemCpuMicros()).thenReturn(OptionalLong.of(1_500));
        s.accept(exit(b, 0, "read", 5, false)); // b's first: 1500 us
        StringBuilder out = new StringBuilder();
        s.print(out);
        assertEquals(String.join("\n",
                "    seconds syscall",
                "----------- ----------------",
                "   0.002500 read",
                "   0.000300 execve",
                "----------- ----------------",
                "   0.002800 total", ""), out.toString());
    }

    @Test
    void overheadIsTakenFromEachCallAndTiesKeepTheNumericOrder() {
        SyscallSummary s = new SyscallSummary(SyscallSummary.Clock.WALL, SyscallSummary.Order.TIME,
                SyscallSummary.DEFAULT_COLUMNS, 1_000);
        Tracee t = tracee(10);
        s.accept(exit(t, 257, "openat", 500, true));
        s.accept(exit(t, 3, "close", 800, false));
        s.accept(exit(t, 39, "getpid", 3_600, false));
        StringBuilder out = new StringBuilder();
        s.print(out);
        assertEquals(String.join("\n",
                "% time     seconds  usecs/call     calls    errors syscall",
                "------ ----------- ----------- --------- --------- ----------------",
                "100.00    0.000003           2         1           getpid",
                "  0.00    0.000000           0         1           close",
                "  0.00    0.000000           0         1         1 openat",
                "------ ----------- ----------- --------- --------- ----------------",
                "100.00    0.000003           0         3         1 total", ""), out.toString());
    }

    @Test
    void nameIsAddedLastWhenMissingAndColumnsCannotRepeat() {
        SyscallSummary s = new SyscallSummary(SyscallSummary.Clock.WALL, SyscallSummary.Order.NAME,
                List.of(SyscallSummary.Column.CALLS), 0);
        Tracee t = tracee(10);
        s.accept(exit(t, 39, "getpid", 1, false));
        s.accept(exit(t, 3, "close", 1, false));
        StringBuilder out = new StringBuilder();
        s.print(out);
        assertEquals("    calls syscall\n--------- ----------------\n        1 close\n        1 getpid\n"
                + "--------- ----------------\n        2 total\n", out.toString());
        assertThrows(IllegalArgumentException.class, () -> new SyscallSummary(SyscallSummary.Clock.WALL,
                SyscallSummary.Order.TIME, List.of(SyscallSummary.Column.CALLS, SyscallSummary.Column.CALLS), 0));
    }
}
