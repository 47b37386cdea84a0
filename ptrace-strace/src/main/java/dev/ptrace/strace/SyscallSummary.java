package dev.ptrace.strace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Counts calls, errors and time per syscall and prints strace's {@code -c} table, with strace's columns
 * ({@code -U}), order ({@code -S}), clock ({@code -w}) and overhead ({@code -O}).
 *
 * <p>With {@link Clock#SYSTEM} (strace's default) a call's time is the system CPU time its tracee's process was
 * charged since that tracee's previous syscall exit, as the kernel reports it at the stops
 * ({@link dev.ptrace.Tracee#systemCpuMicros()}, which needs {@link StraceOptions#withSystemCpuTimes(boolean)}); a
 * tracee's first call counts from zero, as in strace. With {@link Clock#WALL} it is the time between the entry and
 * the exit stop. Rows that tie keep the syscalls' numeric order, as strace's.
 */
public final class SyscallSummary implements Consumer<StraceEvent> {

    /** What a call's time is. */
    public enum Clock {
        /** The system CPU time charged to the process (strace's default). */
        SYSTEM,
        /** The time between entry and exit (strace {@code -w}). */
        WALL
    }

    /** The order of the rows (strace {@code -S}): every key but {@link #NAME} and {@link #NOTHING} descends. */
    public enum Order { TIME, MIN_TIME, MAX_TIME, AVG_TIME, CALLS, ERRORS, NAME, NOTHING }

    /** A column of the table (strace {@code -U}), with its heading and width. */
    public enum Column {
        TIME_PERCENT("% time", 6), TOTAL_TIME("seconds", 11), MIN_TIME("shortest", 8), MAX_TIME("longest", 8),
        AVG_TIME("usecs/call", 11), CALLS("calls", 9), ERRORS("errors", 9), NAME("syscall", 16);

        private final String heading;
        private final int width;

        Column(String heading, int width) {
            this.heading = heading;
            this.width = width;
        }
    }

    /** strace's columns without {@code -U}. */
    public static final List<Column> DEFAULT_COLUMNS = List.of(Column.TIME_PERCENT, Column.TOTAL_TIME,
            Column.AVG_TIME, Column.CALLS, Column.ERRORS, Column.NAME);

    private static final class Row {
        final String name;
        final int number;
        long calls;
        long errors;
        long nanos;
        long min = Long.MAX_VALUE;
        long max;

        Row(String name, int number) {
            this.name = name;
            this.number = number;
        }

        void add(long t, boolean error) {
            calls++;
            nanos += t;
            min = Math.min(min, t);
            max = Math.max(max, t);
            if (error) {
                errors++;
            }
        }

        long avg() {
            return calls == 0 ? 0 : nanos / calls;
        }
    }

    private final Clock clock;
    private final Order order;
    private final List<Column> columns;
    private final long overheadNanos;
    private final Map<String, Row> rows = new HashMap<>();
    /** Per tracee, its process's system time at its previous syscall exit, in microseconds. */
    private final Map<Integer, Long> lastSystemMicros = new HashMap<>();

    /** A table of wall-clock times, by time, with strace's default columns. */
    public SyscallSummary() {
        this(Clock.WALL, Order.TIME, DEFAULT_COLUMNS, 0);
    }

    /**
     * A table as strace's options ask for it.
     *
     * @param clock what a call's time is ({@code -w})
     * @param order the order of the rows ({@code -S})
     * @param columns the columns, in order; {@link Column#NAME} is added at the end when missing, as strace does
     *        ({@code -U})
     * @param overheadNanos subtracted from each call's time, which stays at least 0 ({@code -O})
     * @throws IllegalArgumentException if a column is given twice or the overhead is negative
     */
    public SyscallSummary(Clock clock, Order order, List<Column> columns, long overheadNanos) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.order = Objects.requireNonNull(order, "order");
        List<Column> cs = new ArrayList<>(columns);
        if (cs.stream().distinct().count() != cs.size()) {
            throw new IllegalArgumentException("a column is given twice: " + columns);
        }
        if (!cs.contains(Column.NAME)) {
            cs.add(Column.NAME);
        }
        this.columns = List.copyOf(cs);
        if (overheadNanos < 0) {
            throw new IllegalArgumentException("negative overhead " + overheadNanos);
        }
        this.overheadNanos = overheadNanos;
    }

    @Override
    public void accept(StraceEvent event) {
        if (event instanceof SyscallEvent) {
            SyscallEvent s = (SyscallEvent) event;
            if (s.isExit() && s.returned()) {
                long t = Math.max(0, time(s) - overheadNanos);
                rows.computeIfAbsent(s.syscall(), n -> new Row(n, s.number())).add(t, s.isError());
            }
        }
    }

    private long time(SyscallEvent s) {
        if (clock == Clock.WALL) {
            return s.durationNanos();
        }
        long now = s.tracee().systemCpuMicros().orElse(0);
        Long before = lastSystemMicros.put(s.pid(), now);
        return Math.max(0, now - (before == null ? 0 : before)) * 1000;
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
     * Writes the table.
     *
     * @param out where the table goes
     */
    public void print(Appendable out) {
        List<Row> list = new ArrayList<>(rows.values());
        list.sort(Comparator.comparingInt((Row r) -> r.number));
        list.sort(comparator()); // stable: ties keep the numeric order
        Row total = new Row("total", -1);
        for (Row r : list) {
            total.calls += r.calls;
            total.errors += r.errors;
            total.nanos += r.nanos;
            total.min = Math.min(total.min, r.min);
            total.max = Math.max(total.max, r.max);
        }
        StringBuilder sb = new StringBuilder();
        List<String> heading = new ArrayList<>();
        List<String> rule = new ArrayList<>();
        for (Column c : columns) {
            heading.add(c == Column.NAME ? name(c.heading) : pad(c.heading, c.width));
            rule.add("-".repeat(c.width));
        }
        line(sb, heading);
        line(sb, rule);
        for (Row r : list) {
            line(sb, cells(r, total.nanos, false));
        }
        line(sb, rule);
        line(sb, cells(total, total.nanos, true));
        try {
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Comparator<Row> comparator() {
        switch (order) {
            case TIME: return Comparator.comparingLong((Row r) -> -r.nanos);
            case MIN_TIME: return Comparator.comparingLong((Row r) -> -r.min);
            case MAX_TIME: return Comparator.comparingLong((Row r) -> -r.max);
            case AVG_TIME: return Comparator.comparingLong((Row r) -> -r.avg());
            case CALLS: return Comparator.comparingLong((Row r) -> -r.calls);
            case ERRORS: return Comparator.comparingLong((Row r) -> -r.errors);
            case NAME: return Comparator.comparing((Row r) -> r.name);
            default: return (a, b) -> 0;
        }
    }

    /** The cells of a row. */
    private List<String> cells(Row r, long totalNanos, boolean isTotal) {
        List<String> cells = new ArrayList<>();
        for (Column c : columns) {
            String v;
            switch (c) {
                case TIME_PERCENT:
                    v = format("%6.2f", isTotal ? 100.0 : totalNanos == 0 ? 0.0 : 100.0 * r.nanos / totalNanos);
                    break;
                case TOTAL_TIME: v = seconds(r.nanos, c.width); break;
                case MIN_TIME: v = seconds(r.calls == 0 ? 0 : r.min, c.width); break;
                case MAX_TIME: v = seconds(r.max, c.width); break;
                case AVG_TIME: v = format("%11d", r.avg() / 1000); break;
                case CALLS: v = format("%9d", r.calls); break;
                case ERRORS: v = pad(r.errors == 0 ? "" : Long.toString(r.errors), c.width); break;
                default: v = name(r.name); break;
            }
            cells.add(v);
        }
        return cells;
    }

    /** A name cell: padded to the column's width unless the name is the last column. */
    private String name(String name) {
        return columns.get(columns.size() - 1) == Column.NAME ? name : format("%-16s", name);
    }

    /**
     * Seconds with six decimals as C's printf rounds them: the double strace computes (seconds plus nanoseconds
     * over 1e9), rounded by its exact binary value.
     */
    private static String seconds(long nanos, int width) {
        double d = nanos / 1_000_000_000L + (nanos % 1_000_000_000L) / 1e9;
        return pad(new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString(), width);
    }

    private static String format(String f, Object v) {
        return String.format(Locale.ROOT, f, v);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append(String.join(" ", cells)).append('\n');
    }
}
