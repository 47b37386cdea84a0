package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.core.it.TestPrograms;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -k}: the same programs under strace 6.1 and jstrace, the frame lines ({@code  > FILE(SYMBOL+0xOFF)
 * [0xOFF]}) compared one for one, so every frame agrees on file, symbol and offset. Small C programs built here at
 * -O0 and -O2 with a few call depths, a signal handler and code in an anonymous mapping; /bin/true and ls; a
 * forking shell (execve and exit_group, whose stacks strace takes at their entry); a group-stop.
 */
class JstraceStackTracesIT {

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsStrace() {
        IntegrationSupport.requirePtrace();
        assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
    }

    @ParameterizedTest
    @CsvSource({"-O0, 0", "-O0, 1", "-O0, 3", "-O2, 0", "-O2, 3"})
    void callDepthsAndASignalHandler(String optimisation, String depth) throws Exception {
        Path program = TestPrograms.build("calldepth" + optimisation, TestPrograms.CALL_DEPTH, optimisation);
        List<String> j = compare("-k -e trace=getpid,getppid", program.toString(), depth);
        assertTrue(j.stream().anyMatch(l -> l.contains("(leaf")), "frames of the program: " + j);
        assertTrue(j.stream().anyMatch(l -> l.startsWith("--- SIGUSR1")), j.toString());
    }

    @Test
    void aFrameInAnonymousCode() throws Exception {
        Path program = TestPrograms.build("calldepth-O0", TestPrograms.CALL_DEPTH, "-O0");
        List<String> j = compare("-k -e trace=getuid", program.toString(), "0", "anonymous");
        assertTrue(j.stream().anyMatch(l -> l.startsWith(" > unexpected_backtracing_error [0x")), j.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-k", "--stack-traces -e trace=exit_group", "-k -e trace=openat,close,write"})
    void trueAndLs(String options) throws Exception {
        compare(options, "/bin/true");
        compare(options, "ls", "-l", "/usr/bin/true", "/");
    }

    @Test
    void childrenExecAndExitWithTheirStacksTakenAtEntry() throws Exception {
        List<String> j = compare("-f -k -e trace=execve,exit_group", "sh", "-c", "/bin/true; exit 0");
        assertTrue(j.stream().anyMatch(l -> l.matches(" > .*\\(\\+0x0\\) \\[0x[0-9a-f]+\\]")),
                "a frame without a symbol taken at entry prints as FILE(+0x0): " + j);
        // the command's own exec shows the new program at its exit; a later exec in the same process, the old one
        compare("-k -e trace=execve", "sh", "-c", "exec /bin/true");
    }

    @Test
    void aGroupStopShowsTheStoppedStack() throws Exception {
        Path program = TestPrograms.build("groupstop", String.join("\n",
                "#include <signal.h>",
                "#include <unistd.h>",
                "int main(void) {",
                // the SIGCONT must come after the group-stop: a second leaves room for a loaded machine
                "    if (fork() == 0) { sleep(1); kill(getppid(), SIGCONT); _exit(0); }",
                "    raise(SIGSTOP);",
                "    return 0;",
                "}", ""));
        List<String> j = compare("-k -e trace=tgkill", program.toString());
        int stopped = j.indexOf("--- stopped by SIGSTOP ---");
        assertTrue(stopped > 0 && j.get(stopped + 1).startsWith(" > "), j.toString());
    }

    @Test
    void summaryOnlyWarnsAsStraceDoes() throws Exception {
        List<String> args = List.of("-c", "-k", "-o", "/dev/null", "/bin/true");
        StraceRun.Result s = StraceRun.run(StraceRun.strace(args));
        StraceRun.Result j = StraceRun.run(StraceRun.jstrace(args));
        assertEquals(s.stderr().replace("strace:", "jstrace:"), j.stderr());
        assertEquals(s.status(), j.status());
    }

    /**
     * Runs both tracers with {@code -o}, checks that they print as many lines and the same frame lines, in order, and
     * returns jstrace's lines.
     */
    private static List<String> compare(String options, String... command) throws Exception {
        Path s = Files.createTempFile(dir, "strace", ".out");
        Path j = Files.createTempFile(dir, "jstrace", ".out");
        StraceRun.Result sr = StraceRun.run(StraceRun.strace(args(options, s, command)));
        StraceRun.Result jr = StraceRun.run(StraceRun.jstrace(args(options, j, command)));
        assertEquals(sr.status(), jr.status(), "exit status; jstrace said: " + jr.stderr());
        List<String> sLines = Files.readAllLines(s);
        List<String> jLines = Files.readAllLines(j);
        assertEquals(frames(sLines), frames(jLines), options + " " + String.join(" ", command));
        assertEquals(sLines.size(), jLines.size(), "lines of " + options + " " + String.join(" ", command));
        assertTrue(frames(jLines).size() > 0, "frames were printed: " + jLines);
        return jLines;
    }

    private static List<String> args(String options, Path out, String... command) {
        List<String> a = new ArrayList<>(List.of(options.split(" ")));
        a.addAll(List.of("-o", out.toString()));
        a.addAll(List.of(command));
        return a;
    }

    /** The frame lines, with the address of a frame in no file (random under ASLR) left out. */
    private static List<String> frames(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith(" > "))
                .map(l -> l.replaceFirst("^ > unexpected_backtracing_error \\[0x[0-9a-f]+\\]$",
                        " > unexpected_backtracing_error [ADDRESS]"))
                .toList();
    }
}
