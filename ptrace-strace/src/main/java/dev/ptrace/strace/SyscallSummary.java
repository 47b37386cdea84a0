package dev.ptrace.strace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts syscalls, errors and time per syscall and prints strace's {@code -c} table. Time is the wall-clock time
 * between the entry and the exit stop: what strace sums with {@code -w} ({@code --summary-wall-clock}). strace's
 * default is the tracee's system time instead, so its "seconds" column is usually smaller for syscalls that block.
 */
public final class SyscallSummary implements Consumer<StraceEvent> {

    private static final class Row {
        final String name;
        long calls;
        long errors;
        long nanos;

        Row(String name) {
            this.name = name;
        }
    }

    private final Map<String, Row> rows = new HashMap<>();

    @Override
    public void accept(StraceEvent event) {
        if (event instanceof SyscallEvent) {
            SyscallEvent s = (SyscallEvent) event;
            if (s.isExit() && s.returned()) {
                Row r = rows.computeIfAbsent(s.syscall(), Row::new);
                r.calls++;
                r.nanos += s.durationNanos();
                if (s.isError()) {
                    r.errors++;
                }
            }
        }
    }

    /**
     * {@return the number of calls counted for a syscall}
     *
     * @param syscall the syscall's name
     */
    public long calls(String syscall) {
        Row r = rows.get(syscall);
        return r == null ? 0 : r.calls;
    }

    /**
     * Writes the table, busiest syscall first.
     *
     * @param out where the table goes
     */
    public void print(Appendable out) {
        List<Row> list = new ArrayList<>(rows.values());
        list.sort(Comparator.comparingLong((Row r) -> -r.nanos).thenComparingLong(r -> -r.calls)
                .thenComparing(r -> r.name));
        long totalNanos = 0;
        long totalCalls = 0;
        long totalErrors = 0;
        for (Row r : list) {
            totalNanos += r.nanos;
            totalCalls += r.calls;
            totalErrors += r.errors;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("% time     seconds  usecs/call     calls    errors syscall\n");
        String rule = "------ ----------- ----------- --------- --------- ----------------\n";
        sb.append(rule);
        for (Row r : list) {
            line(sb, totalNanos == 0 ? 0 : 100.0 * r.nanos / totalNanos, r.nanos, r.calls, r.errors, r.name);
        }
        sb.append(rule);
        line(sb, 100.0, totalNanos, totalCalls, totalErrors, "total");
        try {
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(StringBuilder sb, double percent, long nanos, long calls, long errors, String name) {
        long micros = nanos / 1000;
        sb.append(String.format("%6.2f %11.6f %11d %9d %9s %s%n", percent, micros / 1e6,
                calls == 0 ? 0 : micros / calls, calls, errors == 0 ? "" : Long.toString(errors), name));
    }
}
