package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.core.it.ProcessLeaks;
import dev.ptrace.core.it.TestPrograms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the program traced by the real {@code ./jstrace} launcher receives is exactly what jstrace was given, as under
 * strace and as when run directly: argv and environment bytes (not UTF-8 too, in a program's path too), the
 * environment's order and nothing added (no PWD), the working directory, umask, signal mask, ignored signals and
 * rlimits, the open descriptors. A C starter sets all of these up (Java cannot pass bytes that are not text) and
 * execs the command; a C program prints what it received.
 */
@Tag("native")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecTimeArgumentsIT {
    private static final Path LAUNCHER = Path.of("..", "jstrace").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    /** Prints, in hex, every argument and environment entry, then the process state a shell passes on. */
    private static final String REPORT = String.join("\n",
            "#include <signal.h>",
            "#include <stdio.h>",
            "#include <sys/resource.h>",
            "#include <sys/stat.h>",
            "#include <dirent.h>",
            "#include <stdlib.h>",
            "#include <unistd.h>",
            "extern char **environ;",
            "static void hex(const char *what, const char *s) {",
            "    printf(\"%s:\", what);",
            "    for (; *s; s++) printf(\"%02x\", (unsigned char) *s);",
            "    printf(\"\\n\");",
            "}",
            "int main(int argc, char **argv) {",
            "    for (int i = 0; i < argc; i++) hex(\"arg\", argv[i]);",
            "    for (char **e = environ; *e; e++) hex(\"env\", *e);",
            "    char cwd[4096];",
            "    hex(\"cwd\", getcwd(cwd, sizeof cwd) ? cwd : \"?\");",
            "    mode_t m = umask(0);",
            "    printf(\"umask:%o\\n\", (unsigned) m);",
            "    sigset_t set;",
            "    sigprocmask(SIG_BLOCK, NULL, &set);",
            "    printf(\"blocked:\");",
            "    for (int s = 1; s < 65; s++) if (sigismember(&set, s) == 1) printf(\" %d\", s);",
            "    printf(\"\\nignored:\");",
            "    for (int s = 1; s < 65; s++) {",
            "        struct sigaction a;",
            "        if (sigaction(s, NULL, &a) == 0 && a.sa_handler == SIG_IGN) printf(\" %d\", s);",
            "    }",
            "    printf(\"\\n\");",
            "    for (int r = 0; r < RLIM_NLIMITS; r++) {",
            "        struct rlimit l;",
            "        if (getrlimit(r, &l) == 0) printf(\"rlimit %d:%llu %llu\\n\", r,",
            "            (unsigned long long) l.rlim_cur, (unsigned long long) l.rlim_max);",
            "    }",
            "    DIR *d = opendir(\"/proc/self/fd\");",
            "    int seen[4096] = {0};",
            "    for (struct dirent *e; d && (e = readdir(d));) {",
            "        int fd = atoi(e->d_name);",
            "        if (e->d_name[0] != '.' && fd != dirfd(d) && fd < 4096) seen[fd] = 1;",
            "    }",
            "    printf(\"fds:\");",
            "    for (int fd = 0; fd < 4096; fd++) {",
            "        if (!seen[fd]) continue;",
            "        char link[64], target[4096]; // 0-2 are this run's own pipes and files",
            "        snprintf(link, sizeof link, \"/proc/self/fd/%d\", fd);",
            "        ssize_t n = readlink(link, target, sizeof target - 1);",
            "        target[n < 0 ? 0 : n] = 0;",
            "        if (fd < 3) printf(\" %d\", fd); else printf(\" %d=%s\", fd, target);",
            "    }",
            "    printf(\"\\n\");",
            "    return 0;",
            "}");

    /**
     * {@code starter ENTRY... -- PROGRAM ARG...}: every word with {@code \xHH} escapes decoded, execs PROGRAM with
     * exactly these arguments and environment entries, after blocking SIGUSR1, ignoring SIGALRM, setting umask 027,
     * lowering two soft limits and opening /dev/null on descriptors 3 and 9 (not close-on-exec) and on 5 with
     * close-on-exec (which the program must not get).
     */
    private static final String STARTER = String.join("\n",
            "#define _GNU_SOURCE",
            "#include <fcntl.h>",
            "#include <signal.h>",
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "#include <string.h>",
            "#include <sys/resource.h>",
            "#include <sys/stat.h>",
            "#include <unistd.h>",
            "static char *unescape(const char *s) {",
            "    char *out = malloc(strlen(s) + 1), *o = out;",
            "    while (*s) {",
            "        if (s[0] == '\\\\' && s[1] == 'x' && s[2] && s[3]) {",
            "            char h[3] = {s[2], s[3], 0};",
            "            *o++ = (char) strtol(h, NULL, 16);",
            "            s += 4;",
            "        } else {",
            "            *o++ = *s++;",
            "        }",
            "    }",
            "    *o = 0;",
            "    return out;",
            "}",
            "int main(int argc, char **argv) {",
            "    char **env = calloc(argc, sizeof *env), **args = calloc(argc, sizeof *args);",
            "    int i = 1, n = 0;",
            "    for (; i < argc && strcmp(argv[i], \"--\") != 0; i++) env[n++] = unescape(argv[i]);",
            "    for (n = 0, i++; i < argc; i++) args[n++] = unescape(argv[i]);",
            "    sigset_t set;",
            "    sigemptyset(&set);",
            "    sigaddset(&set, SIGUSR1);",
            "    sigprocmask(SIG_BLOCK, &set, NULL);",
            "    signal(SIGALRM, SIG_IGN);",
            "    umask(027);",
            "    struct rlimit l;",
            "    getrlimit(RLIMIT_NOFILE, &l);",
            "    if (l.rlim_max > 1536) l.rlim_cur = 1536;",
            "    setrlimit(RLIMIT_NOFILE, &l);",
            "    getrlimit(RLIMIT_CORE, &l);",
            "    l.rlim_cur = 0;",
            "    setrlimit(RLIMIT_CORE, &l);",
            "    dup2(open(\"/dev/null\", O_RDONLY), 3);",
            "    dup2(3, 9);",
            "    dup3(3, 5, O_CLOEXEC);",
            "    execve(args[0], args, env);",
            "    perror(\"execve\");",
            "    return 127;",
            "}");

    private static final Pattern EXECVE = Pattern.compile("^execve\\((.*), 0x[0-9a-f]+ (/\\* \\d+ vars? \\*/)\\) = 0$");

    @TempDir
    Path dir;

    private Path starter;
    /** The report program at a path that is not UTF-8 ({@code .../d\xffir/report}), escaped for the starter. */
    private String program;
    private final List<String> environment = new ArrayList<>();

    @BeforeAll
    static void ptraceAllowed() {
        IntegrationSupport.requirePtrace();
        assertTrue(Files.isRegularFile(TARGET.resolve("jstrace.jar")), "the package phase builds the jar");
    }

    @AfterEach
    void noLeftovers() throws Exception {
        assertEquals(List.of(), ProcessLeaks.find(), "processes left stopped, traced or as zombies");
    }

    private void setUp() throws Exception {
        starter = TestPrograms.build("exec-starter", STARTER);
        Path report = TestPrograms.build("exec-report", REPORT);
        String mkdir = "d=\"$1/$(printf 'd\\377ir')\" && mkdir \"$d\" && cp \"$2\" \"$d/\"";
        Process mk = new ProcessBuilder("sh", "-c", mkdir, "sh", dir.toString(), report.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, mk.waitFor(), new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        program = dir + "/d\\xffir/" + report.getFileName();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // not sorted, a value that is not UTF-8, no PWD
        environment.addAll(List.of("ZZ_FIRST=1", "PATH=/usr/bin:/bin", "BAD=\\xc3\\x28\\xff", "JAVA=" + java,
                "AA=x y", "HOME=" + dir));
    }

    /** Runs {@code starter ENV -- command} in {@code dir}, returns its standard output; stderr must be empty. */
    private byte[] run(List<String> command, int expectedStatus, Map<String, String> extraEnv) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(starter.toString());
        cmd.addAll(environment);
        extraEnv.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.add("--");
        cmd.addAll(command);
        Path err = dir.resolve("err-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "ended: " + cmd);
        String errors = Files.readString(err, StandardCharsets.ISO_8859_1);
        assertEquals(expectedStatus, p.exitValue(), errors);
        lastStderr = errors;
        lastPid = p.pid();
        return out;
    }

    private String lastStderr;
    private long lastPid;

    private static List<String> args(String... words) {
        return List.of(words);
    }

    @Test
    void theProgramGetsWhatJstraceGotAsDirectlyAndUnderStrace() throws Exception {
        setUp();
        String[] programArgs = {"x\\xffy", "", "\\xc3\\xbcn\\xc3\\xaf", "-o", "--"};
        List<String> direct = new ArrayList<>(List.of(program));
        direct.addAll(List.of(programArgs));
        byte[] expected = run(direct, 0, Map.of());
        String text = new String(expected, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("env:4241443dc328ff\n"), "the starter passed the bytes: " + text);
        assertFalse(text.contains("env:5057443d"), "no PWD: " + text);
        assertTrue(text.contains(" 3=/dev/null 9=/dev/null\n"), "the starter's descriptors: " + text);

        Path jstraceTrace = dir.resolve("jstrace.trace");
        List<String> underJstrace = new ArrayList<>(List.of(LAUNCHER.toString(), "-o", jstraceTrace.toString(),
                program));
        underJstrace.addAll(List.of(programArgs));
        assertArrayEquals(expected, run(underJstrace, 0, Map.of()),
                "under jstrace:\n" + new String(expected, StandardCharsets.ISO_8859_1));
        assertEquals("", lastStderr);
        assertFalse(Files.exists(TARGET.resolve("jstrace.environ." + lastPid)), "the launcher's copy is deleted");

        // options and -- before the command: the command is still the end of the JVM's command line
        List<String> withOptions = new ArrayList<>(List.of(LAUNCHER.toString(), "-f", "-s", "64", "-o",
                dir.resolve("f.trace").toString(), "--", program));
        withOptions.addAll(List.of(programArgs));
        assertArrayEquals(expected, run(withOptions, 0, Map.of()), "with options and --");

        Path strace = Path.of("/usr/bin/strace");
        if (Files.isExecutable(strace)) {
            Path straceTrace = dir.resolve("strace.trace");
            List<String> underStrace = new ArrayList<>(List.of(strace.toString(), "-o", straceTrace.toString(),
                    program));
            underStrace.addAll(List.of(programArgs));
            assertArrayEquals(expected, run(underStrace, 0, Map.of()), "under strace");
            Matcher s = execve(straceTrace);
            Matcher j = execve(jstraceTrace);
            assertEquals(s.group(2), j.group(2), "the same number of environment variables");
            assertEquals(s.group(1), j.group(1), "the same execve line");
        }
    }

    private static Matcher execve(Path trace) throws IOException {
        String first = Files.readAllLines(trace, StandardCharsets.ISO_8859_1).get(0);
        Matcher m = EXECVE.matcher(first);
        assertTrue(m.matches(), first);
        return m;
    }

    @Test
    void aMissingProgramWhosePathIsNotUtf8IsNamedEscaped() throws Exception {
        setUp();
        String missing = dir + "/d\\xffir/missing";
        run(args(LAUNCHER.toString(), "-o", dir.resolve("x.trace").toString(), missing), 1, Map.of());
        assertEquals("jstrace: Can't stat '" + dir + "/d\\xffir/missing': No such file or directory\n", lastStderr);
    }

    @Test
    void aJvmThatCannotStartLeavesTheEnvironmentCopyOnlyUntilTheNextStart() throws Exception {
        setUp();
        run(args(LAUNCHER.toString(), "-o", "/dev/null", "/bin/true"), 1,
                Map.of("JSTRACE_JAVA_OPTS", "-XX:+NoSuchOptionForJstraceTest"));
        Path left = TARGET.resolve("jstrace.environ." + lastPid);
        assertTrue(Files.exists(left), "java did not start, so nothing read the copy");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(left)), "private to the user");
        run(args(LAUNCHER.toString(), "-o", "/dev/null", "/bin/true"), 0, Map.of());
        assertFalse(Files.exists(left), "the next start sweeps the copy of a process that is gone");
    }
}
