package dev.ptrace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.IntegrationSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("native")
class SimpleStraceIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void ptrace() {
        IntegrationSupport.requirePtrace();
    }

    @AfterEach
    void noLeaks() {
        ExampleRun.assertNoLeaks();
    }

    @Test
    void printsEachSyscallOfCatWithPathsAndResults() throws Exception {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello\n");
        ExampleRun r = ExampleRun.of(SimpleStrace::run, "-s", "200", "cat", file.toString());
        assertEquals(0, r.status(), r.err());
        String trace = r.err();
        assertTrue(trace.startsWith("execve(\"/"), trace);
        assertTrue(trace.contains("openat(-100, \"" + file + "\", 0, 0) = 3\n")
                || trace.contains("openat(-100, \"" + file + "\", 0, 0) = 4\n"), trace);
        assertTrue(trace.contains("read(3, 0x") && trace.contains(") = 6\n"), trace);
        assertTrue(trace.contains("write(1, 0x"), trace);
        assertTrue(trace.endsWith("exit_group(0) = ?\n+++ exited with 0 +++\n"), trace);
    }

    @Test
    void escapesStringsAndNamesErrors() {
        ExampleRun r = ExampleRun.of(SimpleStrace::run, "cat", "/nonexistent/a\nb\u00e9");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("openat(-100, \"/nonexistent/a\\nb\\xc3\\xa9\", 0, 0) = -1 ENOENT "
                + "(No such file or directory)\n"), r.err());
    }

    @Test
    void truncatesLongStrings() {
        ExampleRun r = ExampleRun.of(SimpleStrace::run, "-s", "5", "cat", "/nonexistent/long-name");
        assertTrue(r.err().contains("openat(-100, \"/none\"..., 0, 0) = -1 ENOENT"), r.err());
    }

    @Test
    void exitsWithTheCommandsStatusOrSignal() {
        assertEquals(7, ExampleRun.of(SimpleStrace::run, "sh", "-c", "exit 7").status());
        ExampleRun killed = ExampleRun.of(SimpleStrace::run, "sh", "-c", "kill -TERM $$");
        assertEquals(128 + 15, killed.status());
        assertTrue(killed.err().contains("--- SIGTERM ---\n+++ killed by SIGTERM +++\n"), killed.err());
    }

    @Test
    void writesToAFileWithMinusO() throws Exception {
        Path out = dir.resolve("trace.txt");
        ExampleRun r = ExampleRun.of(SimpleStrace::run, "-o", out.toString(), "true");
        assertEquals(0, r.status());
        assertEquals("", r.err());
        assertTrue(Files.readString(out).contains("+++ exited with 0 +++"));
    }

    @Test
    void usageErrorsAreOneLine() {
        ExampleRun.of(SimpleStrace::run).assertUsageError("Missing required parameter: 'COMMAND'");
        ExampleRun.of(SimpleStrace::run, "--bogus", "true").assertUsageError("Unknown option: '--bogus'");
        ExampleRun.of(SimpleStrace::run, "no-such-program-here").assertUsageError("Can't find 'no-such-program-here'");
    }
}
