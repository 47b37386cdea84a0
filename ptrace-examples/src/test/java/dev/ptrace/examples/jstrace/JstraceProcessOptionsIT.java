package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ptrace.core.it.TestPrograms;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * strace's process-control, filtering and prefix options, run under strace and under jstrace on the same
 * programs and compared: {@code -P}, {@code -E}, {@code -u}, {@code -b execve}, {@code -p} with a command and of an
 * ancestor, {@code -i}, {@code -d}, and the command lines strace refuses among them.
 */
@Tag("native")
class JstraceProcessOptionsIT {

    @TempDir
    static Path dir;
    private static String file;
    private static String link;
    private static String script;

    @BeforeAll
    static void needsStrace() throws IOException {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "ptrace needs Linux");
        assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
        Path f = dir.resolve("data.txt");
        Files.writeString(f, "some data\n");
        file = f.toString();
        Path l = dir.resolve("link");
        Files.createSymbolicLink(l, f);
        link = l.toString();
        script = "cat " + file + " | cat >/dev/null; cat /nonexistent 2>/dev/null; exit 3";
    }

    /** -P on cat of two files: only the syscalls that touch the path, by path or by descriptor. */
    @ParameterizedTest
    @ValueSource(strings = {"-P FILE", "--trace-path=FILE", "-P FILE -P /etc/hostname", "-P LINK",
        "-P LINK -P LINK", "-e quiet=path-resolution -P LINK", "-P /nonexistent", "-P FILE -e trace=read,close"})
    void tracePathOnCat(String option) throws Exception {
        JstraceOptionsIT.compare(dir, paths(option), 1.0, "cat", file, "/etc/hostname");
    }

    /** -P on a shell that forks and redirects: dup2, fcntl and the children's descriptors. */
    @ParameterizedTest
    @ValueSource(strings = {"-f -P /dev/null", "-P /dev/null"})
    void tracePathOnForkingShell(String option) throws Exception {
        // (the children's first printed lines come in an order that depends on timing, which changes how
        // GoldenDiff names them, and the untraced children's pids in SIGCHLD differ: fewer exact lines)
        JstraceOptionsIT.compare(dir, paths(option), 0.5, "sh", "-c", script);
    }

    /**
     * -b execve: each child is detached at its exec; the command's own first exec is traced. The children run one
     * after the other, so that which line a detach cuts does not depend on timing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-f -b execve", "-f --detach-on=execve", "-b execve", "-f -b execve -e trace=execve",
        "-f -b execve -e trace=execve,exit_group,wait4"})
    void detachOnExecve(String option) throws Exception {
        String name = "b" + option.replaceAll("[^A-Za-z0-9]+", "_");
        Path s = dir.resolve(name + ".strace");
        Path j = dir.resolve(name + ".jstrace");
        List<String> command = List.of("sh", "-c", "/bin/true; cat " + file + " >/dev/null; exit 3");
        StraceRun.Result sr = StraceRun.run(StraceRun.strace(args(option, s, command)));
        StraceRun.Result jr = StraceRun.run(StraceRun.jstrace(args(option, j, command)));
        assertEquals(sr.status(), jr.status(), jr.stderr());
        assertEquals(sr.stderr().replace("strace", "jstrace"), jr.stderr());
        // whether the parent's next line comes before the child's detach (which then ends its execve line with
        // <unfinished ...>) is up to the scheduler, under either tracer
        JstraceOptionsIT.assertSame(option, detachedAsUnfinished(s), detachedAsUnfinished(j), 0.7);
    }

    /** -i: the instruction pointer of each line; its offset in the page is the same in both runs. */
    @ParameterizedTest
    @ValueSource(strings = {"-i", "--instruction-pointer", "-i -n", "-f -i"})
    void instructionPointer(String option) throws Exception {
        String name = "ip" + option.replaceAll("[^A-Za-z0-9]+", "_");
        Path s = dir.resolve(name + ".strace");
        Path j = dir.resolve(name + ".jstrace");
        List<String> command = option.contains("-f") ? List.of("sh", "-c", script) : List.of("cat", file);
        StraceRun.Result sr = StraceRun.run(StraceRun.strace(args(option, s, command)));
        StraceRun.Result jr = StraceRun.run(StraceRun.jstrace(args(option, j, command)));
        assertEquals(sr.status(), jr.status(), jr.stderr());
        List<String> lines = Files.readAllLines(j, StandardCharsets.ISO_8859_1);
        assertTrue(lines.stream().allMatch(l -> l.matches("(\\d+ +)?([0-9:]+ )?(\\[ *\\d+\\] )?\\[[0-9a-f?]{16}\\] .*")),
                "every line starts with the instruction pointer: " + lines);
        JstraceOptionsIT.assertSame(option, pageOffsets(s), pageOffsets(j), option.contains("-f") ? 0.6 : 0.95);
    }

    /** -E: the environment edited as strace edits it, every other entry kept in place (duplicates included). */
    @Test
    void environmentEdits() throws Exception {
        Path dupenv = TestPrograms.build("dupenv", "#include <unistd.h>\n"
                + "int main(int c, char **v) { char *e[] = {\"A=1\", \"B=2\", \"A=3\", \"C\", \"B=4\", 0};"
                + " execve(v[1], v + 1, e); return 127; }\n");
        for (String edits : List.of("-E A=9", "-E A", "-E B=0 -E D=1", "--env=C=1", "-E C", "-E =x", "-E D=1 -E D",
                "-E A=1 -E A=2")) {
            List<String> tail = new ArrayList<>(List.of("-qq", "-e", "trace=none"));
            tail.addAll(List.of(edits.split(" ")));
            tail.add("/usr/bin/env");
            List<String> s = new ArrayList<>(List.of(dupenv.toString()));
            s.addAll(StraceRun.strace(tail));
            s.set(1, "/usr/bin/strace");
            List<String> j = new ArrayList<>(List.of(dupenv.toString()));
            j.addAll(StraceRun.jstrace(tail));
            String expected = stdout(s);
            assertEquals(expected, stdout(j), edits);
            assertTrue(!expected.isEmpty(), edits);
        }
    }

    /** -u: the program runs with the user's uid, gid and groups. */
    @ParameterizedTest
    @ValueSource(strings = {"nobody", "daemon", "root"})
    void runAsUser(String user) throws Exception {
        assumeTrue(UserAccount.isRoot(), "-u needs root");
        List<String> tail = List.of("-qq", "-e", "trace=none", "-u", user, "/bin/sh", "-c",
                "grep -E '^(Uid|Gid|Groups):' /proc/self/status");
        String expected = stdout(StraceRun.strace(tail));
        assertTrue(expected.startsWith("Uid:"), expected);
        assertEquals(expected, stdout(StraceRun.jstrace(tail)), user);
    }

    /** -p PID with a command: both traced in one trace, the command's exit status returned. */
    @Test
    void attachAndRunTogether() throws Exception {
        assertEquals(traceOfKilledSleeper("strace"), traceOfKilledSleeper("jstrace"));
    }

    private List<String> traceOfKilledSleeper(String tracer) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long pid = sleeper.pid();
            Path out = dir.resolve("pcmd." + tracer);
            List<String> args = List.of("-o", out.toString(), "-e", "trace=kill", "-p",
                    Long.toString(pid), "sh", "-c", "kill " + pid + "; exit 5");
            StraceRun.Result r = StraceRun.run(tracer.equals("strace") ? StraceRun.strace(args)
                    : StraceRun.jstrace(args));
            assertEquals(5, r.status(), tracer + ": " + r.stderr());
            assertEquals("", r.stderr(), tracer + ": -o FILE PROG is quiet about attaching");
            return Files.readAllLines(out).stream().map(l -> l.replaceAll("\\b\\d+\\b", "N").replaceAll(" +", " "))
                    .sorted().collect(Collectors.toList());
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor();
        }
    }

    /** -p of an ancestor: the shell that started the tracer is traced to its end, as strace does. */
    @Test
    void attachToAnAncestor() throws Exception {
        assertEquals(traceOfParentShell(StraceRun.strace(List.of())),
                traceOfParentShell(StraceRun.jstrace(List.of())));
    }

    private List<String> traceOfParentShell(List<String> tracer) throws Exception {
        Path out = dir.resolve("ancestor" + System.nanoTime());
        String cmd = tracer.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "))
                + " -o " + out + " -e trace=exit_group -p $$ & "
                + "until grep -q 'TracerPid:.[1-9]' /proc/$$/status; do sleep 0.01; done; exit 7";
        Process sh = new ProcessBuilder("sh", "-c", cmd).redirectOutput(new File("/dev/null"))
                .redirectError(new File("/dev/null")).start();
        assertTrue(sh.waitFor(60, TimeUnit.SECONDS), "the traced shell ends");
        assertEquals(7, sh.exitValue());
        List<String> lines = List.of();
        for (int i = 0; i < 600 && !lines.contains("+++ exited with 7 +++"); i++) {
            Thread.sleep(50); // the tracer, reparented, writes the exit line once the shell is gone
            lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
        }
        // the loop's children end while it waits to be traced: how many SIGCHLDs are seen depends on timing
        return lines.stream().filter(l -> !l.startsWith("--- SIGCHLD")).collect(Collectors.toList());
    }

    /** -d: debug messages on stderr, the trace itself unchanged. */
    @Test
    void debugMessagesGoToStderr() throws Exception {
        Path plain = dir.resolve("plain.jstrace");
        Path debug = dir.resolve("debug.jstrace");
        StraceRun.run(StraceRun.jstrace(args("-f", plain, List.of("sh", "-c", script))));
        StraceRun.Result r = StraceRun.run(StraceRun.jstrace(args("-f -d", debug, List.of("sh", "-c", script))));
        assertEquals(3, r.status(), r.stderr());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("jstrace: [debug] new tracee ")), r.stderr());
        assertTrue(r.stderr().lines().allMatch(l -> l.startsWith("jstrace: [debug] ")), r.stderr());
        JstraceOptionsIT.assertSame("-d", plain, debug, 0.7);
    }

    /** Command lines with these options that strace refuses: refused with strace's words and status. */
    @ParameterizedTest
    @ValueSource(strings = {"-D -p 1", "-DDDD true", "-D --daemonize true", "--daemonize=foo true",
        "--daemonize=grandchild -D true", "-DDDD -p 1", "-DDDD --daemonize -p 1", "-b foo true",
        "--detach-on=EXECVE true", "-E", "-P", "-u", "-b", "-u nosuchuser true", "-u nosuchuser -w true",
        "--daemonize", "-D", "-cC -D"})
    void refusedAsStraceRefusesIt(String commandLine) throws Exception {
        List<String> args = List.of(commandLine.split(" "));
        StraceRun.Result s = StraceRun.run(StraceRun.strace(args));
        StraceRun.Result j = StraceRun.run(StraceRun.jstrace(args));
        assertEquals(s.status(), j.status(), commandLine);
        assertEquals(s.stderr().replace("strace", "jstrace"), j.stderr(), commandLine);
    }

    private static String paths(String option) {
        return option.replace("FILE", file).replace("LINK", link);
    }

    private static List<String> args(String option, Path out, List<String> command) {
        List<String> a = new ArrayList<>(List.of(option.split(" ")));
        a.addAll(List.of("-o", out.toString()));
        a.addAll(command);
        return a;
    }

    /**
     * The trace with each instruction pointer cut down to its offset in the page (ASLR moves the rest) and moved to
     * the end of its line, so that {@link GoldenDiff} still finds each line's syscall and result. The first line's
     * is dropped: the command's first execve is called by strace's child in libc, by jstrace's spawn stub.
     */
    private static Path pageOffsets(Path trace) throws IOException {
        Path m = trace.resolveSibling(trace.getFileName() + ".ip");
        List<String> lines = new ArrayList<>();
        java.util.regex.Pattern ip = java.util.regex.Pattern.compile("^(\\d+ +)?(.*?)\\[([0-9a-f?]{16})\\] (.*)$");
        for (String l : Files.readAllLines(trace, StandardCharsets.ISO_8859_1)) {
            java.util.regex.Matcher x = ip.matcher(l);
            if (!x.matches()) {
                lines.add(l);
                continue;
            }
            String offset = lines.isEmpty() || l.endsWith(" <unfinished ...>") ? ""
                    : " #ip=" + x.group(3).substring(13);
            lines.add((x.group(1) == null ? "" : x.group(1)) + x.group(2) + x.group(4) + offset);
        }
        Files.write(m, lines, StandardCharsets.ISO_8859_1);
        return m;
    }

    /** The trace with a detached execve's line ended as strace ends it when another line came first. */
    private static Path detachedAsUnfinished(Path trace) throws IOException {
        Path m = trace.resolveSibling(trace.getFileName() + ".b");
        Files.write(m, Files.readAllLines(trace, StandardCharsets.ISO_8859_1).stream()
                .map(l -> l.contains("execve(") ? l.replace(" <unfinished ...>", " <detached ...>") : l)
                .collect(Collectors.toList()), StandardCharsets.ISO_8859_1);
        return m;
    }

    /** Runs a command to its end and returns what it wrote on stdout. */
    private static String stdout(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(new File("/dev/null"))
                .redirectInput(new File("/dev/null")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return out;
    }
}
