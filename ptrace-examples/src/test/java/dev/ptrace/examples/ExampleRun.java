package dev.ptrace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ptrace.core.it.ProcessLeaks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The outcome of running an example tool in this JVM: its exit status and what it printed. */
record ExampleRun(int status, String out, String err) {

    /** A tool's {@code run(out, err, args)} method. */
    interface Tool {
        int run(PrintStream out, PrintStream err, String... args);
    }

    static ExampleRun of(Tool tool, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = tool.run(o, e, args);
        }
        return new ExampleRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A usage error: status 1, a one-line reason and the hint, no stack trace. */
    void assertUsageError(String reason) {
        assertEquals(1, status, err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace:\n" + err);
        org.junit.jupiter.api.Assertions.assertTrue(err.contains(reason), err);
    }

    /** Fails if a test left a process stopped, traced or unreaped. */
    static void assertNoLeaks() {
        List<String> leaks = ProcessLeaks.find();
        assertEquals(List.of(), leaks, "processes left stopped, traced or zombie");
    }
}
