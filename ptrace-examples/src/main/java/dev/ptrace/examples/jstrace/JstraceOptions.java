package dev.ptrace.examples.jstrace;

import dev.ptrace.strace.ConstantStyle;
import dev.ptrace.strace.StringsInHex;
import dev.ptrace.strace.SyscallSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * jstrace's options table: every strace 6.1 option (short name first, then its long names) bound to the fields
 * of a {@link Jstrace}. Picocli parses the canonical form that {@link StraceGetopt#normalise} makes of strace's
 * syntax; values are converted with strace's rules and messages. Options jstrace does not implement reach it as
 * {@code --refused=NAME}, are collected in {@link Jstrace#refused} and refused by {@link OptionChecks}.
 *
 * <p>Declared with picocli's programmatic API rather than annotations: reading annotations makes the JDK generate
 * a proxy class per annotation type and picocli bind every field by reflection, about a quarter of start-up.
 */
final class JstraceOptions {

    private JstraceOptions() {
    }

    /**
     * Parses a command line as strace does into {@code t}'s fields.
     *
     * @param t the fields to set
     * @param args the command line
     * @param warnings receives strace's warnings about the syntax
     * @return the parsed command line, for picocli's help and version handling
     * @throws UsageError or picocli's ParameterException with strace's message
     */
    static CommandLine parse(Jstrace t, String[] args, List<String> warnings) {
        CommandLine cl = commandLine(t);
        cl.parseArgs(StraceGetopt.normalise(args, warnings).toArray(new String[0]));
        return cl;
    }

    /** The picocli model of the options, bound to {@code t}'s fields. */
    static CommandLine commandLine(Jstrace t) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(t).name("jstrace")
                .version("jstrace 0.1.0 (ptrace-java)");
        spec.usageMessage().sortOptions(false).description("Trace system calls and signals, like strace(1).");
        spec.addOption(count("follow", "Follow forks, vforks and threads; -ff with -o FILE: one FILE.PID each.",
                n -> {
                    t.follow = n > 0;
                    t.followToFiles |= n > 1;
                }, "-f", "--follow-forks"));
        spec.addOption(flag("followToFiles", "With -o FILE, each process's trace goes to FILE.PID.",
                v -> t.followToFiles = v, "--output-separately"));
        spec.addOption(option(List.class, "PID", "Attach to the process PID (repeatable).", t.pids,
                v -> t.pids = v, "-p", "--attach").auxiliaryTypes(Integer.class).splitRegex("[, ]")
                .converters(new Convert(StraceValues::pid))
                .build());
        spec.addOption(option(String.class, "FILE", "Write the trace to FILE instead of stderr; '|CMD' or '!CMD':"
                + " into the standard input of the shell command CMD.", t.output, v -> t.output = v, "-o",
                "--output").build());
        spec.addOption(option(String.class, "INTERRUPTIBLE", "When SIGHUP, SIGINT, SIGPIPE and SIGTERM end jstrace:"
                + " 1|anywhere, 2|waiting (default), 3|never (default with -o FILE PROG), 4|never_tstp (and ^Z"
                + " does not stop it).", t.interruptible, v -> t.interruptible = v, "-I", "--interruptible")
                .build());
        spec.addOption(flag("append", "Append to the -o FILE instead of truncating it.", v -> t.append = v,
                "-A", "--output-append-mode"));
        spec.addOption(option(List.class, "EXPR", "Qualifier: [QUALIFIER=][!][?]VALUE[,VALUE]... where QUALIFIER"
                + " is trace, signal, status, quiet, abbrev, verbose, raw, read, write, decode-fds, inject,"
                + " fault or kvm (long forms: --trace=SET ...).", t.expressions, v -> t.expressions = v, "-e")
                .auxiliaryTypes(String.class).build());
        spec.addOption(flag("onlySuccessful", "Print only syscalls that succeeded.", v -> t.onlySuccessful = v,
                "-z", "--successful-only"));
        spec.addOption(flag("onlyFailed", "Print only syscalls that failed.", v -> t.onlyFailed = v,
                "-Z", "--failed-only"));
        spec.addOption(option(int.class, "STRSIZE", "Print at most STRSIZE bytes of strings (32).",
                t.stringLimit, v -> t.stringLimit = v, "-s", "--string-limit")
                .converters(new Convert(v -> StraceValues.number("-s", v))).build());
        spec.addOption(count("fdPaths", "Print paths of file descriptors (-yy: all details, refused).", n -> {
            t.fdPaths = n > 0;
            t.fdDetails = n > 1;
        }, "-y", "--decode-fds"));
        spec.addOption(option(boolean[].class, "<time>",
                "Prefix lines with the time; -tt with microseconds; -ttt since the epoch;"
                + " --absolute-timestamps=[[format:]none|time|unix][,[precision:]s|us].", t.time,
                v -> t.time = v, "-t", "--absolute-timestamps", "--timestamps").auxiliaryTypes(boolean.class)
                .arity("0").build());
        spec.addOption(option(Integer.class, "FORMAT", "", (Integer) null, v -> t.absoluteTimestamps = v,
                "--absolute-timestamps:").converters(new Convert(StraceValues::absoluteTimestamps)).hidden(true).build());
        spec.addOption(flag("relative", "Prefix lines with the time since the previous line.",
                v -> t.relative = v, "-r", "--relative-timestamps"));
        spec.addOption(text("PRECISION", v -> {
            t.relativePrecision = v;
            t.relative |= v != null;
        }, "--relative-timestamps:",
                v -> StraceValues.precision("--relative-timestamps", v)));
        spec.addOption(flag("durations", "Show the time spent in each syscall.", v -> t.durations = v,
                "-T", "--syscall-times"));
        spec.addOption(text("PRECISION", v -> {
            t.durationPrecision = v;
            t.durations |= v != null;
        }, "--syscall-times:",
                v -> StraceValues.precision("--syscall-times", v)));
        spec.addOption(flag("summaryOnly", "Count time, calls and errors per syscall; print a summary only.",
                v -> t.summaryOnly = v, "-c", "--summary-only"));
        spec.addOption(flag("summaryToo", "Like -c, but also print the trace.", v -> t.summaryToo = v,
                "-C", "--summary"));
        spec.addOption(flag("summaryWallClock",
                "Summarise the time between entry and exit (default: system CPU time).",
                v -> t.summaryWallClock = v, "-w", "--summary-wall-clock"));
        spec.addOption(option(SyscallSummary.Order.class, "SORTBY", "Sort the summary by time (default),"
                + " min-time, max-time, avg-time, calls, errors, name or nothing.", (SyscallSummary.Order) null,
                v -> t.summarySort = v, "-S", "--summary-sort-by").converters(new Convert(StraceValues::sortBy))
                .build());
        spec.addOption(option(List.class, "COLUMNS", "The summary's columns: time-percent, total-time, min-time,"
                + " max-time, avg-time, calls, errors, name.", (List<SyscallSummary.Column>) null,
                v -> t.summaryColumns = v, "-U", "--summary-columns").auxiliaryTypes(String.class)
                .converters(new Convert(StraceValues::summaryColumns)).build());
        spec.addOption(option(long.class, "OVERHEAD", "Subtract OVERHEAD[s|ms|us|ns] (default us) from each"
                + " summarised call.", 0L, v -> t.summaryOverheadNanos = v, "-O", "--summary-syscall-overhead")
                .converters(new Convert(StraceValues::overhead)).build());
        spec.addOption(option(boolean[].class, "<quiet>", "Suppress attach/detach messages; -qq also exit messages;"
                + " --quiet=SET as -e quiet=SET.", t.quiet, v -> t.quiet = v, "-q", "--quiet")
                .auxiliaryTypes(boolean.class).arity("0").build());
        spec.addOption(option(ConstantStyle.class, "FORMAT", "Constants: raw, abbrev (default) or verbose.",
                t.style, v -> t.style = v, "-X", "--const-print-style").converters(new Convert(StraceValues::constantStyle))
                .build());
        spec.addOption(count("hex", "Strings with non-ASCII bytes in hex; -xx: all strings in hex;"
                + " --strings-in-hex=all|non-ascii|non-ascii-chars|none.", n -> t.hex = n,
                "-x", "--strings-in-hex"));
        spec.addOption(option(StringsInHex.class, "WHICH", "", (StringsInHex) null, v -> t.stringsInHex = v,
                "--strings-in-hex:").converters(new Convert(StraceValues::stringsInHex)).hidden(true).build());
        spec.addOption(flag("noAbbrev", "Print structures unabbreviated.", v -> t.noAbbrev = v,
                "-v", "--no-abbrev"));
        spec.addOption(flag("syscallNumber", "Print the syscall number.", v -> t.syscallNumber = v,
                "-n", "--syscall-number"));
        spec.addOption(flag("stackTraces", "Print the call stack after each syscall and signal.",
                v -> t.stackTraces = v, "-k", "--stack-traces"));
        spec.addOption(flag("instructionPointer", "Print the instruction pointer at each syscall.",
                v -> t.instructionPointer = v, "-i", "--instruction-pointer"));
        spec.addOption(option(int.class, "COLUMN", "Align syscall results at COLUMN (40).", t.column,
                v -> t.column = v, "-a", "--columns").converters(new Convert(v -> StraceValues.number("-a", v))).build());
        spec.addOption(flag("decodePidsComm", "Print command names after pids.", v -> t.decodePidsComm = v,
                "-Y"));
        spec.addOption(option(String.class, "WHAT", "comm (as -Y) or pidns.", (String) null, v -> t.decodePids = v,
                "--decode-pids").build());
        spec.addOption(option(List.class, "VAR[=VAL]", "Set VAR to VAL in the program's environment, or remove"
                + " VAR from it (repeatable).", t.environmentEdits, v -> t.environmentEdits = v, "-E", "--env")
                .auxiliaryTypes(String.class).build());
        spec.addOption(option(String.class, "USER", "Run the program as USER, with its uid, gid and groups (needs"
                + " root).", t.user, v -> t.user = v, "-u", "--user").build());
        spec.addOption(option(String.class, "SYSCALL", "Detach from a process when it calls SYSCALL (execve only).",
                t.detachOn, v -> t.detachOn = v, "-b", "--detach-on").build());
        spec.addOption(option(List.class, "PATH", "Trace only syscalls that touch PATH (repeatable).",
                t.tracePaths, v -> t.tracePaths = v, "-P", "--trace-path").auxiliaryTypes(String.class).build());
        spec.addOption(flag("debug", "Print jstrace's debug messages on stderr.", v -> t.debug = v,
                "-d", "--debug"));
        spec.addOption(count("daemonize", "Run the tracer as a detached grandchild (-DD: in its own process"
                + " group, -DDD: session).", n -> t.daemonize = n, "-D"));
        spec.addOption(option(Integer.class, "HOW", "", (Integer) null, v -> t.daemonizeMode = v,
                "--daemonize:").converters(new Convert(StraceValues::daemonize)).hidden(true).build());
        spec.addOption(flag("seccompBpfRequested", "With -f and -e trace=, stop only at the traced syscalls"
                + " (a seccomp filter; the default, accepted as strace spells it).",
                v -> t.seccompBpfRequested = v, "--seccomp-bpf"));
        spec.addOption(flag("noSeccompBpf", "Stop at every syscall, even with -e trace= (no seccomp filter).",
                v -> t.noSeccompBpf = v, "--no-seccomp-bpf"));
        spec.addOption(option(Integer.class, "CPU", "Run jstrace's tracer thread and the traced processes on this"
                + " one CPU (faster per syscall on most machines; a multi-threaded tracee loses its parallelism).",
                t.pinCpu, v -> t.pinCpu = v, "--pin-cpu").build());
        spec.addOption(flag("json", "Write one JSON object per line instead of strace lines (schema:"
                + " jstrace-events.schema.json).", v -> t.json = v,
                "--json"));
        spec.addOption(option(String.class, "FILE", "Also write the trace to FILE as trace-event JSON for"
                + " ui.perfetto.dev or chrome://tracing: a track per thread, a slice per syscall.",
                t.traceEventFile, v -> t.traceEventFile = v, "--perfetto").build());
        spec.addOption(option(List.class, "OPTION", "", new ArrayList<String>(), v -> t.refused.addAll(v),
                "--refused").auxiliaryTypes(String.class).hidden(true).build());
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
        cl.setOverwrittenOptionsAllowed(true); // strace: the last -s, -o, -X ... wins
        cl.setAllowOptionsAsOptionParameters(true); // -o -f writes to the file "-f"
        return cl;
    }

    private static OptionSpec flag(String field, String description, Consumer<Boolean> set, String... names) {
        return option(boolean.class, "<" + field + ">", description, false, set, names).build();
    }

    /**
     * The value of a long option whose value is optional ({@code --syscall-times=ns}): a hidden name that only
     * the normaliser spells, the flag's description covers it.
     */
    private static OptionSpec text(String label, Consumer<String> set, String name,
                                   Function<String, String> check) {
        return option(String.class, label, "", (String) null, set, name).converters(new Convert(check)).hidden(true)
                .build();
    }

    /**
     * A picocli converter over a function. A class rather than lambdas of {@code ITypeConverter}: the class-data
     * archive cannot hold a lambda of picocli's old-format (Java 5) interfaces, and one such lambda keeps the
     * interface, and with it every picocli converter, out of the archive (about 40 classes loaded at each start).
     */
    private static final class Convert implements CommandLine.ITypeConverter<Object> {
        private final Function<String, ?> convert;

        Convert(Function<String, ?> convert) {
            this.convert = convert;
        }

        @Override
        public Object convert(String value) {
            return convert.apply(value);
        }
    }

    /** A flag that may be repeated ({@code -ff}, {@code -xx}); {@code set} receives the count. */
    private static OptionSpec count(String field, String description, Consumer<Integer> set, String... names) {
        Consumer<boolean[]> counted = v -> set.accept(v.length);
        return option(boolean[].class, "<" + field + ">", description, new boolean[0], counted, names)
                .auxiliaryTypes(boolean.class).arity("0").build();
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
}
