package dev.ptrace.examples.jstrace;

import dev.ptrace.Arch;
import dev.ptrace.PtraceException;
import dev.ptrace.Signal;
import dev.ptrace.strace.ConstantStyle;
import dev.ptrace.strace.Strace;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.StraceOptions;
import dev.ptrace.strace.StracePrinter;
import dev.ptrace.strace.SyscallFilter;
import dev.ptrace.strace.SyscallSummary;
import dev.ptrace.strace.TraceControl;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jstrace}: strace's command line on top of {@code ptrace-strace}. Same options, same output, plus
 * {@code --json}.
 */
@Command(name = "jstrace", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Trace system calls and signals, like strace(1).")
public final class Jstrace implements Callable<Integer> {

    @Option(names = "-f", description = "Follow forks, vforks and threads.")
    boolean follow;

    @Option(names = "-p", paramLabel = "PID", description = "Attach to the process PID (repeatable).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "-o", paramLabel = "FILE", description = "Write the trace to FILE instead of stderr.")
    Path output;

    @Option(names = "-e", paramLabel = "EXPR",
            description = "Qualifier: trace=SET, signal=SET, status=SET (or a bare syscall SET).")
    List<String> expressions = new ArrayList<>();

    @Option(names = "-z", description = "Print only syscalls that succeeded.")
    boolean onlySuccessful;

    @Option(names = "-Z", description = "Print only syscalls that failed.")
    boolean onlyFailed;

    @Option(names = "-s", paramLabel = "STRSIZE", description = "Print at most STRSIZE bytes of strings (32).")
    int stringLimit = StraceOptions.DEFAULT_STRING_LIMIT;

    @Option(names = "-y", description = "Print paths of file descriptors.")
    boolean fdPaths;

    @Option(names = "-t", description = "Prefix lines with the time; -tt with microseconds; -ttt since the epoch.")
    boolean[] time = new boolean[0];

    @Option(names = "-r", description = "Prefix lines with the time since the previous line.")
    boolean relative;

    @Option(names = "-T", description = "Show the time spent in each syscall.")
    boolean durations;

    @Option(names = "-c", description = "Count time, calls and errors per syscall; print a summary only.")
    boolean summaryOnly;

    @Option(names = "-C", description = "Like -c, but also print the trace.")
    boolean summaryToo;

    /*
     * strace's -c sums the tracee's system (kernel CPU) time by default and the time between entry and exit with
     * -w. jstrace only measures the latter, so -c always reports wall-clock time; -w is accepted so that
     * strace command lines work unchanged, and makes the meaning explicit.
     */
    @Option(names = {"-w", "--summary-wall-clock"},
            description = "Summarise wall-clock time between entry and exit (what -c measures in jstrace anyway).")
    boolean summaryWallClock;

    @Option(names = "-q", description = "Suppress attach/detach messages; -qq also exit messages.")
    boolean[] quiet = new boolean[0];

    @Option(names = "-X", paramLabel = "FORMAT", description = "Constants: raw, abbrev (default) or verbose.")
    String xlat = "abbrev";

    @Option(names = "--seccomp-bpf", description = "With -f and -e trace=, stop only at the traced syscalls"
            + " (a seccomp filter; the default, accepted as strace spells it).")
    boolean seccompBpfRequested;

    @Option(names = "--no-seccomp-bpf", description = "Stop at every syscall, even with -e trace= (no seccomp"
            + " filter).")
    boolean noSeccompBpf;

    @Option(names = "--pin-cpu", paramLabel = "CPU", description = "Run jstrace's tracer thread and the traced"
            + " processes on this one CPU (faster per syscall on most machines; a multi-threaded tracee loses its"
            + " parallelism).")
    Integer pinCpu;

    @Option(names = "--json", description = "Write one JSON object per event instead of strace lines.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Show the version and exit.")
    boolean version;

    @Parameters(paramLabel = "PROG", arity = "0..*", description = "The command to run under trace.")
    List<String> command = new ArrayList<>();

    private final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8),
            true);

    /** Runs jstrace and exits with the traced command's status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs jstrace and returns its exit status. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Jstrace());
        cl.setStopAtPositional(true);
        cl.setPosixClusteredShortOptionsAllowed(true);
        cl.getCommandSpec().version("jstrace 0.1.0 (ptrace-java)");
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("jstrace: " + ex.getMessage());
            System.err.println("Try 'jstrace -h' for more information.");
            return 1;
        });
        cl.setExecutionExceptionHandler((ex, c, r) -> {
            System.err.println("jstrace: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    private int usage(String message) {
        err.println("jstrace: " + message);
        err.println("Try 'jstrace -h' for more information.");
        return 1;
    }

    @Override
    public Integer call() throws IOException {
        if (command.isEmpty() && pids.isEmpty()) {
            return usage("must have PROG [ARGS] or -p PID");
        }
        if (!command.isEmpty() && !pids.isEmpty()) {
            return usage("-p and PROG [ARGS] are mutually exclusive");
        }
        if (stringLimit < 0) {
            return usage("invalid -s argument: '" + stringLimit + "'");
        }
        ConstantStyle style;
        switch (xlat.toLowerCase(Locale.ROOT)) {
            case "raw": style = ConstantStyle.RAW; break;
            case "abbrev": style = ConstantStyle.ABBREV; break;
            case "verbose": style = ConstantStyle.VERBOSE; break;
            default: return usage("invalid -X argument: '" + xlat + "'");
        }
        Set<String> names = new HashSet<>();
        for (Syscall s : SyscallTable.of(Arch.current()).all()) {
            names.add(s.name());
        }
        SyscallFilter filter = SyscallFilter.all();
        Predicate<Signal> signals = s -> true;
        Set<StracePrinter.Status> statuses = EnumSet.allOf(StracePrinter.Status.class);
        try {
            for (String e : expressions) {
                int eq = e.indexOf('=');
                String key = eq < 0 ? "trace" : e.substring(0, eq);
                String value = eq < 0 ? e : e.substring(eq + 1);
                switch (key) {
                    case "trace": case "t":
                        filter = SyscallFilter.parse(value, names);
                        break;
                    case "signal": case "signals": case "s":
                        signals = SignalSet.parse(value);
                        break;
                    case "status":
                        statuses = parseStatus(value);
                        break;
                    case "abbrev": case "verbose": case "raw": case "read": case "write":
                        break;
                    default:
                        return usage("invalid -e qualifier '" + key + "'");
                }
            }
        } catch (IllegalArgumentException ex) {
            return usage(ex.getMessage());
        }
        if (onlySuccessful) {
            statuses = EnumSet.of(StracePrinter.Status.SUCCESSFUL);
        }
        if (onlyFailed) {
            statuses = EnumSet.of(StracePrinter.Status.FAILED);
        }
        StraceOptions options = StraceOptions.defaults().withFollowChildren(follow).withSyscallFilter(filter)
                .withSignalFilter(signals).withStringLimit(stringLimit).withFdPaths(fdPaths)
                .withConstantStyle(style).withSeccompBpf(!noSeccompBpf)
                .withCpu(pinCpu == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(pinCpu));

        boolean toFile = output != null;
        Writer out = toFile ? Files.newBufferedWriter(output, StandardCharsets.UTF_8)
                : new BufferedWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), 1 << 16);
        boolean flushEachLine = !toFile;
        StracePrinter.Timestamps ts = relative ? StracePrinter.Timestamps.RELATIVE
                : time.length == 1 ? StracePrinter.Timestamps.SECONDS
                : time.length == 2 ? StracePrinter.Timestamps.MICROSECONDS
                : time.length >= 3 ? StracePrinter.Timestamps.EPOCH_MICROSECONDS : StracePrinter.Timestamps.NONE;
        StracePrinter.PidPrefix prefix = (follow || pids.size() > 1)
                ? (toFile ? StracePrinter.PidPrefix.ALWAYS : StracePrinter.PidPrefix.WHEN_SEVERAL)
                : StracePrinter.PidPrefix.NONE;
        SyscallSummary summary = new SyscallSummary();
        List<Consumer<StraceEvent>> sinks = new ArrayList<>();
        if (summaryOnly || summaryToo) {
            sinks.add(summary);
        }
        if (!summaryOnly) {
            sinks.add(json ? new JsonPrinter(out)
                    : new StracePrinter(out, prefix, ts, durations, quiet.length < 2, statuses));
        }
        Consumer<StraceEvent> handler = event -> {
            for (Consumer<StraceEvent> s : sinks) {
                s.accept(event);
            }
            if (flushEachLine && !(event instanceof dev.ptrace.strace.SyscallEvent
                    && ((dev.ptrace.strace.SyscallEvent) event).isEnter())) {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };

        TraceControl control = new TraceControl();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            control.requestStop();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jstrace-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status;
        int[] attachedCount = {0};
        try {
            if (pids.isEmpty()) {
                status = Strace.trace(command, options, handler, control);
            } else {
                // like strace, announce each process only once the attach has succeeded
                status = Strace.attach(pids, options, handler, control, pid -> {
                    attachedCount[0]++;
                    if (quiet.length == 0) {
                        err.println("jstrace: Process " + pid + " attached");
                        err.flush();
                    }
                });
                if (quiet.length == 0 && control.isStopRequested()) {
                    for (int pid : pids) {
                        err.println("jstrace: Process " + pid + " detached");
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            out.flush();
            err.println(command.isEmpty() ? "jstrace: attach: " + e.getMessage()
                    : "jstrace: Can't stat '" + command.get(0) + "': " + e.getMessage());
            return 1;
        } catch (PtraceException e) {
            out.flush();
            if (!command.isEmpty() || attachedCount[0] >= pids.size() || e.errno().isEmpty()) {
                err.println("jstrace: " + e.getMessage());
            } else {
                // strace's line for a failed attach, then what jstrace found out about the cause
                err.println("jstrace: attach: ptrace(PTRACE_SEIZE, " + pids.get(attachedCount[0]) + "): "
                        + e.errno().get().description());
                err.println("jstrace: " + e.getMessage());
            }
            return 1;
        } finally {
            for (Consumer<StraceEvent> sink : sinks) {
                if (sink instanceof StracePrinter) {
                    ((StracePrinter) sink).finish();
                }
            }
            if (summaryOnly || summaryToo) {
                summary.print(out);
            }
            out.flush();
            if (toFile) {
                out.close();
            }
            done.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running
        }
        return status;
    }

    private static Set<StracePrinter.Status> parseStatus(String value) {
        boolean negated = value.startsWith("!");
        Set<StracePrinter.Status> set = EnumSet.noneOf(StracePrinter.Status.class);
        for (String p : (negated ? value.substring(1) : value).split(",")) {
            switch (p.trim()) {
                case "all": set.addAll(EnumSet.allOf(StracePrinter.Status.class)); break;
                case "none": break;
                case "successful": set.add(StracePrinter.Status.SUCCESSFUL); break;
                case "failed": set.add(StracePrinter.Status.FAILED); break;
                case "unfinished": set.add(StracePrinter.Status.UNFINISHED); break;
                case "unavailable": case "detached": break;
                default: throw new IllegalArgumentException("invalid status '" + p + "'");
            }
        }
        if (negated) {
            Set<StracePrinter.Status> all = EnumSet.allOf(StracePrinter.Status.class);
            all.removeAll(set);
            return all;
        }
        return set;
    }
}
