package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.core.it.ProcessLeaks;
import dev.ptrace.core.it.TestPrograms;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lines that end a process ({@code +++ exited/killed/superseded +++}) under {@code -q}, {@code -qq},
 * {@code -qqq} and {@code -e signal=}, and the {@code --- stopped by SIGSTOP ---} line of a process attached while
 * stopped: jstrace's terminal output against strace's on the same case.
 */
@Tag("native")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JstraceProcessEndIT {
    private static final String KILL_ITSELF = "kill -TERM $$";

    @TempDir
    Path dir;

    private final List<IntegrationSupport.Grandchild> others = new ArrayList<>();
    private final List<Process> tracers = new ArrayList<>();
    private int runs;

    @BeforeAll
    static void straceAndPtrace() {
        IntegrationSupport.requirePtrace();
        assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is the reference here");
    }

    @AfterEach
    void noLeftovers() throws Exception {
        for (Process p : tracers) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (IntegrationSupport.Grandchild g : others) {
            g.close();
        }
        assertEquals(List.of(), ProcessLeaks.find(), "processes left stopped, traced or as zombies");
    }

    /** Starts strace or jstrace with {@code args}, its stderr (where the trace goes) into a new file. */
    private Path start(boolean strace, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (strace) {
            cmd.add("strace");
        } else {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    Jstrace.class.getName()));
        }
        cmd.addAll(args);
        Path err = dir.resolve((strace ? "strace-" : "jstrace-") + runs++ + ".err");
        tracers.add(new ProcessBuilder(cmd).redirectOutput(new File("/dev/null")).redirectError(err.toFile())
                .start());
        return err;
    }

    private Process last() {
        return tracers.get(tracers.size() - 1);
    }

    /** The tracer's lines with numbers of two digits or more (pids, counts) and addresses masked. */
    private static List<String> masked(Path err) throws IOException {
        return Files.readAllLines(err, StandardCharsets.ISO_8859_1).stream()
                .map(l -> l.replaceFirst("^jstrace: ", "strace: ").replaceAll("0x[0-9a-f]+", "0xA")
                        .replaceAll("[0-9]{2,}", "N").replaceAll(" +", " "))
                .toList();
    }

    /** Runs the tracer to its end and returns its masked lines. */
    private List<String> run(boolean strace, String... args) throws Exception {
        Path err = start(strace, List.of(args));
        assertTrue(last().waitFor(40, TimeUnit.SECONDS), "the tracer ended");
        return masked(err);
    }

    private void sameAsStrace(String... args) throws Exception {
        List<String> expected = run(true, args);
        assertEquals(expected, run(false, args), String.join(" ", args));
    }

    @Test
    void quietModesLeaveOutOnlyExitedLinesNotKilledOnes() throws Exception {
        for (String q : List.of("-q", "-qq", "-qqq")) {
            assertTrue(run(true, q, "-e", "trace=kill", "sh", "-c", KILL_ITSELF).contains("+++ killed by SIGTERM +++"),
                    "strace keeps the line under " + q);
            sameAsStrace(q, "-e", "trace=kill", "sh", "-c", KILL_ITSELF);
        }
        assertTrue(!run(true, "-qq", "-e", "trace=none", "/bin/true").contains("+++ exited with 0 +++"));
        sameAsStrace("-qq", "-e", "trace=none", "/bin/true");
    }

    @Test
    void aSignalLeftOutByDashESignalPrintsNoKilledLine() throws Exception {
        for (String set : List.of("signal=none", "signal=!SIGTERM", "signal=SIGTERM", "signal=SIGHUP,SIGINT")) {
            sameAsStrace("-e", "trace=kill", "-e", set, "sh", "-c", KILL_ITSELF);
        }
        sameAsStrace("-qq", "-e", "signal=none", "-e", "trace=kill", "sh", "-c", KILL_ITSELF);
    }

    @Test
    void supersededLinesStayUnderQqAndGoUnderQqq() throws Exception {
        String prog = TestPrograms.execFromThread().toString();
        for (String q : List.of("-q", "-qq", "-qqq")) {
            sameAsStrace("-f", q, "-e", "trace=execve,exit_group", prog);
        }
        assertTrue(run(true, "-f", "-qq", "-e", "trace=execve,exit_group", prog).stream()
                .anyMatch(l -> l.startsWith("+++ superseded by execve in pid")), "strace -qq keeps it");
    }

    private IntegrationSupport.Grandchild sleeper() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild("exec sleep 30");
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "sleep to sleep");
        return g;
    }

    private IntegrationSupport.Grandchild stoppedSleeper() throws Exception {
        IntegrationSupport.Grandchild g = sleeper();
        IntegrationSupport.signal(g.pid(), "STOP");
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'T', "sleep to stop");
        return g;
    }

    /** Attaches the tracer, waits for {@code line} in its output, ends it with SIGINT; its masked lines. */
    private List<String> attachUntil(boolean strace, String line, String... args) throws Exception {
        Path err = start(strace, List.of(args));
        Process p = last();
        waitUntil(() -> contents(err).contains(line), line + " from " + (strace ? "strace" : "jstrace"));
        IntegrationSupport.signal(p.pid(), "INT");
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "the tracer ended");
        return masked(err);
    }

    @Test
    void attachingToAStoppedProcessShowsTheStopAndLeavesItStopped() throws Exception {
        IntegrationSupport.Grandchild g = stoppedSleeper();
        String pid = Long.toString(g.pid());
        List<String> expected = attachUntil(true, "--- stopped by SIGSTOP ---", "-p", pid);
        assertEquals(expected, attachUntil(false, "--- stopped by SIGSTOP ---", "-p", pid));
        assertEquals('T', ProcessLeaks.state(g.pid()), "still stopped");
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
    }

    @Test
    void dashESignalAlsoFiltersTheStopLineOfAnAttachedProcess() throws Exception {
        List<List<String>> both = new ArrayList<>();
        for (boolean strace : new boolean[] {true, false}) {
            both.add(attachStoppedThenContinue(strace));
        }
        assertTrue(both.get(0).stream().noneMatch(l -> l.contains("stopped by")), both.get(0).toString());
        assertEquals(both.get(0), both.get(1));
    }

    /**
     * {@code -e signal=!SIGSTOP -p STOPPED}, then SIGCONT to it: its stop line (left out) comes before the SIGCONT
     * line (shown), which says when to end the tracer.
     */
    private List<String> attachStoppedThenContinue(boolean strace) throws Exception {
        IntegrationSupport.Grandchild g = stoppedSleeper();
        Path err = start(strace, List.of("-e", "trace=none", "-e", "signal=!SIGSTOP", "-p", Long.toString(g.pid())));
        waitUntil(() -> contents(err).contains("Process " + g.pid() + " attached"), "the attach");
        IntegrationSupport.signal(g.pid(), "CONT");
        waitUntil(() -> contents(err).contains("--- SIGCONT "), "the SIGCONT line");
        IntegrationSupport.signal(last().pid(), "INT");
        assertTrue(last().waitFor(40, TimeUnit.SECONDS), "the tracer ended");
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        return masked(err);
    }

    private static String contents(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
