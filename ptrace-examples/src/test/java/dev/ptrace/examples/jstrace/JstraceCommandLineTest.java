package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import dev.ptrace.strace.ConstantStyle;
import dev.ptrace.strace.StringsInHex;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * jstrace's options parse as strace 6.1's getopt_long parses them: clustered and repeated short options, values
 * attached or separate, long options with {@code =} or a separate value and their unambiguous prefixes, options
 * ending at the program; malformed command lines get getopt's and strace's messages.
 */
class JstraceCommandLineTest {

    private static Jstrace parse(String... args) {
        Jstrace j = new Jstrace();
        JstraceOptions.parse(j, args, new ArrayList<>());
        return j;
    }

    /** The message strace prints for a command line it refuses while parsing, without the "strace: ". */
    private static String error(String... args) {
        try {
            parse(args);
        } catch (UsageError e) {
            return e.getMessage();
        } catch (CommandLine.ParameterException e) {
            return e.getCause() instanceof UsageError ? e.getCause().getMessage() : e.getMessage();
        }
        throw new AssertionError("accepted: " + List.of(args));
    }

    @Test
    void helpAndVersion() {
        StringWriter help = new StringWriter();
        CommandLine cl = JstraceOptions.commandLine(new Jstrace());
        cl.usage(new PrintWriter(help));
        assertTrue(help.toString().contains("-s, --string-limit=STRSIZE"), help.toString());
        assertFalse(help.toString().contains("--syscall-times:"), "internal names stay hidden");
        assertArrayEquals(new String[] {"jstrace 0.1.0 (ptrace-java)"}, cl.getCommandSpec().version());
        assertTrue(parse("-h").help);
        assertTrue(parse("--vers").version);
    }

    @Test
    void defaultsWithoutOptions() {
        Jstrace j = parse("ls");
        assertFalse(j.follow || j.onlySuccessful || j.onlyFailed || j.fdPaths || j.relative || j.durations
                || j.summaryOnly || j.summaryToo || j.summaryWallClock || j.seccompBpfRequested || j.noSeccompBpf
                || j.json || j.help || j.version);
        assertEquals(List.of(), j.pids);
        assertEquals(List.of(), j.expressions);
        assertNull(j.output);
        assertNull(j.pinCpu);
        assertEquals(32, j.stringLimit);
        assertEquals(ConstantStyle.ABBREV, j.style);
        assertEquals(0, j.time.length);
        assertEquals(0, j.quiet.length);
        assertEquals(List.of("ls"), j.command);
    }

    @Test
    void clusteredRepeatedAndAttachedForms() {
        Jstrace j = parse("-Xraw", "-fy", "-tt", "-qq", "-s5", "-ofile", "-e", "trace=open", "-esignal=none",
                "-p", "1", "-p2", "--pin-cpu=3", "-zZrTcCw", "--json", "--seccomp-bpf", "--no-seccomp-bpf", "-I3");
        assertEquals("3", j.interruptible);
        assertEquals("never", parse("--interruptible=never", "x").interruptible);
        assertTrue(j.follow && j.fdPaths && j.onlySuccessful && j.onlyFailed && j.relative && j.durations
                && j.summaryOnly && j.summaryToo && j.summaryWallClock && j.json && j.seccompBpfRequested
                && j.noSeccompBpf);
        assertEquals(ConstantStyle.RAW, j.style);
        assertEquals(2, j.time.length);
        assertEquals(2, j.quiet.length);
        assertEquals(5, j.stringLimit);
        assertEquals("file", j.output);
        assertEquals(List.of("trace=open", "signal=none"), j.expressions);
        assertEquals(List.of(1, 2), j.pids);
        assertEquals(3, j.pinCpu);
        assertEquals(3, parse("-ttt", "x").time.length);
        assertTrue(parse("--summary-wall-clock", "x").summaryWallClock);
    }

    @Test
    void everythingAfterTheProgramBelongsToIt() {
        Jstrace j = parse("-f", "ls", "-f", "-o", "x", "--", "-l");
        assertTrue(j.follow);
        assertNull(j.output);
        assertEquals(List.of("ls", "-f", "-o", "x", "--", "-l"), j.command);
        assertEquals(List.of("-x"), parse("--", "-x").command);
    }

