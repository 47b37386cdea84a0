package dev.ptrace.examples;

import dev.ptrace.Arch;
import dev.ptrace.Errno;
import dev.ptrace.strace.Strace;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.StraceOptions;
import dev.ptrace.strace.SyscallEvent;
import dev.ptrace.strace.SyscallFilter;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Counts the syscalls of a command (or of running processes) per name, with their errors by errno, and prints a
 * sorted table when the command ends or on Ctrl-C, like {@code strace -c}.
 *
 * <pre>{@code
 * java -cp ptrace-examples/target/jstrace.jar dev.ptrace.examples.SyscallCounter -f make
 * java -cp ptrace-examples/target/jstrace.jar dev.ptrace.examples.SyscallCounter -p 1234   # Ctrl-C to stop
 * }</pre>
 *
 * <p>Built on {@link Strace}: the library runs the tracing loop and hands every syscall exit to a
 * {@link Consumer}, here {@link Counts}. The exit status is the command's.
 */
@Command(name = "syscall-counter", mixinStandardHelpOptions = true, version = "syscall-counter (ptrace-java)",
        description = "Count the system calls of COMMAND (or of the processes -p PID) per name, with their "
                + "errors, and print a table at the end (like strace -c).")
public final class SyscallCounter implements Callable<Integer> {

    /** How the table is sorted. */
    public enum Sort {
        /** Most calls first. */
        CALLS,
        /** Most errors first. */
        ERRORS,
        /** Most time between entry and exit first. */
        TIME,
        /** By syscall name. */
        NAME
    }

    @Option(names = "-f", description = "Also count the syscalls of forked children and threads.")
    boolean follow;

    @Option(names = "-p", paramLabel = "PID", description = "Attach to a running process (repeatable); "
            + "Ctrl-C detaches and prints the table.")
    List<Integer> pids = new ArrayList<>();

    @Option(names = {"-S", "--sort"}, paramLabel = "KEY", defaultValue = "CALLS",
            description = "Sort by ${COMPLETION-CANDIDATES} (case-insensitive; default: calls).")
    Sort sort;

    @Option(names = {"-e", "--trace"}, paramLabel = "SET",
            description = "Count only these syscalls: strace's -e trace= syntax (openat,read or %%file or /^stat).")
    String trace;

    @Option(names = "-o", paramLabel = "FILE", description = "Write the table to FILE instead of standard error.")
    Path output;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The program to run and its arguments.")
    List<String> command = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final PrintStream err;

    private SyscallCounter(PrintStream err) {
        this.err = err;
    }

    /** Runs the tool and exits with the traced command's status. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the tool with its output on the given streams (the table goes to {@code err} unless {@code -o}).
     *
     * @return the traced command's exit status (0 after detaching from {@code -p} processes), or 1 for a usage
     *     error
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return Cli.run(new SyscallCounter(err), true, out, err, args);
    }

    @Override
    public Integer call() throws IOException {
        if (command.isEmpty() == pids.isEmpty()) {
            return Cli.usage(spec, "give either COMMAND or -p PID");
        }
        StraceOptions options = StraceOptions.defaults().withFollowChildren(follow);
        if (trace != null) {
            Set<String> names = SyscallTable.of(Arch.current()).all().stream().map(Syscall::name)
                    .collect(Collectors.toSet());
            try {
                options = options.withSyscallFilter(SyscallFilter.parse(trace, names));
            } catch (IllegalArgumentException e) {
                return Cli.usage(spec, e.getMessage());
            }
        }
        Counts counts = new Counts();
        int status;
        try (Cli.Interruptible interruptible = new Cli.Interruptible(spec.name())) {
            try {
                status = command.isEmpty()
                        ? Strace.attach(pids, options, counts, interruptible.control())
                        : Strace.trace(command, options, counts, interruptible.control());
            } finally {
                // Also after Ctrl-C: the shutdown hook waits until the table is printed.
                if (output == null) {
                    counts.print(err, sort);
                } else {
                    try (PrintStream file = new PrintStream(Files.newOutputStream(output), false,
                            StandardCharsets.UTF_8)) {
                        counts.print(file, sort);
                    }
                }
            }
        }
        return status;
    }

    /**
     * The counting itself, a {@code Consumer<StraceEvent>} that {@link Strace} calls on its tracer thread for every
     * event: it keeps the syscall exits and ignores the rest. Read it after the trace has returned.
     */
    public static final class Counts implements Consumer<StraceEvent> {
        private final Map<String, Row> rows = new HashMap<>();

        /** One syscall's line of the table. */
        private static final class Row {
            final String name;
            long calls;
            long errors;
            long nanos;
            final Map<String, Long> errorsByErrno = new TreeMap<>();

            Row(String name) {
                this.name = name;
            }
        }

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
                        String errno = s.errno().map(Errno::name).orElse("errno " + -s.returnValue());
                        r.errorsByErrno.merge(errno, 1L, Long::sum);
                    }
                }
            }
        }

        /** How many times a syscall returned (0 if never). */
        public long calls(String syscall) {
            Row r = rows.get(syscall);
            return r == null ? 0 : r.calls;
        }

        /** How many times a syscall failed with the given errno. */
        public long errors(String syscall, Errno errno) {
            Row r = rows.get(syscall);
            return r == null ? 0 : r.errorsByErrno.getOrDefault(errno.name(), 0L);
        }

        /** Prints the table sorted by {@code sort}, ties by name, and a total line. */
        public void print(PrintStream out, Sort sort) {
            List<Row> list = new ArrayList<>(rows.values());
            Comparator<Row> byName = Comparator.comparing(r -> r.name);
            switch (sort) {
                case ERRORS: list.sort(Comparator.comparingLong((Row r) -> -r.errors).thenComparing(byName)); break;
                case TIME: list.sort(Comparator.comparingLong((Row r) -> -r.nanos).thenComparing(byName)); break;
                case NAME: list.sort(byName); break;
                default: list.sort(Comparator.comparingLong((Row r) -> -r.calls).thenComparing(byName)); break;
            }
            String format = "%9s %9s %12s  %-20s %s";
            row(out, format, "calls", "errors", "seconds", "syscall", "errors by errno");
            row(out, format, "---------", "---------", "------------", "--------------------", "---------------");
            long calls = 0;
            long errors = 0;
            long nanos = 0;
            for (Row r : list) {
                String byErrno = r.errorsByErrno.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
                row(out, format, r.calls, r.errors == 0 ? "" : r.errors, seconds(r.nanos), r.name, byErrno);
                calls += r.calls;
                errors += r.errors;
                nanos += r.nanos;
            }
            row(out, format, "---------", "---------", "------------", "--------------------", "");
            row(out, format, calls, errors, seconds(nanos), "total", "");
            out.flush();
        }

        private static void row(PrintStream out, String format, Object... columns) {
            out.println(String.format(format, columns).stripTrailing());
        }

        private static String seconds(long nanos) {
            return String.format("%.6f", nanos / 1e9);
        }
    }
}
