package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each strace 6.1 option jstrace supports, run under strace and under jstrace on the same small programs, the
 * normalised lines compared ({@link GoldenDiff}); every command line strace refuses, refused by jstrace with
 * strace's message; every option jstrace does not implement, refused with a one-line reason. The README's table
 * of options names the test here for each row.
 */
@Tag("native")
class JstraceOptionsIT {

    @TempDir
    static Path dir;
    private static String file;
    private static String script;

    @BeforeAll
    static void needsStrace() throws IOException {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "ptrace needs Linux");
        assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
        Path f = dir.resolve("data.bin");
        // text, a tab, non-ASCII bytes: exercises the string escapes of -x, -xx and --strings-in-hex
        Files.write(f, "hello\tw\u00f6rld \u0001\u0002 end\n".getBytes(StandardCharsets.ISO_8859_1));
        file = f.toString();
        script = "cat " + file + " | cat >/dev/null; cat /nonexistent 2>/dev/null; exit 3";
    }

    /** Options compared on {@code cat FILE}, one per run; one argument per space. */
    @ParameterizedTest
    @ValueSource(strings = {
        "-s 8", "--string-limit=8", "--string-limit 5", "-s 0", "-s 70000",
        "-y", "--decode-fds", "--decode-fds=path", "-e decode-fds=path", "-e decode-fds=none",
        "-x", "-xx", "--strings-in-hex", "--strings-in-hex=all", "--strings-in-hex=non-ascii",
        "--strings-in-hex=non-ascii-chars", "--strings-in-hex=none",
        "-X raw", "-X verbose", "-X abbrev", "--const-print-style=raw",
        "-n", "--syscall-number", "-a 10", "--columns=60", "-a 0",
        "-z", "--successful-only", "-Z", "--failed-only", "-e status=failed", "--status=!successful",
        "-e trace=%file", "--trace=%desc,read", "-e t=%%stat", "-e trace=%fstat", "-e trace=%memory",
        "-e trace=%pure", "-e trace=%clock", "-e trace=%creds", "-e trace=%statfs", "-e trace=%%statfs",
        "-e trace=%fstatfs", "-e trace=%lstat", "-e trace=%stat", "-e trace=%ipc", "-e trace=%net",
        "-e trace=%network", "-e trace=%signal", "-e trace=%process", "-e trace=?nosuch,openat@64,read",
        "-e trace=!/^(mmap|mprotect)$", "-e openat,close", "-e trace=all", "-e trace=none",
        "-e abbrev=all", "-e verbose=all", "-e signal=none", "--signal=!SIGCHLD",
        "-q", "-qq", "--quiet", "--quiet=exit", "-e quiet=attach,personality", "--silent=all",
        "-e quiet=!exit", "--follow-forks", "-F", "--seccomp-bpf"
    })
    void optionOnCat(String option) throws Exception {
        compare(option, 0.95, "cat", file);
    }

    /** Options compared on a shell that forks, pipes and fails. */
    @ParameterizedTest
    @ValueSource(strings = {
        "-f", "--follow-forks", "-f -n", "-f -a 30", "-f -e trace=%process", "-f -qq", "-f -e quiet=exit",
        "-f -e signal=SIGCHLD", "-f -s 4", "-f --seccomp-bpf -e trace=%file"
    })
    void optionOnForkingShell(String option) throws Exception {
        // which call is cut into <unfinished ...> and <... resumed> depends on timing, and changes the text
        compare(option, 0.7, "sh", "-c", script);
    }

    /** Timestamps and durations: compared with their numbers masked, the format kept. */
    @ParameterizedTest
    @ValueSource(strings = {
        "-t", "-tt", "-ttt", "--absolute-timestamps", "--timestamps=time,us", "--absolute-timestamps=unix,us",
        "--absolute-timestamps=format:time,precision:s", "--absolute-timestamps=none", "-r",
        "--relative-timestamps", "--relative-timestamps=us", "-T", "--syscall-times", "--syscall-times=us"
    })
    void timestamps(String option) throws Exception {
        compare(option, 0.95, "cat", file);
    }

    @org.junit.jupiter.api.Test
    void appendModeAddsToTheOutputFile() throws Exception {
        for (String option : List.of("-A", "--output-append-mode")) {
            Path s = dir.resolve("append.strace");
            Path j = dir.resolve("append.jstrace");
            Files.writeString(s, "before\n");
            Files.writeString(j, "before\n");
            for (int i = 0; i < 2; i++) {
                StraceRun.run(StraceRun.strace(List.of(option, "-o", s.toString(), "cat", file)));
                StraceRun.run(StraceRun.jstrace(List.of(option, "-o", j.toString(), "cat", file)));
            }
            assertSame(option, s, j, 0.95);
            assertTrue(Files.readAllLines(j).get(0).equals("before"), "kept what the file had");
        }
    }

    @org.junit.jupiter.api.Test
    void outputSeparately() throws Exception {
        for (String option : List.of("-ff", "--follow-forks --output-separately")) {
            Path s = Files.createDirectories(dir.resolve("ff-strace"));
            Path j = Files.createDirectories(dir.resolve("ff-jstrace"));
            List<String> args = new ArrayList<>(List.of(option.split(" ")));
            args.addAll(List.of("-o", "OUT", "sh", "-c", script));
            StraceRun.run(StraceRun.strace(replace(args, s.resolve("t"))));
            StraceRun.run(StraceRun.jstrace(replace(args, j.resolve("t"))));
            try (var a = Files.list(s); var b = Files.list(j)) {
                long files = a.count();
                assertTrue(files >= 3, "one file per process: " + files);
                assertEquals(files, b.count(), option + ": one file per process");
            }
            assertSame(option, joined(s), joined(j), 0.9);
        }
    }

    /** The per-process files of -ff, in pid order, as one file. */
    private static Path joined(Path d) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(d)) {
            for (Path f : files.sorted(java.util.Comparator.comparingLong(
                    p -> Long.parseLong(p.getFileName().toString().substring(2)))).collect(Collectors.toList())) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.ISO_8859_1));
                Files.delete(f);
            }
        }
        Path out = d.resolveSibling(d.getFileName() + ".joined");
        Files.write(out, lines, StandardCharsets.ISO_8859_1);
        return out;
    }

    /** Command lines strace refuses: jstrace refuses them with strace's words, and the same status. */
    @ParameterizedTest
    @ValueSource(strings = {
        "-s=8 true", "-s -1 true", "--string-limit x true", "-X VERBOSE true", "-X foo true", "-a x true",
        "-e trace= true", "--trace= true", "-e trace=! true", "-e trace=%foo true", "-e trace=%FILE true",
        "-e trace=open@12 true", "-e trace=/[ true", "-e e=foo true", "-e signal= true", "-e signal=foo true",
        "-e signal=256 true", "-e signal=99999999999 true",
        "-e status=foo true", "-e quiet=foo true", "--quiet=foo true", "-e decode-fds=foo true",
        "-e read=x true", "-e write=-1 true", "--read-data=all true", "--summ=1 true", "-w true", "--summary-wall-clock true", "-c -ff true",
        "-cC true", "-C -ff true", "-q -e quiet=exit true", "-t --absolute-timestamps=us true",
        "-x --strings-in-hex=all true", "-y -e decode-fds=path true", "-j true", "--foo true", "-s", "-e",
        "--string-limit", "--summ true", "--follow-forks=1 true", "-p 0", "-p x", "--syscall-times=xs true",
        "--relative-timestamps=x true", "--absolute-timestamps=foo true", "--strings-in-hex=foo true", ""
    })
    void refusedAsStraceRefusesIt(String commandLine) throws Exception {
        List<String> args = commandLine.isEmpty() ? List.of() : List.of(commandLine.split(" "));
        StraceRun.Result s = StraceRun.run(StraceRun.strace(args));
        StraceRun.Result j = StraceRun.run(StraceRun.jstrace(args));
        assertEquals(s.status(), j.status(), commandLine);
        assertEquals(s.stderr().replace("strace", "jstrace"), j.stderr(), commandLine);
    }

    /** Options jstrace does not implement: refused with one line that names the option and says why. */
    @ParameterizedTest
    @ValueSource(strings = {
        "-yy", "--decode-fds=all", "-e decode-fds=socket",
        "-v", "--no-abbrev", "-Y", "--decode-pids=comm", "--decode-pids=pidns", "--pidns-translation",
        "-D", "-DD", "--daemonize=session", "--tips", "--tips=id:1",
        "--secontext", "-e kvm=vcpu", "--kvm=vcpu", "-e abbrev=none", "--abbrev=read", "-e verbose=none",
        "--verbose=!read",
        "--relative-timestamps=ns", "--syscall-times=ms", "--absolute-timestamps=precision:ns"
    })
    void unimplementedOptionsAreRefused(String option) throws Exception {
        List<String> args = new ArrayList<>(List.of(option.split(" ")));
        args.add("/bin/true");
        StraceRun.Result j = StraceRun.run(StraceRun.jstrace(args));
        assertEquals(1, j.status(), option + ": " + j.stderr());
        assertTrue(j.stderr().matches("jstrace: [^\n]* is not supported[^\n]*\n"), option + ": " + j.stderr());
    }

    private static void compare(String option, double minShare, String... command) throws Exception {
        compare(dir, option, minShare, command);
    }

    /** Runs strace and jstrace with {@code option} on {@code command}, writing their traces into {@code dir}. */
    static void compare(Path dir, String option, double minShare, String... command) throws Exception {
        String name = option.replaceAll("[^A-Za-z0-9]+", "_");
        Path s = dir.resolve(name + ".strace");
        Path j = dir.resolve(name + ".jstrace");
        List<String> args = new ArrayList<>(List.of(option.split(" ")));
        args.addAll(List.of("-o", "OUT"));
        args.addAll(List.of(command));
        StraceRun.Result sr = StraceRun.run(StraceRun.strace(replace(args, s)));
        StraceRun.Result jr = StraceRun.run(StraceRun.jstrace(replace(args, j)));
        assertEquals(sr.status(), jr.status(), option + " exit status; jstrace said: " + jr.stderr());
        assertEquals(sr.stderr().replace("strace", "jstrace").replaceAll("Process \\d+", "Process N"),
                jr.stderr().replaceAll("Process \\d+", "Process N"), option + " messages");
        assertSame(option, s, j, minShare);
    }

    private static List<String> replace(List<String> args, Path out) {
        return args.stream().map(a -> a.equals("OUT") ? out.toString() : a).collect(Collectors.toList());
    }

    /** Compares two trace files after masking times (their format is compared, not their values). */
    static void assertSame(String option, Path s, Path j, double minShare) throws IOException {
        GoldenDiff.Result r = GoldenDiff.compare(GoldenDiff.load(masked(s), 0), GoldenDiff.load(masked(j), 0));
        assertEquals(keys(r.strace()), keys(r.jstrace()), option + ": every line agrees on syscall and result:\n"
                + String.join("\n", r.differing()));
        assertTrue(r.share() >= minShare, option + ": only " + r.share() + " of lines match exactly:\n"
                + String.join("\n", r.differing()));
    }

    private static Path masked(Path p) throws IOException {
        Path m = p.resolveSibling(p.getFileName() + ".masked");
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) {
            // -n: the syscall number goes to the end, so that GoldenDiff still joins unfinished and resumed lines
            // and finds each line's syscall and result
            l = l.endsWith(" <unfinished ...>") ? l.replaceFirst("\\[ *\\d+\\] ", "")
                    : l.replaceFirst("^(\\d+ +)?\\[ *(\\d+)\\] (.*)$", "$1$3 #nr=$2");
            lines.add(l.replaceAll("\\d\\d:\\d\\d:\\d\\d", "HH:MM:SS").replaceAll("\\b\\d{10}\\b", "EPOCH")
                    .replaceAll("(HH:MM:SS|EPOCH)\\.\\d{6}\\b", "$1.USEC")
                    .replaceAll("^( *)\\d+\\.\\d{6} ", "REL ").replaceAll("<\\d+\\.\\d{6}>", "<DURATION>"));
        }
        Files.write(m, lines, StandardCharsets.ISO_8859_1);
        return m;
    }

    private static List<String> keys(List<GoldenDiff.Line> lines) {
        return lines.stream().map(GoldenDiff.Line::key)
                // as in JstraceGoldenIT: the tracer's pid, the lowest free fd, SIGCHLDs that coalesce
                .filter(k -> !k.contains("getppid") && !k.contains("fcntl"))
                .filter(k -> !k.contains("--- SIGCHLD") && !k.contains("rt_sigreturn"))
                .map(k -> k.replaceAll("= \\d+$", "= N")).sorted().collect(Collectors.toList());
    }
}
