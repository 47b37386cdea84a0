package dev.ptrace.examples.jstrace;

import dev.ptrace.Arch;
import dev.ptrace.Ptrace;
import dev.ptrace.PtraceException;
import dev.ptrace.Signal;
import dev.ptrace.strace.ConstantStyle;
import dev.ptrace.strace.Strace;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.StraceOptions;
import dev.ptrace.strace.StringsInHex;
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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * {@code jstrace}: strace's command line on top of {@code ptrace-strace}. Same options, same output, plus
 * {@code --json}.
 *
 * <p>strace 6.1's whole command line: {@link StraceGetopt} reads it as strace's getopt_long does,
 * {@link JstraceOptions} declares every option (with picocli's programmatic API, see there why), {@link OptionChecks}
 * refuses what strace refuses and what jstrace does not implement, {@link Qualifiers} parses {@code -e}.
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
    ConstantStyle style = ConstantStyle.ABBREV;
    boolean seccompBpfRequested;
    boolean noSeccompBpf;
    Integer pinCpu;
    boolean json;
    /** {@code --perfetto FILE}: the trace-event JSON file, or null. */
    String traceEventFile;
    boolean help;
    boolean version;
    List<String> command = new ArrayList<>();
    // strace's output options beyond the ones above (see JstraceOptions)
    boolean append;
    int column = 40;
    boolean instructionPointer;
    boolean syscallNumber;
    boolean noAbbrev;
    int hex;
    StringsInHex stringsInHex;
    boolean decodePidsComm;
    String decodePids;
    boolean fdDetails;
    Integer absoluteTimestamps;
    String relativePrecision;
    String durationPrecision;
    /** Options jstrace refuses (see OptionChecks), as they were given. */
    Set<String> refused = new java.util.LinkedHashSet<>();

    /** strace's warnings about the command line, printed once it is known to be valid. */
    final List<String> warnings = new ArrayList<>();
    /** Where the fatal signals are handled; null when jstrace runs inside another program (tests). */
    private FatalSignals fatalSignals;

    private final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8),
            true);

    /**
     * Runs jstrace and exits with the traced command's status, or, after obeying a fatal signal (see
     * {@link FatalSignals}), by that signal.
     */
    public static void main(String[] args) {
        ExecTimeArguments.environment(); // takes (and deletes) the launcher's copy at once
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

    private static int run(Jstrace t, String... args) {
        String[] canonical;
        try {
            canonical = StraceGetopt.normalise(args, t.warnings).toArray(new String[0]);
        } catch (UsageError e) {
            return t.usage(e);
        }
        Integer finished = parse(t, canonical);
        if (finished != null) {
            return finished;
        }
        try {
            return t.call();
        } catch (Exception ex) {
            return new ErrorHandler().handleExecutionException(ex, null, null);
        }
    }

    /**
     * Sets {@code t}'s fields from {@code args}; returns the exit status when that is all there is to do (help,
     * version, a usage error), null otherwise. picocli keeps several objects per argument of the traced command
     * (about 250 bytes each), all unreachable once this returns: tracing runs without them.
     */
    private static Integer parse(Jstrace t, String[] args) {
        try {
            return CommandLine.executeHelpRequest(JstraceOptions.commandLine(t).parseArgs(args));
        } catch (CommandLine.ParameterException ex) {
            return new ErrorHandler().handleParseException(ex, args);
        }
    }

    /**
     * A usage error or a failure in {@link #call()}: one line on stderr, status 1. (A class rather than two
     * lambdas: the class-data archive cannot hold a lambda of picocli's old-format interfaces.)
     */
    private static final class ErrorHandler implements CommandLine.IParameterExceptionHandler,
            CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            // a value refused by one of JstraceOptions's converters carries strace's message
            UsageError e = ex.getCause() instanceof UsageError ? (UsageError) ex.getCause()
                    : new UsageError(ex.getMessage(), true);
            System.err.println("jstrace: " + e.getMessage());
            if (e.tryHelp()) {
                System.err.println("Try 'jstrace -h' for more information.");
            }
            return 1;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine,
                                            CommandLine.ParseResult parseResult) {
            System.err.println("jstrace: " + ex.getMessage());
            return 1;
        }
    }

    /** What strace's options change in the printer beyond its constructor: -a, -n, -e quiet=superseded. */
    private StracePrinter layout(StracePrinter printer, Set<String> quietMessages) {
        printer.withResultColumn(column);
        if (quietMessages.contains("superseded") || quietMessages.contains("thread-execve")) {
            printer.withoutSupersededMessages();
        }
        return syscallNumber ? printer.withSyscallNumbers() : printer;
    }

    private int usage(UsageError e) {
        err.println("jstrace: " + e.getMessage());
        if (e.tryHelp()) {
            err.println("Try 'jstrace -h' for more information.");
        }
        return 1;
    }

    @Override
    public Integer call() {
        Set<String> names = new HashSet<>();
        for (Syscall s : SyscallTable.of(Arch.current()).all()) {
            names.add(s.name());
        }
        Qualifiers qualifiers;
        try {
            OptionChecks.check(this, warnings);
            qualifiers = Qualifiers.parse(expressions, names);
        } catch (UsageError e) {
            return usage(e);
        }
        FatalSignals.Level level;
        try {
            level = interruptible == null ? FatalSignals.defaultLevel(output != null, !command.isEmpty())
                    : FatalSignals.parse(interruptible);
        } catch (IllegalArgumentException e) {
            return usage(new UsageError(e.getMessage(), true));
        }
        for (String w : warnings) {
            err.println("jstrace: " + w);
        }
        SyscallFilter filter = qualifiers.filter;
        Predicate<Signal> signals = qualifiers.signals;
        Set<StracePrinter.Status> statuses = qualifiers.statuses;
        Set<String> quietMessages = qualifiers.quiet != null ? qualifiers.quiet
                : quiet.length >= 3 ? Set.copyOf(Qualifiers.QUIET_MESSAGES)
                : quiet.length == 2 ? Set.of("attach", "personality", "exit")
                : quiet.length == 1 ? Set.of("attach", "personality") : Set.of();
        // strace announces attaches on stderr unless -q, or an -o file without -e quiet=, or -e quiet=attach
        boolean announce = !quietMessages.contains("attach");
        boolean decodeFdPaths = qualifiers.fdPaths != null ? qualifiers.fdPaths : fdPaths;
        int timeLevel = absoluteTimestamps != null ? absoluteTimestamps : time.length;
        StringsInHex hexStrings = stringsInHex != null ? stringsInHex
                : hex >= 2 ? StringsInHex.ALL : hex == 1 ? StringsInHex.NON_ASCII : StringsInHex.NONE;
        if (onlySuccessful) {
            statuses = EnumSet.of(StracePrinter.Status.SUCCESSFUL);
        }
        if (onlyFailed) {
            statuses = EnumSet.of(StracePrinter.Status.FAILED);
        }
        boolean following = follow;
        StraceOptions options = StraceOptions.defaults().withFollowChildren(following).withSyscallFilter(filter)
                .withSignalFilter(signals).withStringLimit(stringLimit).withFdPaths(decodeFdPaths)
                .withConstantStyle(style).withStringsInHex(hexStrings).withSeccompBpf(!noSeccompBpf)
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
            out = toFile ? TraceOutput.open(output, append, errors) : TraceOutput.stderr(errors);
        } catch (java.io.UncheckedIOException e) {
            err.println("jstrace: " + e.getMessage());
            return 1;
        }
        TraceOutput traceEventOut;
        try {
            traceEventOut = traceEventFile == null ? null : TraceOutput.open(traceEventFile, errors);
        } catch (java.io.UncheckedIOException e) {
            out.close();
            err.println("jstrace: " + e.getMessage());
            return 1;
        }
        boolean flushEachLine = !toFile && !perProcess;
        StracePrinter.Timestamps ts = relative ? StracePrinter.Timestamps.RELATIVE
                : timeLevel == 1 ? StracePrinter.Timestamps.SECONDS
                : timeLevel == 2 ? StracePrinter.Timestamps.MICROSECONDS
                : timeLevel >= 3 ? StracePrinter.Timestamps.EPOCH_MICROSECONDS : StracePrinter.Timestamps.NONE;
        StracePrinter.PidPrefix prefix = (following || pids.size() > 1)
                ? (toFile ? StracePrinter.PidPrefix.ALWAYS : StracePrinter.PidPrefix.WHEN_SEVERAL)
                : StracePrinter.PidPrefix.NONE;
        SyscallSummary summary = new SyscallSummary();
        List<Consumer<StraceEvent>> sinks = new ArrayList<>();
        LiveTracees live = new LiveTracees();
        sinks.add(live);
        TraceEventPrinter traceEvents = traceEventOut == null ? null
                : new TraceEventPrinter(traceEventOut, java.nio.file.Path.of("/proc"));
        if (traceEvents != null) {
            sinks.add(traceEvents);
        }
        JsonPrinter jsonPrinter = json && !summaryOnly && !perProcess ? new JsonPrinter(out, statuses) : null;
        if (summaryOnly || summaryToo) {
            sinks.add(summary);
        }
        Set<StracePrinter.Status> shown = statuses;
        PerProcessPrinter perProcessPrinter = perProcess ? new PerProcessPrinter(output, errors, w -> layout(new StracePrinter(w,
                StracePrinter.PidPrefix.NONE, ts, durations, !quietMessages.contains("exit"), shown), quietMessages)) : null;
        if (perProcessPrinter != null && !summaryOnly) {
            sinks.add(perProcessPrinter);
        } else if (!summaryOnly) {
            StracePrinter printer = layout(new StracePrinter(out, prefix, ts, durations,
                    !quietMessages.contains("exit"), statuses), quietMessages);
            if (!toFile && announce) {
                printer.announcingNewTracees("jstrace");
            }
            sinks.add(jsonPrinter != null ? jsonPrinter : printer);
        }
        if (toFile && announce && qualifiers.quiet != null) {
            // asked for with -e quiet=: the notices go to stderr, not into the trace file, as strace's
            sinks.add(event -> {
                if (event instanceof dev.ptrace.strace.AttachEvent) {
                    err.println("jstrace: " + event);
                }
            });
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
                StraceOptions spawn = ExecTimeArguments.environment().map(options::withEnvironmentEntries)
                        .orElse(options).withBlockedSignals(ExecTimeArguments.signalMask())
                        .withInheritedDescriptors(ExecTimeArguments.descriptors());
                status = Strace.traceBytes(ExecTimeArguments.command(command), spawn, handler, control);
            } else {
                // like strace, announce each process only once the attach has succeeded
                status = Strace.attach(pids, options, handler, control, pid -> {
                    attachedCount[0]++;
                    live.attached(pid);
                    if (jsonPrinter != null) {
                        jsonPrinter.attached(pid, System.currentTimeMillis() * 1_000_000L);
                    }
                    if (announce) {
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
            boolean detachedNotice = announce && (output == null || !pids.isEmpty());
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
            if (jsonPrinter != null) {
                jsonPrinter.finish(live.pids(), System.currentTimeMillis() * 1_000_000L);
            }
            if (traceEvents != null) {
                traceEvents.finish(System.currentTimeMillis() * 1_000_000L); // valid however tracing ended
                traceEventOut.close();
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
}
