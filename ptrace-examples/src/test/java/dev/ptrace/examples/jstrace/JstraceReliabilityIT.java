package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ptrace.core.it.FaultPrograms;
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
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jstrace under faults and hostile tracees: exit status passthrough, death by a signal, threads that exec or block
 * during exit_group, interrupted syscalls, {@code -p} detaching on SIGINT/SIGTERM or surviving a SIGKILLed
 * jstrace, refused attaches, bad pointers and forged output, the process-end lines under -q/-qq/-qqq and -e signal=.
 * Where strace is installed, the same run under strace is the reference.
 */
@Tag("native")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JstraceReliabilityIT {
    private static final boolean HAVE_STRACE = new File("/usr/bin/strace").canExecute();
    private static final Pattern LINE = Pattern.compile(
            "^([a-z_0-9]+\\(.*\\) += .*|[a-z_0-9]+\\(.* <unfinished \\.\\.\\.>|<\\.\\.\\. [a-z_0-9]+ resumed>.*"
                    + "|--- .* ---|\\+\\+\\+ .* \\+\\+\\+)$");

    /** A sleeper that outlives any attach however slow; {@link IntegrationSupport.Grandchild#close} ends it. */
    private static final String LONG_SLEEP = "exec sleep 600";

    @TempDir
    Path dir;

    private final List<IntegrationSupport.Grandchild> others = new ArrayList<>();
    private final List<Process> tracers = new ArrayList<>();
    private int runs;

    @BeforeAll
    static void ptraceAllowed() {
        IntegrationSupport.requirePtrace();
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

    /** One finished run of a tracer: exit status, trace lines (from -o) and its own stderr. */
    record Run(int status, List<String> trace, String stderr, Path file) {
        String last() {
            return trace.get(trace.size() - 1);
        }
    }

    private List<String> jstraceCommand(List<String> prefix, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Jstrace.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts jstrace (or strace) with {@code -o FILE} and returns the process; stderr goes to FILE.err. */
    private Process start(boolean strace, Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        List<String> rest = new ArrayList<>(List.of("-o", out.toString()));
        rest.addAll(List.of(args));
        if (strace) {
            cmd.add("strace");
            cmd.addAll(rest);
        } else {
            cmd.addAll(jstraceCommand(List.of(), rest.toArray(new String[0])));
        }
        Process p = new ProcessBuilder(cmd).redirectOutput(new File("/dev/null"))
                .redirectError(out.resolveSibling(out.getFileName() + ".err").toFile()).start();
        tracers.add(p);
        return p;
    }

    private Run finish(Process p, Path out) throws Exception {
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "the tracer ended");
        List<String> lines = Files.exists(out) ? Files.readAllLines(out, StandardCharsets.ISO_8859_1) : List.of();
        String err = Files.readString(out.resolveSibling(out.getFileName() + ".err"), StandardCharsets.ISO_8859_1);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace on stderr:\n" + err);
        return new Run(p.exitValue(), lines, err, out);
    }

    private Run run(boolean strace, String... args) throws Exception {
        Path out = dir.resolve((strace ? "strace-" : "jstrace-") + runs++ + ".txt");
        return finish(start(strace, out, args), out);
    }

    private Run jstrace(String... args) throws Exception {
        return run(false, args);
    }

    private Run strace(String... args) throws Exception {
        return run(true, args);
    }

    /** Normalised lines (pids by order of appearance, addresses masked, unfinished/resumed joined). */
    private static List<String> normalised(Run r) throws IOException {
        return GoldenDiff.load(r.file(), 0).stream().map(GoldenDiff.Line::text).collect(Collectors.toList());
    }

    /** Normalised lines without the process label, from the first line containing {@code from} on. */
    private static List<String> from(Run r, String from) throws IOException {
        List<String> all = normalised(r).stream().map(l -> l.substring(l.indexOf(' ') + 1))
                .collect(Collectors.toList());
        int i = 0;
        while (i < all.size() && !all.get(i).contains(from)) {
            i++;
        }
        assertTrue(i < all.size(), "no line with " + from + " in\n" + String.join("\n", all));
        return all.subList(i, all.size());
    }

    /**
     * Polls {@code condition} until it holds. The deadline is generous because a loaded machine (a load average ten
     * times the CPUs) takes seconds to start a tracer's JVM; every wait observes the state it needs, never a delay.
     */
    private static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
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

    // ---------------------------------------------------------------------------------------------------------
    // Exit status passthrough

    @Test
    void exitStatusIsTheTracees() throws Exception {
        Run j = jstrace("sh", "-c", "exit 7");
        assertEquals(7, j.status());
        assertEquals("+++ exited with 7 +++", j.last());
    }

    @Test
    void deathBySignalIsReportedAndGives128PlusN() throws Exception {
        Run j = jstrace("sh", "-c", "kill -SEGV $$");
        assertEquals(128 + 11, j.status(), "128 + SIGSEGV (a JVM cannot die of SIGSEGV on purpose)");
        assertTrue(j.last().matches("\\+\\+\\+ killed by SIGSEGV( \\(core dumped\\))? \\+\\+\\+"), j.last());
        if (HAVE_STRACE) {
            Run s = strace("sh", "-c", "kill -SEGV $$");
            assertEquals(s.status(), j.status(), "strace dies of the same signal: the same status for a shell");
            assertEquals(s.last(), j.last());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Threads

    @Test
    void execveFromAThreadSupersedesTheOldThread() throws Exception {
        String prog = TestPrograms.execFromThread().toString();
        Run j = jstrace("-f", prog);
        assertEquals(0, j.status());
        List<String> superseded = j.trace().stream().filter(l -> l.contains("superseded")).toList();
        assertEquals(1, superseded.size(), String.join("\n", j.trace()));
        assertTrue(superseded.get(0).matches("\\d+ +\\+\\+\\+ superseded by execve in pid \\d+ \\+\\+\\+"),
                superseded.get(0));
        assertEquals("+++ exited with 0 +++", j.last().replaceFirst("^\\d+ +", ""));
        if (HAVE_STRACE) {
            Run s = strace("-f", prog);
            assertEquals(keyLines(s, "superseded|exited|execve\\(|execve resumed"),
                    keyLines(j, "superseded|exited|execve\\(|execve resumed"));
        }
    }

    @Test
    void exitGroupEndsTheLinesOfBlockedThreadsWithQuestionMark() throws Exception {
        String prog = FaultPrograms.blockedThreadsExitGroup().toString();
        Run j = jstrace("-f", prog);
        assertEquals(5, j.status());
        List<String> lines = normalised(j).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        assertTrue(lines.contains("read(3,  <unfinished ...>) = ?"), String.join("\n", lines));
        assertTrue(lines.contains("clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=60, tv_nsec=0},  <unfinished ...>)"
                + " = ?"), String.join("\n", lines));
        assertTrue(lines.contains("exit(0) = ?"), String.join("\n", lines));
        assertTrue(lines.contains("exit_group(5) = ?"), String.join("\n", lines));
        // The thread that calls exit(0) reports 0, or 5 when exit_group overtakes it before the kernel has recorded
        // its own status (its "exit(0) = ?" line is there either way): a race in the kernel, in both tools' runs.
        long fives = lines.stream().filter(l -> l.equals("+++ exited with 5 +++")).count();
        long zeros = lines.stream().filter(l -> l.equals("+++ exited with 0 +++")).count();
        assertEquals(4, fives + zeros, String.join("\n", lines));
        assertTrue(fives >= 3, String.join("\n", lines));
        for (String l : lines) {
            assertFalse(l.endsWith("<unfinished ...>"), "every unfinished line is ended: " + l);
        }
        if (HAVE_STRACE) {
            Run s = strace("-f", prog);
            String keys = "<unfinished \\.\\.\\.>\\) = \\?|^exit|^\\+\\+\\+";
            assertEquals(exitRaceFree(keyLines(s, keys)), exitRaceFree(keyLines(j, keys)));
        }
    }

    /** The normalised lines matching {@code regex}, without process labels, sorted. */
    /** The key lines with the exiting thread's status, which is 0 or the group's 5 as the race goes, made one. */
    private static List<String> exitRaceFree(List<String> keyLines) {
        return keyLines.stream().map(l -> l.replace("+++ exited with 0 +++", "+++ exited with 5 +++")).sorted()
                .collect(Collectors.toList());
    }

    private static List<String> keyLines(Run r, String regex) throws IOException {
        Pattern p = Pattern.compile(regex);
        return normalised(r).stream().map(l -> l.substring(l.indexOf(' ') + 1)).filter(l -> p.matcher(l).find())
                .map(l -> l.replaceAll("pid P\\d+", "pid P"))
                // an execve line still open when its thread takes over the process id ends "<pid changed to N ...>";
                // one that another line closed first ends "<unfinished ...>": which happens is timing, in both tools
                .map(l -> l.replaceAll(" <pid changed to P\\d+ \\.\\.\\.>$", " <unfinished ...>"))
                .sorted().collect(Collectors.toList());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Interrupted syscalls

    @Test
    void interruptedSyscallsArePrintedLikeStrace() throws Exception {
        String prog = FaultPrograms.restarts().toString();
        Run j = jstrace(prog);
        assertEquals(0, j.status());
        List<String> lines = from(j, "setitimer(");
        List<String> expected = List.of(
                "read(3, 0xADDR, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)",
                "read(3, \"x\", 1) = 1",
                "nanosleep({tv_sec=0, tv_nsec=N}, NULL) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)",
                "restart_syscall(<... resuming interrupted nanosleep ...>) = 0");
        for (String e : expected) {
            assertTrue(lines.contains(e), "missing: " + e + "\nin:\n" + String.join("\n", lines));
        }
        if (HAVE_STRACE) {
            List<String> s = from(strace(prog), "setitimer(");
            for (String e : expected) {
                assertTrue(s.contains(e), "strace prints it too: " + e + "\nin:\n" + String.join("\n", s));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // -p: detach on SIGINT / SIGTERM, survive a SIGKILLed jstrace, refusals

    private Process attachJstrace(long pid, Path out) throws IOException {
        Process p = start(false, out, "-p", Long.toString(pid));
        waitUntil(() -> ProcessLeaks.tracerPid(pid) > 0, "jstrace to attach to " + pid);
        return p;
    }

    private void detachesOn(String signal, IntegrationSupport.Grandchild g, char state) throws Exception {
        Path out = dir.resolve("jstrace-p-" + runs++ + ".txt");
        Process p = attachJstrace(g.pid(), out);
        IntegrationSupport.signal(p.pid(), signal);
        Run r = finish(p, out);
        assertTrue(r.stderr().contains("Process " + g.pid() + " detached"), r.stderr());
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()), "TracerPid 0 after jstrace -p ended by SIG" + signal);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == state || state == 'S' && ProcessLeaks.state(g.pid()) == '?',
                "the process to be left in state " + state);
    }

    /**
     * A process sleeping in strict nanosleep calls of a second until the test lets it go (so a slow tracer start
     * cannot outlast its sleep); see {@link FaultPrograms#strictSleeper}.
     */
    private IntegrationSupport.Grandchild napper(Path go) throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(FaultPrograms.strictSleeper() + " 1000 "
                + go);
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "the napper to sleep");
        return g;
    }

    /** Lets the napper end and checks that each of its nanosleep calls returned 0 after its full time. */
    private static void letGoAndCheckEveryNapCompleted(IntegrationSupport.Grandchild g, Path go) throws Exception {
        Files.createFile(go);
        assertTrue(g.shell().waitFor(40, TimeUnit.SECONDS), "the napper ended after its current nap");
        assertEquals(0, g.shell().exitValue(), "nanosleep returned 0 after its full time (3 = EINTR, 4 = early)");
    }

    @Test
    void sigintDetachesASleepingProcessWhoseNanosleepCompletes() throws Exception {
        Path go = dir.resolve("go");
        IntegrationSupport.Grandchild g = napper(go);
        detachesOn("INT", g, 'S');
        letGoAndCheckEveryNapCompleted(g, go);
    }

    @Test
    void sigtermDetachesABusyProcessThatKeepsRunning() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(FaultPrograms.spin().toString());
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'R' && comm(g.pid()).equals("spin"), "the spinner to run");
        detachesOn("TERM", g, 'R');
    }

    @Test
    void sigintDetachesAStoppedProcessThatStaysStopped() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(LONG_SLEEP);
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "sleep to sleep");
        IntegrationSupport.signal(g.pid(), "STOP");
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'T', "it to stop");
        detachesOn("INT", g, 'T');
        IntegrationSupport.signal(g.pid(), "CONT");
    }

    @Test
    void aKilledJstraceLeavesTheAttachedProcessRunningUntraced() throws Exception {
        Path go = dir.resolve("go");
        IntegrationSupport.Grandchild g = napper(go);
        Process p = attachJstrace(g.pid(), dir.resolve("jstrace-killed.txt"));
        p.destroyForcibly();
        assertTrue(p.waitFor(40, TimeUnit.SECONDS));
        waitUntil(() -> ProcessLeaks.tracerPid(g.pid()) <= 0, "the kernel to detach it");
        letGoAndCheckEveryNapCompleted(g, go);
    }

    @Test
    void onTheTerminalFollowedChildrenAreAnnouncedAndTheirExitsCarryTheirPid() throws Exception {
        // no -o: the trace goes to stderr, where strace also prints "Process N attached" for each new child
        List<String> expected = terminalTrace(List.of("strace"));
        List<String> actual = terminalTrace(jstraceCommand(List.of()));
        assertTrue(expected.contains("strace: Process N attached"), "strace's own notice: " + expected);
        assertTrue(expected.contains("[pid N] +++ exited with N +++"), expected.toString());
        assertEquals(expected, actual);
    }

    /** The lines a tracer writes to stderr for a shell running one child, pids as N, sorted (the order of the
     * child's exit and the parent's SIGCHLD is up to the kernel). */
    private List<String> terminalTrace(List<String> tracer) throws Exception {
        List<String> cmd = new ArrayList<>(tracer);
        cmd.addAll(List.of("-f", "-e", "trace=none", "sh", "-c", "/bin/true"));
        Path err = dir.resolve("terminal-" + runs++ + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(new File("/dev/null")).redirectError(err.toFile()).start();
        tracers.add(p);
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "the tracer ended");
        return Files.readAllLines(err, StandardCharsets.ISO_8859_1).stream()
                .map(l -> l.replaceFirst("^jstrace: ", "strace: ").replaceAll("[0-9]+", "N").replaceAll(" +", " "))
                .sorted().toList();
    }

    @Test
    void dashFfWritesOneFilePerProcessAsStraceDoes() throws Exception {
        String[] args = {"-e", "trace=execve,openat,exit_group", "sh", "-c", "/bin/true; /bin/echo hi >/dev/null"};
        List<List<String>> expected = perProcessFiles(true, args);
        List<List<String>> actual = perProcessFiles(false, args);
        assertEquals(3, expected.size(), "strace wrote a file for sh, true and echo: " + expected);
        assertEquals(expected, actual);
        for (String summary : List.of("-c", "-C")) {
            Run refused = jstrace("-ff", summary, "/bin/true");
            Run straceRefused = strace("-ff", summary, "/bin/true");
            assertEquals(straceRefused.status(), refused.status());
            assertEquals(straceRefused.stderr().replace("strace", "jstrace"), refused.stderr(), "as strace refuses it");
        }
    }

    /** Runs a tracer with {@code -ff -o BASE}; returns each BASE.PID file's normalised lines, by pid. */
    private List<List<String>> perProcessFiles(boolean strace, String... args) throws Exception {
        Path sub = Files.createDirectory(dir.resolve("ff-" + runs++));
        List<String> rest = new ArrayList<>(List.of("-ff", "-o", sub.resolve("trace").toString()));
        rest.addAll(List.of(args));
        List<String> cmd = strace ? new ArrayList<>(List.of("strace")) : jstraceCommand(List.of());
        cmd.addAll(rest);
        Process p = new ProcessBuilder(cmd).redirectOutput(new File("/dev/null"))
                .redirectError(sub.resolve("stderr").toFile()).start();
        tracers.add(p);
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "the tracer ended");
        assertEquals(0, p.exitValue(), Files.readString(sub.resolve("stderr")));
        assertFalse(Files.exists(sub.resolve("trace")), "no trace file without a pid suffix");
        List<Path> files;
        try (var list = Files.list(sub)) {
            files = list.filter(f -> f.getFileName().toString().startsWith("trace."))
                    .sorted(java.util.Comparator.comparingInt(f -> Integer.parseInt(
                            f.getFileName().toString().substring("trace.".length()))))
                    .toList();
        }
        List<List<String>> out = new ArrayList<>();
        for (Path f : files) {
            out.add(GoldenDiff.load(f, 0).stream().map(l -> l.text().replaceAll("si_pid=\\d+", "si_pid=N"))
                    .toList());
        }
        return out;
    }

    @Test
    void aMissingCommandIsReportedAsStraceReportsIt() throws Exception {
        Run r = jstrace("/no/such/program");
        assertEquals(1, r.status());
        assertEquals("jstrace: Can't stat '/no/such/program': No such file or directory", r.stderr().strip());
        Run s = strace("/no/such/program");
        assertEquals(r.stderr().strip().replace("jstrace:", "strace:"), s.stderr().strip());
    }

    @Test
    void attachingToATracedProcessNamesTheOtherTracer() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(LONG_SLEEP);
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "sleep to sleep");
        Path out = dir.resolve("jstrace-first.txt");
        Process first = attachJstrace(g.pid(), out);
        long firstTracer = ProcessLeaks.tracerPid(g.pid());
        Run second = jstrace("-p", Long.toString(g.pid()));
        assertEquals(1, second.status());
        assertTrue(second.stderr().contains("already traced by pid " + firstTracer), second.stderr());
        assertEquals(firstTracer, ProcessLeaks.tracerPid(g.pid()), "the first jstrace keeps it");
        IntegrationSupport.signal(first.pid(), "INT");
        Run r = finish(first, out);
        assertTrue(r.stderr().contains("Process " + g.pid() + " detached"), r.stderr());
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
    }

    @Test
    void attachingAsAnotherUserGivesTheDiagnostic() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "needs root");
        assumeTrue(new File("/usr/bin/setpriv").canExecute(), "setpriv (util-linux) is not installed");
        Path jar = Path.of("target", "jstrace.jar").toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "the jstrace jar is built by 'package': " + jar);
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(LONG_SLEEP);
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "sleep to sleep");
        Path tmp = Files.createTempDirectory("jstrace-nobody-");
        tmp.toFile().setWritable(true, false);
        tmp.toFile().setExecutable(true, false);
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djna.tmpdir=" + tmp,
                "-Duser.home=" + tmp, "-jar", jar.toString(), "-p", Long.toString(g.pid()))
                .redirectErrorStream(true).start();
        tracers.add(p);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("EPERM"), out);
        assertTrue(out.contains("belongs to uid 0"), out);
        assertFalse(out.contains("Exception") || out.contains("\tat "), out);
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        try (var s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hostile input

    @Test
    void badPointersAndLengthsArePrintedLikeStrace() throws Exception {
        String prog = FaultPrograms.hostile().toString();
        Run j = jstrace(prog);
        assertEquals(0, j.status());
        List<String> lines = from(j, "dup2(");
        for (String expected : List.of(
                "write(1, 0xADDR, 1073741824) = 1073741824",
                "write(1, NULL, 10) = 10",
                "write(1, 0xADDR, 10) = -1 EFAULT (Bad address)",
                "openat(AT_FDCWD, 0xADDR, O_RDONLY) = -1 EFAULT (Bad address)",
                "openat(AT_FDCWD, NULL, O_RDONLY) = -1 EFAULT (Bad address)",
                "writev(1, [{iov_base=\"abc\", iov_len=3}, {iov_base=0xADDR, iov_len=1099511627776},"
                        + " {iov_base=\"xyz0123456789abcdefghijklmnopqrs\"..., iov_len=18446744073709551615}], 3)"
                        + " = -1 EINVAL (Invalid argument)",
                "writev(1, [{iov_base=\"abc\", iov_len=3}, ... /* 0xADDR */], 2) = -1 EFAULT (Bad address)",
                "writev(1, [{iov_base=\"abc\", iov_len=3}, ... /* 0xADDR */], 1048576) = -1 EINVAL (Invalid argument)",
                "execve(\"/bin/true\", [\"/bin/true\", \"arg\", ... /* 0xADDR */], NULL) = -1 EFAULT (Bad address)",
                "execve(\"/bin/true\", 0xADDR, 0xADDR) = -1 EFAULT (Bad address)",
                "+++ exited with 0 +++")) {
            assertTrue(lines.contains(expected), "missing: " + expected + "\nin:\n" + String.join("\n", lines));
        }
        if (HAVE_STRACE) {
            assertEquals(from(strace(prog), "dup2("), lines);
        }
    }

    @Test
    void nothingATraceeWritesCanForgeATraceLine() throws Exception {
        for (String mode : List.of("dumpable", "nodump")) {
            String prog = FaultPrograms.forger().toString();
            Run j = jstrace("-s", "200", prog, mode);
            assertEquals(0, j.status());
            for (String l : j.trace()) {
                assertTrue(LINE.matcher(l).matches(), "a line of the trace's own grammar: " + l);
            }
            assertEquals(1, j.trace().stream().filter(l -> l.startsWith("+++")).count(), "one real exit line");
            assertEquals(0, j.trace().stream().filter(l -> l.startsWith("---")).count(), "no forged signal line");
            String openat = j.trace().stream().filter(l -> l.startsWith("openat(AT_FDCWD, \"/nonexistent"))
                    .findFirst().orElseThrow(() -> new AssertionError(String.join("\n", j.trace())));
            assertEquals("openat(AT_FDCWD, \"/nonexistent\\n+++ exited with 0 +++\\nopenat(AT_FDCWD,"
                    + " \\\"/etc/shadow\\\") = 3\\n\\\"q\\\\b\\1\\33[31m\\177\\377\\303(\\t\\r\\v\\f\", O_RDONLY)"
                    + " = -1 ENOENT (No such file or directory)", openat, mode + ": the string, escaped as strace"
                    + " escapes it (non-dumpable tracees are still read with CAP_SYS_PTRACE)");
            if (HAVE_STRACE) {
                assertEquals(from(strace("-s", "200", prog, mode), "/nonexistent"), from(j, "/nonexistent"), mode);
            }
        }
    }

    @Test
    void fileDescriptorPathsAreEscapedLikeStrace() throws Exception {
        String script = "exec 3>\"$1\"; echo hi >&3";
        // Java cannot name this file portably (invalid UTF-8), so the shell gets it through printf.
        String shell = "f=\"$(printf '" + dir + "/a\\nb>c\\377\\303(d\\te\"f\\\\g')\"; " + script.replace("$1", "$f");
        Run j = jstrace("-y", "-e", "trace=write", "sh", "-c", shell);
        assertEquals(0, j.status());
        String write = j.trace().stream().filter(l -> l.startsWith("write(")).findFirst().orElseThrow();
        assertEquals("write(1<" + dir + "/a\\nb\\76c\\377\\303(d\\te\\\"f\\\\g>, \"hi\\n\", 3) = 3", write);
        if (HAVE_STRACE) {
            Run s = strace("-y", "-e", "trace=write", "sh", "-c", shell);
            assertEquals(s.trace().stream().filter(l -> l.startsWith("write(")).findFirst().orElseThrow(), write);
        }
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void theTracedProgramsStatusIsNotTheTracersOwn() throws Exception {
        Run j = jstrace("/bin/false");
        assertNotEquals(0, j.status());
        assertEquals(1, j.status());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Process-end lines (+++ exited/killed/superseded +++) under -q, -qq, -qqq and -e signal=, and the
    // --- stopped by SIGSTOP --- line of a process attached while stopped: the terminal output against strace's

    private static final String KILL_ITSELF = "kill -TERM $$";

    /** Starts strace or jstrace with {@code args}, its stderr (where the trace goes) into a new file. */
    private Path startOnTerminal(boolean strace, List<String> args) throws IOException {
        List<String> cmd = strace ? new ArrayList<>(List.of("strace")) : jstraceCommand(List.of());
        cmd.addAll(args);
        Path err = dir.resolve((strace ? "strace-" : "jstrace-") + runs++ + ".err");
        tracers.add(new ProcessBuilder(cmd).redirectOutput(new File("/dev/null")).redirectError(err.toFile())
                .start());
        return err;
    }

    private Process lastTracer() {
        return tracers.get(tracers.size() - 1);
    }

    /** The tracer's lines with numbers of two digits or more (pids, counts) and addresses masked. */
    private static List<String> maskedLines(Path err) throws IOException {
        return Files.readAllLines(err, StandardCharsets.ISO_8859_1).stream()
                .map(l -> l.replaceFirst("^jstrace: ", "strace: ").replaceAll("0x[0-9a-f]+", "0xA")
                        .replaceAll("[0-9]{2,}", "N").replaceAll(" +", " "))
                .toList();
    }

    /** Runs the tracer to its end and returns its masked lines. */
    private List<String> onTerminal(boolean strace, String... args) throws Exception {
        Path err = startOnTerminal(strace, List.of(args));
        assertTrue(lastTracer().waitFor(40, TimeUnit.SECONDS), "the tracer ended");
        return maskedLines(err);
    }

    private void sameAsStrace(String... args) throws Exception {
        List<String> expected = onTerminal(true, args);
        assertEquals(expected, onTerminal(false, args), String.join(" ", args));
    }

    @Test
    void quietModesLeaveOutOnlyExitedLinesNotKilledOnes() throws Exception {
        assumeTrue(HAVE_STRACE, "strace is the reference here");
        for (String q : List.of("-q", "-qq", "-qqq")) {
            assertTrue(onTerminal(true, q, "-e", "trace=kill", "sh", "-c", KILL_ITSELF).contains("+++ killed by SIGTERM +++"),
                    "strace keeps the line under " + q);
            sameAsStrace(q, "-e", "trace=kill", "sh", "-c", KILL_ITSELF);
        }
        assertTrue(!onTerminal(true, "-qq", "-e", "trace=none", "/bin/true").contains("+++ exited with 0 +++"));
        sameAsStrace("-qq", "-e", "trace=none", "/bin/true");
    }

    @Test
    void aSignalLeftOutByDashESignalPrintsNoKilledLine() throws Exception {
        assumeTrue(HAVE_STRACE, "strace is the reference here");
        for (String set : List.of("signal=none", "signal=!SIGTERM", "signal=SIGTERM", "signal=SIGHUP,SIGINT")) {
            sameAsStrace("-e", "trace=kill", "-e", set, "sh", "-c", KILL_ITSELF);
        }
        sameAsStrace("-qq", "-e", "signal=none", "-e", "trace=kill", "sh", "-c", KILL_ITSELF);
    }

    @Test
    void supersededLinesStayUnderQqAndGoUnderQqq() throws Exception {
        assumeTrue(HAVE_STRACE, "strace is the reference here");
        String prog = TestPrograms.execFromThread().toString();
        for (String q : List.of("-q", "-qq", "-qqq")) {
            sameAsStrace("-f", q, "-e", "trace=execve,exit_group", prog);
        }
        assertTrue(onTerminal(true, "-f", "-qq", "-e", "trace=execve,exit_group", prog).stream()
                .anyMatch(l -> l.startsWith("+++ superseded by execve in pid")), "strace -qq keeps it");
    }

    private IntegrationSupport.Grandchild sleeper() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(LONG_SLEEP);
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
        Path err = startOnTerminal(strace, List.of(args));
        Process p = lastTracer();
        waitUntil(() -> contents(err).contains(line), line + " from " + (strace ? "strace" : "jstrace"));
        IntegrationSupport.signal(p.pid(), "INT");
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "the tracer ended");
        return maskedLines(err);
    }

    @Test
    void attachingToAStoppedProcessShowsTheStopAndLeavesItStopped() throws Exception {
        assumeTrue(HAVE_STRACE, "strace is the reference here");
        IntegrationSupport.Grandchild g = stoppedSleeper();
        String pid = Long.toString(g.pid());
        List<String> expected = attachUntil(true, "--- stopped by SIGSTOP ---", "-p", pid);
        assertEquals(expected, attachUntil(false, "--- stopped by SIGSTOP ---", "-p", pid));
        assertEquals('T', ProcessLeaks.state(g.pid()), "still stopped");
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
    }

    @Test
    void dashESignalAlsoFiltersTheStopLineOfAnAttachedProcess() throws Exception {
        assumeTrue(HAVE_STRACE, "strace is the reference here");
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
        Path err = startOnTerminal(strace, List.of("-e", "trace=none", "-e", "signal=!SIGSTOP", "-p", Long.toString(g.pid())));
        waitUntil(() -> contents(err).contains("Process " + g.pid() + " attached"), "the attach");
        IntegrationSupport.signal(g.pid(), "CONT");
        waitUntil(() -> contents(err).contains("--- SIGCONT "), "the SIGCONT line");
        IntegrationSupport.signal(lastTracer().pid(), "INT");
        assertTrue(lastTracer().waitFor(40, TimeUnit.SECONDS), "the tracer ended");
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        return maskedLines(err);
    }

    private static String contents(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
