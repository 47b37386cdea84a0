package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.core.it.TestPrograms;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jstrace's {@code --json} and {@code --perfetto} output of a real program, checked against the published JSON
 * Schema and the trace-event format ({@link EventFormats}): syscalls with decoded argument trees, a failed call, a
 * signal, children that exit and are killed, a thread blocked in {@code read} while the main thread makes calls
 * (strace's unfinished/resumed lines under {@code -f}), and a SIGTERM to jstrace while the program blocks.
 */
@Tag("native")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JstraceEventFormatsIT {
    private static final String MISSING = "/nonexistent/jstrace-events";

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
     * A thread blocks in {@code read} on a pipe while the main thread fails an {@code openat}, sends itself SIGUSR1
     * and then writes the byte the reader waits for; a child is killed by SIGKILL, another exits with 3. With an
     * argument it then writes "ready" and waits in {@code pause}.
     */
    private static Path program() {
        return TestPrograms.build("events_tracee", """
                #include <fcntl.h>
                #include <pthread.h>
                #include <signal.h>
                #include <sys/wait.h>
                #include <unistd.h>
                static int p[2];
                static void on(int s) { (void) s; }
                static void *reader(void *a) { char c; (void) a; read(p[0], &c, 1); return NULL; }
                int main(int argc, char **argv) {
                    (void) argv;
                    pipe(p);
                    pthread_t t;
                    pthread_create(&t, NULL, reader, NULL);
                    usleep(50000);
                    open("%s", O_RDONLY);
                    signal(SIGUSR1, on);
                    kill(getpid(), SIGUSR1);
                    write(p[1], "x", 1);
                    pthread_join(t, NULL);
                    pid_t c = fork();
                    if (c == 0) { pause(); _exit(0); }
                    kill(c, SIGKILL);
                    waitpid(c, NULL, 0);
                    c = fork();
                    if (c == 0) _exit(3);
                    waitpid(c, NULL, 0);
                    if (argc > 1) { write(1, "ready\\n", 6); pause(); }
                    return 0;
                }
                """.formatted(MISSING));
    }

    private Process start(List<String> args, Path stdout) throws Exception {
        Process p = new ProcessBuilder(StraceRun.jstrace(args)).redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("stderr").toFile()).redirectInput(new File("/dev/null")).start();
        started.add(p);
        return p;
    }

    private static List<JsonNode> of(List<JsonNode> nodes, String type, Predicate<JsonNode> test) {
        return nodes.stream().filter(n -> n.get("type").asText().equals(type) && test.test(n)).toList();
    }

    private static JsonNode one(List<JsonNode> nodes, String type, Predicate<JsonNode> test) {
        List<JsonNode> found = of(nodes, type, test);
        assertEquals(1, found.size(), type + ": " + found);
        return found.get(0);
    }

    @Test
    void jsonAndTraceEventsOfAProgramWithThreadsSignalsAndChildren() throws Exception {
        Path prog = program();
        Path json = dir.resolve("trace.jsonl");
        Path perfetto = dir.resolve("trace.json");
        Process p = start(List.of("-f", "-y", "--json", "-o", json.toString(), "--perfetto", perfetto.toString(),
                prog.toString()), dir.resolve("stdout"));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr")));

        List<JsonNode> lines = EventFormats.jsonLines(Files.readString(json));
        int main = one(lines, "exited", n -> n.get("status").asInt() == 0 && of(lines, "attach",
                a -> a.get("pid").asInt() == n.get("pid").asInt()).isEmpty()).get("pid").asInt();
        JsonNode open = one(lines, "syscall", n -> n.get("line").asText().contains(MISSING));
        assertEquals("ENOENT", open.get("errno").asText());
        assertEquals(-1, open.get("return").asInt());
        assertEquals("openat", open.get("syscall").asText());
        assertEquals("AT_FDCWD", open.get("args").get(0).get("fd").get("name").asText(), "-y: AT_FDCWD<cwd>");
        assertEquals(System.getProperty("user.dir"), open.get("args").get(0).get("path").asText());
        assertEquals(MISSING, open.get("args").get(1).get("value").asText());
        assertEquals("O_RDONLY", open.get("args").get(2).get("name").asText());
        JsonNode write = one(lines, "syscall", n -> n.get("syscall").asText().equals("write")
                && n.get("args").get(1).path("value").asText().equals("x"));
        assertEquals("fd", write.get("args").get(0).get("type").asText(), "-y: a descriptor with its path");
        assertTrue(write.get("args").get(0).get("path").asText().startsWith("pipe:["), write.toString());

        // the reader's read spans the main thread's calls: strace's unfinished ... resumed lines
        JsonNode read = one(lines, "syscall", n -> n.get("syscall").asText().equals("read")
                && n.get("pid").asInt() != main && n.get("args").get(0).get("type").asText().equals("fd"));
        assertTrue(read.get("entry_time").asDouble() < open.get("time").asDouble()
                && open.get("time").asDouble() < read.get("time").asDouble(), read + " spans " + open);
        assertEquals("returned", read.get("status").asText());

        one(lines, "signal", n -> n.get("signal").asText().equals("SIGUSR1")
                && n.get("siginfo").get("si_pid").asInt() == main);
        JsonNode killed = one(lines, "killed", n -> n.get("signal").asText().equals("SIGKILL"));
        JsonNode three = one(lines, "exited", n -> n.get("status").asInt() == 3);
        Set<Integer> attached = of(lines, "attach", n -> n.get("parent").asInt() == main).stream()
                .map(n -> n.get("pid").asInt()).collect(Collectors.toSet());
        assertEquals(Set.of(read.get("pid").asInt(), killed.get("pid").asInt(), three.get("pid").asInt()), attached);
        List<String> raw = new ArrayList<>();
        for (JsonNode call : of(lines, "syscall", n -> true)) {
            if (call.get("args").toString().contains("\"type\":\"raw\"")) {
                raw.add(call.get("line").asText());
            }
        }
        assertEquals(List.of(), raw, "every argument has structure");

        List<JsonNode> events = EventFormats.traceEvents(Files.readAllBytes(perfetto));
        List<JsonNode> slices = events.stream().filter(e -> e.get("ph").asText().equals("X")).toList();
        assertEquals(of(lines, "syscall", n -> true).size(), slices.size(), "a slice for each call");
        assertTrue(events.stream().anyMatch(e -> e.get("name").asText().equals("process_name")
                && e.get("pid").asInt() == main && e.get("args").get("name").asText().equals("events_tracee")));
        assertTrue(events.stream().anyMatch(e -> e.get("name").asText().equals("thread_name")
                && e.get("tid").asInt() == read.get("pid").asInt() && e.get("pid").asInt() == main),
                "the reader thread's track is in the program's process");
        for (String instant : List.of("SIGUSR1", "killed by SIGKILL", "exited with 3", "exited with 0")) {
            assertTrue(events.stream().anyMatch(e -> e.get("ph").asText().equals("i")
                    && e.get("name").asText().equals(instant)), instant);
        }
        JsonNode readSlice = slices.stream().filter(e -> e.get("tid").asInt() == read.get("pid").asInt()
                && e.get("name").asText().equals("read")).findFirst().orElseThrow();
        JsonNode openSlice = slices.stream().filter(e -> e.get("args").get("args").toString().contains(MISSING))
                .findFirst().orElseThrow();
        assertEquals("-1 ENOENT (No such file or directory)", openSlice.get("args").get("result").asText());
        assertEquals("ENOENT", openSlice.get("args").get("errno").asText());
        double start = readSlice.get("ts").asDouble();
        double end = start + readSlice.get("dur").asDouble();
        assertTrue(start < openSlice.get("ts").asDouble() && openSlice.get("ts").asDouble() < end,
                "the blocked read's slice covers the openat on the other track");
    }

    @Test
    void aSigtermToJstraceLeavesBothFilesCompleteWithTheCallInProgress() throws Exception {
        Path prog = program();
        Path json = dir.resolve("trace.jsonl");
        Path perfetto = dir.resolve("trace.json");
        Path stdout = dir.resolve("stdout");
        Process p = start(List.of("-I", "2", "-f", "--json", "-o", json.toString(), "--perfetto",
                perfetto.toString(), prog.toString(), "block"), stdout);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(stdout).contains("ready")) {
            assertTrue(System.nanoTime() < deadline && p.isAlive(), "the program got to its pause");
            Thread.sleep(20);
        }
        Thread.sleep(200); // into pause()
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(128 + 15, p.exitValue(), "jstrace ends by the signal, as strace does");

        List<JsonNode> lines = EventFormats.jsonLines(Files.readString(json));
        JsonNode pause = one(lines, "syscall", n -> n.get("syscall").asText().equals("pause"));
        assertEquals("detached", pause.get("status").asText());
        assertFalse(pause.has("return"));
        int main = pause.get("pid").asInt();
        one(lines, "detach", n -> n.get("pid").asInt() == main);
        assertEquals("detach", lines.get(lines.size() - 1).get("type").asText(), "written last");

        List<JsonNode> events = EventFormats.traceEvents(Files.readAllBytes(perfetto));
        JsonNode slice = events.stream().filter(e -> e.get("name").asText().equals("pause")).findFirst()
                .orElseThrow();
        assertEquals("<detached ...>", slice.get("args").get("result").asText());
        assertTrue(slice.get("dur").asDouble() >= 200_000, "it lasted until the signal: " + slice);
    }
}
