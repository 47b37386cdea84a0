package dev.ptrace.examples.jstrace;

import dev.ptrace.Arch;
import dev.ptrace.Ptrace;
import dev.ptrace.PtraceException;
import dev.ptrace.Signal;
import dev.ptrace.strace.ConstantStyle;
import dev.ptrace.strace.IoDump;
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
import java.util.Optional;
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
    /** -w: the summary sums the time between entry and exit instead of the system CPU time. */
    boolean summaryWallClock;
    /** -S, -U, -O as given (null when not). */
    SyscallSummary.Order summarySort;
    List<SyscallSummary.Column> summaryColumns;
    long summaryOverheadNanos;
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
    boolean stackTraces;
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
    // strace's process-control options (see JstraceOptions)
    List<String> environmentEdits = new ArrayList<>();
    String user;
    String detachOn;
    List<String> tracePaths = new ArrayList<>();
    boolean debug;
    int daemonize;
    Integer daemonizeMode;
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

    /**
     * What strace's options change in the printer beyond its constructor: -a, -n, -i, -e quiet=superseded,
     * -e read=, -e write=.
     */
    private StracePrinter layout(StracePrinter printer, Set<String> quietMessages, IoDump dump) {
        printer.withResultColumn(column).withIoDump(dump);
        if (quietMessages.contains("superseded") || quietMessages.contains("thread-execve")) {
            printer.withoutSupersededMessages();
        }
        if (instructionPointer) {
            printer.withInstructionPointers();
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

    /**
     * The paths of -P: each as given and, where it differs, as realpath(3) resolves it, which strace announces
     * unless {@code -e quiet=path-resolution}.
     */
    private Set<String> tracedPaths(boolean quietResolution) {
        Set<String> paths = new HashSet<>();
        for (String p : tracePaths) {
            paths.add(p);
            String resolved;
            try {
                resolved = java.nio.file.Path.of(p).toRealPath().toString();
            } catch (java.io.IOException | RuntimeException e) {
                continue; // strace keeps the path as given when realpath fails
            }
            if (!resolved.equals(p)) {
                paths.add(resolved);
                if (!quietResolution) {
                    err.println("jstrace: Requested path \"" + p + "\" resolved into \"" + resolved + "\"");
                }
            }
        }
        return paths;
    }

    /** The program's environment: the one jstrace was given, edited by -E. */
    private java.util.Optional<List<byte[]>> environment() {
        java.util.Optional<List<byte[]>> given = ExecTimeArguments.environment();
        if (environmentEdits.isEmpty()) {
            return given;
        }
        List<byte[]> edits = new ArrayList<>();
        for (String e : environmentEdits) {
            edits.add(e.getBytes(dev.ptrace.ExecStrings.platformCharset()));
        }
        return java.util.Optional.of(EnvironmentEdits.apply(given.orElseGet(() -> {
            List<byte[]> env = new ArrayList<>();
            System.getenv().forEach((k, v) -> env.add((k + "=" + v).getBytes(dev.ptrace.ExecStrings.platformCharset())));
            return env;
        }), edits));
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
            qualifiers = Qualifiers.parse(expressions, names, warnings);
        } catch (UsageError e) {
            return usage(e);
        }
        Optional<dev.ptrace.Credentials> runAs = Optional.empty();
        if (user != null) {
            // strace's checks, after the command line's
            if (!UserAccount.isRoot()) {
                return usage(new UsageError("You must be root to use the -u/--username option", false));
            }
            runAs = UserAccount.lookup(user, java.nio.file.Path.of("/etc/passwd"), java.nio.file.Path.of("/etc/group"));
            if (runAs.isEmpty()) {
                return usage(new UsageError("Cannot find user '" + user + "'", false));
            }
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
                .withStackTraces(stackTraces && !summaryOnly)
                .withCpu(pinCpu == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(pinCpu))
                .withDetachOnExecve(detachOn != null)
                .withSystemCpuTimes((summaryOnly || summaryToo) && !summaryWallClock)
                .withInjections(qualifiers.injections).withRawSyscalls(qualifiers.raw);
        if (runAs.isPresent()) {
            options = options.withUser(runAs.get());
        }

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
        StracePrinter.PidPrefix prefix = (following || pids.size() + (command.isEmpty() ? 0 : 1) > 1)
                ? (toFile ? StracePrinter.PidPrefix.ALWAYS : StracePrinter.PidPrefix.WHEN_SEVERAL)
                : StracePrinter.PidPrefix.NONE;
        IoDump ioDump = new IoDump(qualifiers.dumpReads, qualifiers.dumpWrites);
        SyscallSummary summary = new SyscallSummary(
                summaryWallClock ? SyscallSummary.Clock.WALL : SyscallSummary.Clock.SYSTEM,
                summarySort == null ? SyscallSummary.Order.TIME : summarySort,
                summaryColumns == null ? SyscallSummary.DEFAULT_COLUMNS : summaryColumns, summaryOverheadNanos);
        StracePrinter shared = null;
        List<Consumer<StraceEvent>> sinks = new ArrayList<>();
        LiveTracees live = new LiveTracees();
        sinks.add(live);
        if (debug) {
            sinks.add(new DebugMessages(err));
        }
        if (detachOn != null && announce && (output == null || command.isEmpty())) {
            // strace's notice comes before the " <detached ...>" that ends the execve's line
            sinks.add(event -> {
                if (event instanceof dev.ptrace.strace.ExitEvent x
                        && x.kind() == dev.ptrace.strace.ExitEvent.Kind.DETACHED) {
                    out.flush();
                    err.println("jstrace: " + event);
                }
            });
        }
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
                StracePrinter.PidPrefix.NONE, ts, durations, !quietMessages.contains("exit"), shown), quietMessages, ioDump)) : null;
        if (perProcessPrinter != null && !summaryOnly) {
            sinks.add(perProcessPrinter);
        } else if (!summaryOnly) {
            StracePrinter printer = layout(new StracePrinter(out, prefix, ts, durations,
                    !quietMessages.contains("exit"), statuses), quietMessages, ioDump);
            if (!toFile && announce) {
                printer.announcingNewTracees("jstrace");
            }
            sinks.add(jsonPrinter != null ? jsonPrinter : printer);
            shared = printer;
        }
        if (toFile && announce && qualifiers.quiet != null) {
            // asked for with -e quiet=: the notices go to stderr, not into the trace file, as strace's
            sinks.add(event -> {
                if (event instanceof dev.ptrace.strace.AttachEvent) {
                    err.println("jstrace: " + event);
                }
            });
        }
        Consumer<StraceEvent> allSinks = event -> {
            for (Consumer<StraceEvent> s : sinks) {
                s.accept(event);
            }
            if (flushEachLine && !(event instanceof dev.ptrace.strace.SyscallEvent
                    && ((dev.ptrace.strace.SyscallEvent) event).isEnter())) {
                out.flush();
            }
        };

        Consumer<StraceEvent> handler = tracePaths.isEmpty() ? allSinks
                : new dev.ptrace.strace.PathFilter(tracedPaths(quietMessages.contains("path-resolution")),
                allSinks);
        if (fatalSignals != null) {
            fatalSignals.install(level, control);
        }
        int status;
        int[] attachedCount = {0};
        // strace is quiet about attaching and detaching with -o FILE PROG (an implied -q)
        boolean announceAttach = announce && (output == null || command.isEmpty() || qualifiers.quiet != null);
        // like strace, announce each process only once the attach has succeeded
        StracePrinter attachedTo = shared;
        java.util.function.IntConsumer onAttached = pid -> {
            attachedCount[0]++;
            live.attached(pid);
            if (jsonPrinter != null) {
                jsonPrinter.attached(pid, System.currentTimeMillis() * 1_000_000L);
            }
            if (attachedTo != null) {
                attachedTo.traced(pid);
            }
            if (announceAttach) {
                err.println("jstrace: Process " + pid + " attached");
                err.flush();
            }
        };
        try {
            if (!command.isEmpty()) {
                StraceOptions spawn = environment().map(options::withEnvironmentEntries)
                        .orElse(options).withBlockedSignals(ExecTimeArguments.signalMask())
                        .withInheritedDescriptors(ExecTimeArguments.descriptors());
                if (pids.isEmpty()) {
                    status = Strace.traceBytes(ExecTimeArguments.command(command), spawn, handler, control);
                } else {
                    // strace -p PID PROG: both in one trace; a process that cannot be attached is reported
                    status = Strace.traceBytesAndAttach(ExecTimeArguments.command(command), pids, spawn, handler,
                            control, onAttached, (pid, e) -> err.println("jstrace: attach: ptrace(PTRACE_SEIZE, "
                                    + pid + "): " + e.errno().map(dev.ptrace.Errno::description)
                                    .orElse(e.getMessage())));
                }
            } else {
                status = Strace.attach(pids, options, handler, control, onAttached);
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
            boolean detachedNotice = announceAttach;
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
