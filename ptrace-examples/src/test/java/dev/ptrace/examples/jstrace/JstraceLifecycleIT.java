package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./jstrace} when its output cannot be written and when it is sent a fatal signal, next to strace
 * 6.1 doing the same: failed writes reported while the program runs to its end; a closed pipe on stderr ends it by
 * SIGPIPE; {@code -o} in a missing directory; {@code -o '|cmd'}; SIGTERM acted on at once while the program spins,
 * reads or sleeps (the program gets SIGCONT and the signal); {@code -I 1} and {@code -I 3}; {@code -p} detaching.
 */
@Tag("native")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JstraceLifecycleIT {
    private static final Path LAUNCHER = Path.of("..", "jstrace").toAbsolutePath().normalize();
    private static final boolean HAVE_STRACE = new File("/usr/bin/strace").canExecute();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void ptraceAllowed() {
        IntegrationSupport.requirePtrace();
    }

    @AfterEach
    void noLeftovers() throws Exception {
        Leftovers.endAndCheck(started);
    }

    /**
     * Writes each signal it receives to the file {@code argv[1]} ("18 15 "); exits 100 + the signal for any but
     * SIGCONT; leaves a signal that was ignored when it started ignored. {@code argv[2]}: {@code spin} loops without syscalls, {@code read} blocks reading stdin,
     * {@code sleep} in one 60 s nanosleep. Writes "ready" to that file first.
     */
    private static Path recorder() {
        return TestPrograms.build("signal_recorder", """
                #include <fcntl.h>
                #include <signal.h>
                #include <stdio.h>
                #include <string.h>
                #include <time.h>
                #include <unistd.h>
                static const char *path;
                static void note(const char *s) {
                    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
                    write(fd, s, strlen(s));
                    close(fd);
                }
                static void on(int sig) {
                    char b[16];
                    snprintf(b, sizeof b, "%d ", sig);
                    note(b);
                    if (sig != SIGCONT) _exit(100 + sig);
                }
                int main(int argc, char **argv) {
                    path = argv[1];
                    int sigs[] = {SIGHUP, SIGINT, SIGTERM, SIGCONT, SIGUSR1, SIGPIPE};
                    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
                        struct sigaction old;
                        sigaction(sigs[i], NULL, &old);
                        if (old.sa_handler != SIG_IGN) signal(sigs[i], on); /* an ignored one stays so */
                    }
                    note("ready ");
                    if (!strcmp(argv[2], "spin")) { volatile unsigned long n = 0; for (;;) n++; }
                    if (!strcmp(argv[2], "read")) { char c; for (;;) read(0, &c, 1); }
                    struct timespec ts = {60, 0};
                    nanosleep(&ts, NULL);
                    return 0;
                }
                """);
    }

    private Process start(List<String> cmd, Path stderr) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectOutput(new File("/dev/null")).redirectError(stderr.toFile())
                .start();
        started.add(p);
        return p;
    }

    /** {@code ./jstrace ARGS} or {@code strace ARGS}. */
    private static List<String> tracer(boolean strace, String... args) {
        List<String> cmd = new ArrayList<>(List.of(strace ? "strace" : LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int exitOf(Process p) throws InterruptedException {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the tracer ended");
        return p.exitValue();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The traced program: the tracer's child named {@code signal_recorder}, once it has started. */
    private static ProcessHandle program(Process tracer, Path record) throws InterruptedException {
        waitUntil(() -> read(record).startsWith("ready"), "the program to start under trace");
        Optional<ProcessHandle> child = tracer.children().filter(c -> c.info().command().orElse("")
                .endsWith("signal_recorder")).findFirst();
        assertTrue(child.isPresent(), "the program is the tracer's child");
        return child.get();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Output that cannot be written

    @Test
    void aFullDeviceIsReportedAndTheProgramRunsToItsEndWithItsStatus() throws Exception {
        String script = "i=0; while [ $i -lt 200 ]; do i=$((i+1)); /bin/true; done; exit 5";
        for (boolean strace : HAVE_STRACE ? List.of(true, false) : List.of(false)) {
            Path err = dir.resolve("full-" + strace + ".err");
            Process p = start(tracer(strace, "-o", "/dev/full", "sh", "-c", script), err);
            assertEquals(5, exitOf(p), "the program's own status, " + (strace ? "strace" : "jstrace"));
            String tool = strace ? "strace" : "jstrace";
            assertTrue(read(err).startsWith(tool + ": /dev/full: No space left on device\n"), read(err));
        }
    }

    @Test
    void aClosedPipeOnStderrEndsTheTracerBySigpipeAndKillsTheProgram() throws Exception {
        for (boolean strace : HAVE_STRACE ? List.of(true, false) : List.of(false)) {
            Path done = dir.resolve("loop-" + strace);
            String loop = "i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo $i >/dev/null; done; echo done >" + done;
            String tool = strace ? "strace" : LAUNCHER.toString();
            Path err = dir.resolve("pipe-" + strace + ".err");
            Process p = start(List.of("bash", "-c", tool + " sh -c '" + loop + "' 2>&1 | head -1;"
                    + " echo \"status=${PIPESTATUS[0]}\" >&2"), err);
            assertEquals(0, exitOf(p));
            assertTrue(read(err).contains("status=141"), (strace ? "strace" : "jstrace") + " dies of SIGPIPE: "
                    + read(err));
            Thread.sleep(500); // what a program left running would do meanwhile
            assertFalse(Files.exists(done), "the program was killed, not left to run to its end");
        }
    }

    @Test
    void anOutputFileInAMissingDirectoryIsRefusedAsStraceRefusesIt() throws Exception {
        Path jErr = dir.resolve("missing-j.err");
        assertEquals(1, exitOf(start(tracer(false, "-o", "/nonexistent/dir/x", "true"), jErr)));
        assertEquals("jstrace: Can't fopen '/nonexistent/dir/x': No such file or directory\n", read(jErr));
        if (HAVE_STRACE) {
            Path sErr = dir.resolve("missing-s.err");
            assertEquals(1, exitOf(start(tracer(true, "-o", "/nonexistent/dir/x", "true"), sErr)));
            assertEquals(read(sErr).replace("strace", "jstrace"), read(jErr));
        }
    }

    @Test
    void dashOPipeSendsTheTraceIntoAShellCommandAndWaitsForIt() throws Exception {
        for (boolean strace : HAVE_STRACE ? List.of(true, false) : List.of(false)) {
            Path file = dir.resolve("piped-" + strace + ".txt");
            Process p = start(tracer(strace, "-o", "|sleep 0.3; cat >" + file, "sh", "-c", "exit 4"),
                    dir.resolve("piped-" + strace + ".err"));
            assertEquals(4, exitOf(p));
            String trace = read(file);
            assertTrue(trace.contains("exit_group(4)") && trace.endsWith("+++ exited with 4 +++\n"),
                    "the whole trace, written before the tracer returned: " + trace);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fatal signals

    /** The tracer obeys SIGTERM at once: the program gets SIGCONT then SIGTERM, the tracer ends by SIGTERM. */
    private void sigtermForwarded(String mode) throws Exception {
        for (boolean strace : HAVE_STRACE ? List.of(true, false) : List.of(false)) {
            Path record = dir.resolve(mode + "-" + strace + ".rec");
            Process p = start(tracer(strace, recorder().toString(), record.toString(), mode),
                    dir.resolve(mode + "-" + strace + ".err"));
            ProcessHandle program = program(p, record);
            Thread.sleep(300); // into its loop, read or sleep
            IntegrationSupport.signal(p.pid(), "TERM");
            assertEquals(128 + 15, exitOf(p), (strace ? "strace" : "jstrace") + " ends by SIGTERM");
            waitUntil(() -> !program.isAlive(), "the program to end from the forwarded SIGTERM");
            assertEquals("ready 18 15 ", read(record), (strace ? "strace" : "jstrace") + ": SIGCONT, then SIGTERM");
        }
    }

    @Test
    void sigtermIsObeyedAtOnceWhileTheProgramSpinsWithoutSyscalls() throws Exception {
        sigtermForwarded("spin");
    }

    @Test
    void sigtermIsObeyedAtOnceWhileTheProgramIsBlockedInRead() throws Exception {
        sigtermForwarded("read");
    }

    @Test
    void sigtermIsObeyedAtOnceWhileTheProgramSleeps() throws Exception {
        sigtermForwarded("sleep");
    }

    /**
     * Ctrl-C: SIGINT to the whole process group (the tracer in a session of its own, with SIGINT's default action,
     * for a background job of a non-interactive shell starts with SIGINT ignored).
     */
    @Test
    void ctrlCEndsTracerAndProgramAsUnderStrace() throws Exception {
        for (boolean strace : HAVE_STRACE ? List.of(true, false) : List.of(false)) {
            Path record = dir.resolve("ctrl-c-" + strace + ".rec");
            List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT", "setsid"));
            cmd.addAll(tracer(strace, recorder().toString(), record.toString(), "read"));
            Process p = start(cmd, dir.resolve("ctrl-c.err"));
            ProcessHandle program = program(p, record);
            Process kill = new ProcessBuilder("kill", "-s", "INT", "--", "-" + p.pid()).start();
            assertEquals(0, exitOf(kill), "kill the process group");
            assertEquals(128 + 2, exitOf(p), (strace ? "strace" : "jstrace") + " ends by SIGINT");
            waitUntil(() -> !program.isAlive(), "the program to end");
            // The group's own SIGINT reaches the program as the tracer's SIGCONT and SIGINT do; which of the two
            // handlers runs first depends on when the tracer takes its SIGINT, a race the test cannot pin down.
            String got = read(record);
            assertTrue(got.equals("ready 18 2 ") || got.equals("ready 2 18 "),
                    "the program gets the tracer's SIGCONT and SIGINT: " + got);
        }
    }

    /**
     * A fatal signal ignored when jstrace starts stays ignored (strace 6.1 at its default {@code -I 2} obeys an
     * inherited-ignored SIGTERM all the same; the JVM keeps it ignored, and so does jstrace).
     */
    @Test
    void aSignalIgnoredAtStartStaysIgnored() throws Exception {
        Path record = dir.resolve("ign.rec");
        List<String> cmd = new ArrayList<>(List.of("env", "--ignore-signal=TERM"));
        cmd.addAll(tracer(false, recorder().toString(), record.toString(), "sleep"));
        Process p = start(cmd, dir.resolve("ign.err"));
        ProcessHandle program = program(p, record);
        IntegrationSupport.signal(p.pid(), "TERM");
        Thread.sleep(1000); // time for a tracer that obeyed it to end
        assertTrue(p.isAlive(), "SIGTERM ignored by jstrace");
        IntegrationSupport.signal(program.pid(), "USR1");
        assertEquals(110, exitOf(p), "the program's own status (it ended on SIGUSR1)");
        assertEquals("ready 10 ", read(record));
    }

    /** {@code -I 3}, and the default with {@code -o FILE PROG}: SIGTERM and SIGHUP do nothing to the tracer. */
    private void signalsIgnored(String... options) throws Exception {
        for (boolean strace : HAVE_STRACE ? List.of(true, false) : List.of(false)) {
            Path record = dir.resolve("ignored-" + strace + ".rec");
            List<String> args = new ArrayList<>(List.of(options));
            args.addAll(List.of("-o", dir.resolve("ignored-" + strace + ".txt").toString(), recorder().toString(),
                    record.toString(), "sleep"));
            Process p = start(tracer(strace, args.toArray(new String[0])), dir.resolve("ignored.err"));
            ProcessHandle program = program(p, record);
            IntegrationSupport.signal(p.pid(), "TERM");
            IntegrationSupport.signal(p.pid(), "HUP");
            Thread.sleep(1000); // time for a tracer that obeyed them to end
            assertTrue(p.isAlive(), "the tracer goes on");
            IntegrationSupport.signal(program.pid(), "USR1");
            assertEquals(110, exitOf(p), "the program's own status (it ended on SIGUSR1)");
            assertEquals("ready 10 ", read(record));
            Files.delete(record);
        }
    }

    @Test
    void dashI3IgnoresFatalSignals() throws Exception {
        signalsIgnored("-I", "3");
    }

    @Test
    void fatalSignalsAreIgnoredByDefaultWithDashOFileAndAProgram() throws Exception {
        signalsIgnored();
    }

    @Test
    void dashI1EndsTheTracerAtOnceAndLeavesTheProgramRunningUntraced() throws Exception {
        for (boolean strace : HAVE_STRACE ? List.of(true, false) : List.of(false)) {
            Path record = dir.resolve("anywhere-" + strace + ".rec");
            Process p = start(tracer(strace, "-I", "1", recorder().toString(), record.toString(), "spin"),
                    dir.resolve("anywhere.err"));
            ProcessHandle program = program(p, record);
            try {
                IntegrationSupport.signal(p.pid(), "TERM");
                assertEquals(128 + 15, exitOf(p), (strace ? "strace" : "jstrace") + " ends by SIGTERM");
                waitUntil(() -> ProcessLeaks.tracerPid(program.pid()) == 0, "the program to be untraced");
                waitUntil(() -> ProcessLeaks.state(program.pid()) == 'R', "the program to run on");
                assertEquals("ready ", read(record), "the program gets no signal");
            } finally {
                program.destroyForcibly();
            }
        }
    }

    @Test
    void sigtermDetachesAnAttachedProcessWhichKeepsRunningNotStopped() throws Exception {
        Path record = dir.resolve("attached.rec");
        Process target = new ProcessBuilder(recorder().toString(), record.toString(), "read").start();
        started.add(target);
        waitUntil(() -> read(record).startsWith("ready"), "the program to start");
        Path err = dir.resolve("attached.err");
        Process p = start(tracer(false, "-p", Long.toString(target.pid())), err);
        waitUntil(() -> ProcessLeaks.tracerPid(target.pid()) > 0, "jstrace to attach");
        IntegrationSupport.signal(p.pid(), "TERM");
        assertEquals(128 + 15, exitOf(p));
        assertTrue(read(err).endsWith("jstrace: Process " + target.pid() + " detached\n <detached ...>\n"),
                read(err));
        assertEquals(0, ProcessLeaks.tracerPid(target.pid()), "not traced");
        assertEquals('S', ProcessLeaks.state(target.pid()), "still blocked in read, not stopped");
        assertEquals("ready ", read(record), "an attached process gets no signal");
        target.getOutputStream().close();
        target.destroy();
        assertEquals(115, exitOf(target), "it handles SIGTERM itself, so it ran on untraced");
    }
}