    @Test
    void longOptionsAreTheShortOnes() {
        Jstrace j = parse("--follow-forks", "--output=f", "--trace=open", "--string-limit", "7", "--summary-only",
                "--signal=none", "--status=failed", "--abbrev=all", "--const-print-style=verbose", "--attach=3",
                "--successful-only", "--failed-only", "--syscall-times", "--relative-timestamps", "--summary",
                "--summary-wall-clock", "--decode-fds", "--output-append-mode", "--columns=50",
                "--instruction-pointer", "--syscall-number", "--absolute-timestamps=unix,us");
        assertTrue(j.follow && !j.followToFiles && j.summaryOnly && j.onlySuccessful && j.onlyFailed
                && j.durations && j.relative && j.summaryToo && j.summaryWallClock && j.fdPaths && j.append
                && j.instructionPointer && j.syscallNumber);
        assertEquals("f", j.output);
        assertEquals(7, j.stringLimit);
        assertEquals(50, j.column);
        assertEquals(3, j.absoluteTimestamps);
        assertEquals(ConstantStyle.VERBOSE, j.style);
        assertEquals(List.of(3), j.pids);
        assertEquals(List.of("trace=open", "signal=none", "status=failed", "abbrev=all"), j.expressions);
        assertTrue(parse("-ff", "x").followToFiles);
        assertTrue(parse("--output-sep", "x").followToFiles);
        assertEquals(2, parse("--strings-in-hex", "x").hex);
        assertEquals(StringsInHex.NON_ASCII, parse("--strings-in-hex=non-ascii", "x").stringsInHex);
        assertEquals(List.of("quiet=exit", "quiet=attach", "quiet=all"),
                parse("--quiet=exit", "--silent=attach", "--silence", "all", "x").expressions);
        assertEquals(1, parse("--quiet", "x").quiet.length);
        assertTrue(parse("-k", "x").stackTraces);
        assertTrue(parse("--stack-traces", "x").stackTraces);
        assertTrue(parse("--stack", "x").stackTraces);
        Jstrace p = parse("-E", "A=1", "--env=B", "--trace-path=/", "-P", "/tmp", "--user=nobody", "--detach-on",
                "execve", "--debug", "--daemonize=pgroup", "x");
        assertEquals(List.of("A=1", "B"), p.environmentEdits);
        assertEquals(List.of("/", "/tmp"), p.tracePaths);
        assertEquals("nobody", p.user);
        assertEquals("execve", p.detachOn);
        assertTrue(p.debug);
        assertEquals(2, p.daemonizeMode);
        assertEquals(3, parse("-DDD", "x").daemonize);
        assertEquals(1, parse("--daemonize", "x").daemonizeMode);
    }

    @Test
    void getoptMessages() {
        assertEquals("invalid option -- 'j'", error("-j", "x"));
        assertEquals("unrecognized option '--foo'", error("--foo", "x"));
        assertEquals("option requires an argument -- 's'", error("-s"));
        assertEquals("option '--string-limit' requires an argument", error("--string-limit"));
        assertEquals("option '--follow-forks' doesn't allow an argument", error("--follow-forks=1", "x"));
        assertEquals("option '--summ' is ambiguous; possibilities: '--summary-only' '--summary'"
                + " '--summary-syscall-overhead' '--summary-sort-by' '--summary-columns' '--summary-wall-clock'",
                error("--summ", "x"));
        assertEquals(List.of("x"), parse("--sil=all", "x").command); // --silent and --silence: one option
    }

    @Test
    void straceValueMessages() {
        assertEquals("invalid -s argument: '=8'", error("-s=8", "x"));
        assertEquals("invalid -s argument: '-1'", error("-s", "-1", "x"));
        assertEquals("invalid --string-limit argument: 'x'", error("--string-limit", "x"));
        assertEquals("invalid --const-print-style argument: 'RAW'", error("--const-print-style=RAW", "x"));
        assertEquals("invalid -X argument: 'VERBOSE'", error("-X", "VERBOSE", "x"));
        assertEquals("invalid -a argument: 'x'", error("-a", "x", "x"));
        assertEquals("Invalid process id: '0'", error("-p", "0"));
        assertEquals("invalid --syscall-times argument: 'xs'", error("--syscall-times=xs", "x"));
        assertEquals("invalid --strings-in-hex argument: 'foo'", error("--strings-in-hex=foo", "x"));
        assertEquals("invalid --absolute-timestamps argument: 'foo'", error("--absolute-timestamps=foo", "x"));
        assertEquals(8, parse("-s", "+8", "x").stringLimit);
        assertEquals(List.of(1, 2), parse("-p", "1,2").pids);
        assertEquals("-f", parse("-o", "-f", "x").output);
        assertEquals(2, parse("-s", "1", "-s", "2", "x").stringLimit);
    }

    @Test
    void deprecatedFollowWarns() {
        List<String> warnings = new ArrayList<>();
        Jstrace j = new Jstrace();
        JstraceOptions.parse(j, new String[] {"-F", "x"}, warnings);
        assertTrue(j.follow);
        assertEquals(List.of("option -F is deprecated, please use -f/--follow-forks instead"), warnings);
    }
}
