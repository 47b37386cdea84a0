package dev.ptrace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.core.it.ProcessLeaks;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reads a process that is not a child of this JVM, as one would with a real pid. */
@Tag("native")
class MemoryReaderIT {
    private IntegrationSupport.Grandchild sleeper;

    @BeforeAll
    static void ptrace() {
        IntegrationSupport.requirePtrace();
    }

    @BeforeEach
    void start() throws Exception {
        sleeper = IntegrationSupport.startGrandchild("exec sleep 30");
        for (int i = 0; i < 100 && !ProcessHandle.of(sleeper.pid()).flatMap(h -> h.info().command())
                .orElse("").endsWith("sleep"); i++) {
            Thread.sleep(20); // until the shell's child has exec'd sleep
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        try {
            // Detached and left as it was: sleeping (after the moment it runs to resume its sleep), not stopped,
            // not traced.
            for (int i = 0; i < 250 && ProcessLeaks.state(sleeper.pid()) == 'R'; i++) {
                Thread.sleep(20);
            }
            assertEquals('S', ProcessLeaks.state(sleeper.pid()));
            assertEquals(0, ProcessLeaks.tracerPid(sleeper.pid()));
        } finally {
            sleeper.close();
        }
        ExampleRun.assertNoLeaks();
    }

    private String pid() {
        return Long.toString(sleeper.pid());
    }

    @Test
    void listsTheMappings() {
        ExampleRun r = ExampleRun.of(MemoryReader::run, "-p", pid());
        assertEquals(0, r.status(), r.err());
        assertTrue(Pattern.compile("(?m)^[0-9a-f]{16}-[0-9a-f]{16} r-xp .*/sleep$").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^[0-9a-f]{16}-[0-9a-f]{16} rw-p .*  \\[stack\\]$").matcher(r.out()).find(),
                r.out());
    }

    @Test
    void findsTheArgumentsOnTheStackAndDumpsThem() {
        // argv is "sleep\0" "30\0" at the top of the stack
        ExampleRun found = ExampleRun.of(MemoryReader::run, "-p", pid(), "--search", "sleep", "--in", "[stack]");
        assertEquals(0, found.status(), found.err());
        Matcher m = Pattern.compile("(?m)^0x([0-9a-f]{16}) \\[stack\\]\\+0x[0-9a-f]+ \"sleep\\\\x0030\\\\x00")
                .matcher(found.out());
        assertTrue(m.find(), found.out());
        assertTrue(found.out().matches("(?s).*\\n\\d+ match(es)?\\n$"), found.out());

        ExampleRun dump = ExampleRun.of(MemoryReader::run, "-p", pid(), "--dump", "0x" + m.group(1), "-n", "9");
        assertEquals(0, dump.status(), dump.err());
        assertEquals(m.group(1) + "  73 6c 65 65 70 00 33 30  00" + " ".repeat(23) + "|sleep.30.|\n", dump.out());
    }

    @Test
    void searchesForBytesInHexAndReportsUnreadableEnds() {
        ExampleRun r = ExampleRun.of(MemoryReader::run, "-p", pid(), "--search-hex", "7f454c46", "--max-matches", "1");
        assertTrue(r.out().contains("\"\\x7fELF"), "an ELF header is mapped: " + r.out());
        assertTrue(r.out().contains("(stopped after 1 matches)"), r.out());
    }

    @Test
    void usageErrors() {
        ExampleRun.of(MemoryReader::run).assertUsageError("Missing required option: '-p=PID'");
        ExampleRun.of(MemoryReader::run, "-p", pid(), "--dump", "nosuchlib.so").assertUsageError(
                "no mapping named 'nosuchlib.so'");
        ExampleRun.of(MemoryReader::run, "-p", pid(), "-n", "0", "--dump", "[stack]").assertUsageError(
                "--length must be");
    }
}
