package dev.ptrace.examples.jstrace;

import java.util.List;
import java.util.Map;

/**
 * The checks strace makes on a parsed command line, with strace's messages: the combinations it refuses
 * ({@link UsageError}) and the ones it only warns about; then the options jstrace refuses, each with its reason.
 */
final class OptionChecks {

    /** Why each option jstrace does not implement is refused (the key is the option as {@link JstraceOptions}
     * records it). */
    static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("--tips", "--tips is not supported: jstrace has no tips to show"),
            Map.entry("--secontext", "--secontext is not supported: SELinux contexts are not printed"));

    private OptionChecks() {
    }

    /**
     * Checks {@code t}'s options.
     *
     * @param t the parsed options
     * @param warnings receives strace's warnings (printed after {@code jstrace: }; the trace goes on)
     * @throws UsageError for a command line strace refuses or an option jstrace refuses
     */
    static void check(Jstrace t, List<String> warnings) {
        boolean summary = t.summaryOnly || t.summaryToo;
        if (t.summaryOnly && t.summaryToo) {
            throw new UsageError("-c/--summary-only and -C/--summary are mutually exclusive", true);
        }
        if (t.command.isEmpty() && t.pids.isEmpty()) {
            throw new UsageError("must have PROG [ARGS] or -p PID", true);
        }
        if (t.daemonize > 0 && t.daemonizeMode != null) {
            throw new UsageError("-D and --daemonize cannot be provided simultaneously", false);
        }
        if ((t.daemonize > 0 || t.daemonizeMode != null) && t.command.isEmpty()) {
            throw new UsageError("PROG [ARGS] must be specified with -D/--daemonize", true);
        }
        if (t.daemonize > 3) {
            throw new UsageError("Too many -D's (" + t.daemonize + "), maximum supported -D count is 3", true);
        }
        if (t.followToFiles && t.output != null && (t.output.startsWith("|") || t.output.startsWith("!"))) {
            throw new UsageError("piping the output and -ff/--output-separately are mutually exclusive", true);
        }
        if (t.followToFiles && summary) {
            throw new UsageError("(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually"
                    + " exclusive", true);
        }
        if (t.summaryWallClock && !summary) {
            throw new UsageError("-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)",
                    true);
        }
        if (t.summaryColumns != null && !summary) {
            throw new UsageError("-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)",
                    true);
        }
        if (t.quiet.length > 0 && t.expressions.stream().anyMatch(e -> qualifier(e, "quiet"))) {
            throw new UsageError("-q and -e quiet/--quiet cannot be provided simultaneously", false);
        }
        if (t.time.length > 0 && t.absoluteTimestamps != null) {
            throw new UsageError("-t and --absolute-timestamps cannot be provided simultaneously", false);
        }
        if (t.hex > 0 && t.stringsInHex != null) {
            throw new UsageError("-x and --strings-in-hex cannot be provided simultaneously", false);
        }
        if (t.fdPaths && t.expressions.stream().anyMatch(e -> qualifier(e, "decode-fds"))) {
            throw new UsageError("-y and --decode-fds cannot be provided simultaneously", false);
        }
        if (t.stackTraces && t.json) {
            throw new UsageError("-k and --json do not combine: the JSON events carry no stack frames", true);
        }
        if (t.json && (t.summaryOnly || t.summaryToo)) {
            throw new UsageError("-c/-C (the summary) and --json do not combine: the summary is not JSON", true);
        }
        if (t.followToFiles && t.json) {
            throw new UsageError("-ff and --json do not combine: the JSON stream names each event's pid", true);
        }
        for (String r : t.refused) {
            throw new UsageError(REASONS.get(r), false);
        }
        if (t.daemonize > 0 || t.daemonizeMode != null) {
            throw new UsageError("-D/--daemonize is not supported: the tracer is a JVM, which cannot fork, and the"
                    + " launcher does not yet hand the program its own pid", false);
        }
        refuseUnimplemented(t);
        if (t.append && t.output == null) {
            warnings.add("-A/--output-append-mode has no effect without -o/--output");
        }
        if (t.followToFiles && !t.follow && t.output == null) {
            warnings.add("--output-separately has no effect without -o/--output");
        }
        if (t.seccompBpfRequested && !t.follow) {
            warnings.add("--seccomp-bpf cannot be used without -f/--follow-forks, disabling");
        }
        if (t.summarySort != null && !summary) {
            warnings.add("-S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)");
        }
        if (t.summaryOnly) {
            warnIgnoredWithSummary(t, warnings);
        }
    }

    /** Options that strace has and jstrace parses but cannot honour yet. */
    private static void refuseUnimplemented(Jstrace t) {
        if (t.fdDetails) {
            throw new UsageError("-yy/--decode-fds=all is not supported: only paths (-y) are decoded", false);
        }
        if (t.decodePidsComm || t.decodePids != null) {
            throw new UsageError("-Y/--decode-pids is not supported: pids are printed as numbers only", false);
        }
        if (t.noAbbrev) {
            throw new UsageError("-v/--no-abbrev is not supported: structures and arrays are abbreviated", false);
        }
        if (t.relativePrecision != null && !t.relativePrecision.equals("us")) {
            throw new UsageError("--relative-timestamps=" + t.relativePrecision + " is not supported: only"
                    + " microseconds (-r)", false);
        }
        if (t.durationPrecision != null && !t.durationPrecision.equals("us")) {
            throw new UsageError("--syscall-times=" + t.durationPrecision + " is not supported: only"
                    + " microseconds (-T)", false);
        }
    }

    private static void warnIgnoredWithSummary(Jstrace t, List<String> warnings) {
        if (t.instructionPointer) {
            warnings.add("-i/--instruction-pointer has no effect with -c/--summary-only");
        }
        if (t.stackTraces) {
            warnings.add("-k/--stack-traces has no effect with -c/--summary-only");
        }
        if (t.syscallNumber) {
            warnings.add("-n/--syscall-number has no effect with -c/--summary-only");
        }
        if (t.relative) {
            warnings.add("-r/--relative-timestamps has no effect with -c/--summary-only");
        }
        if (t.time.length > 0 || t.absoluteTimestamps != null) {
            warnings.add("-t/--absolute-timestamps has no effect with -c/--summary-only");
        }
        if (t.durations || t.durationPrecision != null) {
            warnings.add("-T/--syscall-times has no effect with -c/--summary-only");
        }
        if (t.fdPaths) {
            warnings.add("-y/--decode-fds has no effect with -c/--summary-only");
        }
    }

    private static boolean qualifier(String expression, String name) {
        return dev.ptrace.strace.QualifierParser.qualifier(expression).name().equals(name);
    }
}
