package dev.ptrace.examples.jstrace;

import dev.ptrace.Arch;
import dev.ptrace.Ptrace;
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
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code jstrace}: strace's command line on top of {@code ptrace-strace}. Same options, same output, plus
 * {@code --json}.
 *
 * <p>The options are declared with picocli's programmatic API ({@link #commandLine(Jstrace)}) rather than with
 * annotations: reading annotations makes the JDK generate a proxy class per annotation type and picocli bind every
 * field by reflection, which cost about a quarter of jstrace's start-up.
 */
public final class Jstrace implements Callable<Integer> {

    boolean follow;
    boolean followToFiles;
    List<Integer> pids = new ArrayList<>();
    String output;
    String interruptible;
    List<String> expressions = new ArrayList<>();
    boolean onlySuccessful;
    boolean onlyFailed;
    int stringLimit = StraceOptions.DEFAULT_STRING_LIMIT;
    boolean fdPaths;
    boolean[] time = new boolean[0];
    boolean relative;
    boolean durations;
    boolean summaryOnly;
    boolean summaryToo;
    /*
     * strace's -c sums the tracee's system (kernel CPU) time by default and the time between entry and exit with
     * -w. jstrace only measures the latter, so -c always reports wall-clock time; -w is accepted so that
     * strace command lines work unchanged, and makes the meaning explicit.
     */
    boolean summaryWallClock;
    boolean[] quiet = new boolean[0];
    String xlat = "abbrev";
    boolean seccompBpfRequested;
    boolean noSeccompBpf;
    Integer pinCpu;
    boolean json;
    boolean help;
    boolean version;
    List<String> command = new ArrayList<>();
    /** Where the fatal signals are handled; null when jstrace runs inside another program (tests). */
    private FatalSignals fatalSignals;

    private final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8),
            true);

    /**
     * Runs jstrace and exits with the traced command's status, or, after obeying a fatal signal (see
     * {@link FatalSignals}), by that signal.
     */
    public static void main(String[] args) {
        selectBackendMeanwhile();
        Jstrace jstrace = new Jstrace();
        jstrace.fatalSignals = new FatalSignals();
        int status = run(jstrace, args);
        jstrace.fatalSignals.obeyed().ifPresent(FatalSignals::dieOf);
        System.exit(status);
    }

    /**
     * Starts choosing and loading the native backend (JNA binding libc: a quarter of the start-up) on another
     * thread while this one parses the command line; the first trace waits for it. A failure is kept by
     * {@link Ptrace} and reported when tracing starts, as without this thread.
     */
    private static void selectBackendMeanwhile() {
        Thread t = new Thread(Jstrace::selectBackend, "jstrace-backend");
        t.setDaemon(true);
        t.start();
    }

    private static void selectBackend() {
        try {
            Ptrace.selectedBackend();
        } catch (RuntimeException | LinkageError e) {
            // reported again, on the main thread, when the trace opens the backend
        }
    }

    /** Runs jstrace and returns its exit status; signals to this JVM keep their usual effect. */
    public static int run(String... args) {
        return run(new Jstrace(), args);
    }

    private static int run(Jstrace jstrace, String... args) {
        CommandLine cl = commandLine(jstrace);
        cl.setParameterExceptionHandler(new ErrorHandler());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl.execute(args);
    }

    /**
     * A usage error or a failure in {@link #call()}: one line on stderr, status 1. (A class rather than two
     * lambdas: the class-data archive cannot hold a lambda of picocli's old-format interfaces.)
     */
    private static final class ErrorHandler implements CommandLine.IParameterExceptionHandler,
            CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            System.err.println("jstrace: " + ex.getMessage());
            System.err.println("Try 'jstrace -h' for more information.");
            return 1;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine,
                                            CommandLine.ParseResult parseResult) {
            System.err.println("jstrace: " + ex.getMessage());
            return 1;
        }
    }

    /**
     * jstrace's options, bound to the fields of {@code t}. Each option is what the equivalent {@code @Option}
     * annotation on the field would declare (picocli derives the label {@code <field>} of a flag from the field's
     * name, so it is spelled out here).
     */
    static CommandLine commandLine(Jstrace t) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(t).name("jstrace")
                .version("jstrace 0.1.0 (ptrace-java)");
        spec.usageMessage().sortOptions(false).description("Trace system calls and signals, like strace(1).");
        spec.addOption(flag("follow", "Follow forks, vforks and threads.", t.follow, v -> t.follow = v, "-f"));
        spec.addOption(flag("followToFiles", "Like -f; with -o FILE, each process's trace goes to FILE.PID.",
                t.followToFiles, v -> t.followToFiles = v, "-ff"));
        spec.addOption(option(List.class, "PID", "Attach to the process PID (repeatable).", t.pids,
                v -> t.pids = v, "-p").auxiliaryTypes(Integer.class).build());
        spec.addOption(option(String.class, "FILE", "Write the trace to FILE instead of stderr; '|CMD' or '!CMD':"
                + " into the standard input of the shell command CMD.", t.output, v -> t.output = v, "-o").build());
        spec.addOption(option(List.class, "EXPR",
                "Qualifier: trace=SET, signal=SET, status=SET (or a bare syscall SET).", t.expressions,
                v -> t.expressions = v, "-e").auxiliaryTypes(String.class).build());
        spec.addOption(flag("onlySuccessful", "Print only syscalls that succeeded.", t.onlySuccessful,
                v -> t.onlySuccessful = v, "-z"));
        spec.addOption(flag("onlyFailed", "Print only syscalls that failed.", t.onlyFailed,
                v -> t.onlyFailed = v, "-Z"));
        spec.addOption(option(int.class, "STRSIZE", "Print at most STRSIZE bytes of strings (32).",
                t.stringLimit, v -> t.stringLimit = v, "-s").build());
        spec.addOption(flag("fdPaths", "Print paths of file descriptors.", t.fdPaths, v -> t.fdPaths = v,
                "-y"));
        spec.addOption(option(boolean[].class, "<time>",
                "Prefix lines with the time; -tt with microseconds; -ttt since the epoch.", t.time,
                v -> t.time = v, "-t").auxiliaryTypes(boolean.class).arity("0").build());
        spec.addOption(flag("relative", "Prefix lines with the time since the previous line.", t.relative,
                v -> t.relative = v, "-r"));
        spec.addOption(flag("durations", "Show the time spent in each syscall.", t.durations,
                v -> t.durations = v, "-T"));
        spec.addOption(flag("summaryOnly", "Count time, calls and errors per syscall; print a summary only.",
                t.summaryOnly, v -> t.summaryOnly = v, "-c"));
        spec.addOption(flag("summaryToo", "Like -c, but also print the trace.", t.summaryToo,
                v -> t.summaryToo = v, "-C"));
        spec.addOption(flag("summaryWallClock",
                "Summarise wall-clock time between entry and exit (what -c measures in jstrace anyway).",
                t.summaryWallClock, v -> t.summaryWallClock = v, "-w", "--summary-wall-clock"));
        spec.addOption(option(boolean[].class, "<quiet>", "Suppress attach/detach messages; -qq also exit messages.",
                t.quiet, v -> t.quiet = v, "-q").auxiliaryTypes(boolean.class).arity("0").build());
        spec.addOption(option(String.class, "FORMAT", "Constants: raw, abbrev (default) or verbose.", t.xlat,
                v -> t.xlat = v, "-X").build());
        spec.addOption(flag("seccompBpfRequested", "With -f and -e trace=, stop only at the traced syscalls"
                + " (a seccomp filter; the default, accepted as strace spells it).", t.seccompBpfRequested,
                v -> t.seccompBpfRequested = v, "--seccomp-bpf"));
        spec.addOption(flag("noSeccompBpf", "Stop at every syscall, even with -e trace= (no seccomp filter).",
                t.noSeccompBpf, v -> t.noSeccompBpf = v, "--no-seccomp-bpf"));
        spec.addOption(option(Integer.class, "CPU", "Run jstrace's tracer thread and the traced processes on this"
                + " one CPU (faster per syscall on most machines; a multi-threaded tracee loses its parallelism).",
                t.pinCpu, v -> t.pinCpu = v, "--pin-cpu").build());
        spec.addOption(option(String.class, "INTERRUPTIBLE", "When SIGHUP, SIGINT, SIGPIPE and SIGTERM end jstrace:"
                + " 1|anywhere, 2|waiting (default), 3|never (default with -o FILE PROG), 4|never_tstp (and ^Z"
                + " does not stop it).", t.interruptible, v -> t.interruptible = v, "-I", "--interruptible").build());
        spec.addOption(flag("json", "Write one JSON object per event instead of strace lines.", t.json,
                v -> t.json = v, "--json"));
        spec.addOption(option(boolean.class, "<help>", "Show this help and exit.", t.help, v -> t.help = v,
                "-h", "--help").usageHelp(true).build());
        spec.addOption(option(boolean.class, "<version>", "Show the version and exit.", t.version,
                v -> t.version = v, "-V", "--version").versionHelp(true).build());
        Field<List<String>> command = new Field<>(t.command, v -> t.command = v);
        spec.addPositional(PositionalParamSpec.builder().paramLabel("PROG").arity("0..*").index("0..*")
                .type(List.class).auxiliaryTypes(String.class).description("The command to run under trace.")
                .getter(command).setter(command).initialValue(t.command).build());
        CommandLine cl = new CommandLine(spec);
        cl.setStopAtPositional(true);
        cl.setPosixClusteredShortOptionsAllowed(true);
        return cl;
    }

    private static OptionSpec flag(String field, String description, boolean initial, Consumer<Boolean> set,
                                   String... names) {
        return option(boolean.class, "<" + field + ">", description, initial, set, names).build();
    }

    private static <V> OptionSpec.Builder option(Class<?> type, String label, String description, V initial,
                                                 Consumer<V> set, String... names) {
        Field<V> field = new Field<>(initial, set);
        return OptionSpec.builder(names).type(type).paramLabel(label).description(description).getter(field)
                .setter(field).initialValue(initial);
    }

    /**
     * A field of a {@link Jstrace} as picocli reads and writes it: the value picocli last set (at first the
     * field's initial value), written through to the field.
     */
    private static final class Field<V> implements IGetter, ISetter {
        private V value;
        private final Consumer<V> set;

        Field(V initial, Consumer<V> set) {
            this.value = initial;
            this.set = set;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T newValue) {
            T old = (T) value;
            value = (V) newValue;
            set.accept(value);
            return old;
        }
    }

    private int usage(String message) {
        err.println("jstrace: " + message);
        err.println("Try 'jstrace -h' for more information.");
        return 1;
    }

    @Override
    public Integer call() {
        if (command.isEmpty() && pids.isEmpty()) {
            return usage("must have PROG [ARGS] or -p PID");
        }
        if (!command.isEmpty() && !pids.isEmpty()) {
            return usage("-p and PROG [ARGS] are mutually exclusive");
        }
        if (followToFiles && json) {
            return usage("-ff and --json do not combine: the JSON stream names each event's pid");
        }
        if (followToFiles && output != null && (output.startsWith("|") || output.startsWith("!"))) {
            return usage("piping the output and -ff/--output-separately are mutually exclusive");
        }
        if (followToFiles && (summaryOnly || summaryToo)) {
            return usage("(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive");
        }
        if (stringLimit < 0) {
            return usage("invalid -s argument: '" + stringLimit + "'");
        }
        FatalSignals.Level level;
        try {
            level = interruptible == null ? FatalSignals.defaultLevel(output != null, !command.isEmpty())
                    : FatalSignals.parse(interruptible);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
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
        boolean following = follow || followToFiles;
        StraceOptions options = StraceOptions.defaults().withFollowChildren(following).withSyscallFilter(filter)
                .withSignalFilter(signals).withStringLimit(stringLimit).withFdPaths(fdPaths)
                .withConstantStyle(style).withSeccompBpf(!noSeccompBpf)
                .withCpu(pinCpu == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(pinCpu));

        // -ff -o FILE: one FILE.PID per process and no FILE itself (as strace)
        boolean perProcess = followToFiles && output != null;
        boolean toFile = output != null && !perProcess;
        TraceControl control = new TraceControl();
        TraceOutput.Errors errors = new TraceOutput.Errors(err, () -> {
            if (fatalSignals != null) {
                fatalSignals.brokenPipe(level, control);
            }
        });
        TraceOutput out;
        try {
            out = toFile ? TraceOutput.open(output, errors) : TraceOutput.stderr(errors);
        } catch (java.io.UncheckedIOException e) {
            err.println("jstrace: " + e.getMessage());
            return 1;
        }
        boolean flushEachLine = !toFile && !perProcess;
        StracePrinter.Timestamps ts = relative ? StracePrinter.Timestamps.RELATIVE
                : time.length == 1 ? StracePrinter.Timestamps.SECONDS
                : time.length == 2 ? StracePrinter.Timestamps.MICROSECONDS
                : time.length >= 3 ? StracePrinter.Timestamps.EPOCH_MICROSECONDS : StracePrinter.Timestamps.NONE;
        StracePrinter.PidPrefix prefix = (following || pids.size() > 1)
                ? (toFile ? StracePrinter.PidPrefix.ALWAYS : StracePrinter.PidPrefix.WHEN_SEVERAL)
                : StracePrinter.PidPrefix.NONE;
        SyscallSummary summary = new SyscallSummary();
        List<Consumer<StraceEvent>> sinks = new ArrayList<>();
        LiveTracees live = new LiveTracees();
        sinks.add(live);
        if (summaryOnly || summaryToo) {
            sinks.add(summary);
        }
        Set<StracePrinter.Status> shown = statuses;
        PerProcessPrinter perProcessPrinter = perProcess ? new PerProcessPrinter(output, errors, w -> new StracePrinter(w,
                StracePrinter.PidPrefix.NONE, ts, durations, quiet.length < 2, shown)) : null;
        if (perProcessPrinter != null && !summaryOnly) {
            sinks.add(perProcessPrinter);
        } else if (!summaryOnly) {
            StracePrinter printer = new StracePrinter(out, prefix, ts, durations, quiet.length < 2, statuses);
            if (!toFile && quiet.length == 0) {
                printer.announcingNewTracees("jstrace");
            }
            sinks.add(json ? new JsonPrinter(out) : printer);
        }
        Consumer<StraceEvent> handler = event -> {
            for (Consumer<StraceEvent> s : sinks) {
                s.accept(event);
            }
            if (flushEachLine && !(event instanceof dev.ptrace.strace.SyscallEvent
                    && ((dev.ptrace.strace.SyscallEvent) event).isEnter())) {
                out.flush();
            }
        };

        if (fatalSignals != null) {
            fatalSignals.install(level, control);
        }
        int status;
        int[] attachedCount = {0};
        try {
            if (pids.isEmpty()) {
                status = Strace.trace(command, options, handler, control);
            } else {
                // like strace, announce each process only once the attach has succeeded
                status = Strace.attach(pids, options, handler, control, pid -> {
                    attachedCount[0]++;
                    live.attached(pid);
                    if (quiet.length == 0) {
                        err.println("jstrace: Process " + pid + " attached");
                        err.flush();
                    }
                });
            }
        } catch (IllegalArgumentException e) {
            out.flush();
            // the spawner's messages already read like strace's: "Can't stat 'x': No such file or directory"
            err.println(command.isEmpty() ? "jstrace: attach: " + e.getMessage() : "jstrace: " + e.getMessage());
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
            // strace is quiet about attaching and detaching with -o FILE PROG
            boolean detachedNotice = quiet.length == 0 && (output == null || !pids.isEmpty());
            if (detachedNotice && (fatalSignals != null && fatalSignals.printsDetachNotices())) {
                out.flush(); // an open line, then the notices, then its " <detached ...>", as strace prints them
                for (int pid : live.pids()) {
                    err.println("jstrace: Process " + pid + " detached");
                }
                err.flush();
            }
            for (Consumer<StraceEvent> sink : sinks) {
                if (sink instanceof StracePrinter) {
                    ((StracePrinter) sink).finish();
                }
            }
            if (perProcessPrinter != null) {
                perProcessPrinter.close();
            }
            if (summaryOnly || summaryToo) {
                summary.print(out);
            }
            out.close();
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
