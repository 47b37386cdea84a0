package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace's destination: errors reported once per kind and never thrown; {@code |cmd}; strace's open message. */
class TraceOutputTest {
    @TempDir
    Path dir;

    private final StringWriter messages = new StringWriter();
    private final AtomicInteger brokenPipes = new AtomicInteger();
    private final TraceOutput.Errors errors = new TraceOutput.Errors(new PrintWriter(messages),
            brokenPipes::incrementAndGet);

    @Test
    void aFullDeviceIsReportedOnceAndNothingThrows() {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full");
        TraceOutput out = TraceOutput.open("/dev/full", errors);
        for (int i = 0; i < 100; i++) {
            out.write("getpid() = 1\n");
            out.flush();
        }
        out.close();
        assertEquals("jstrace: /dev/full: No space left on device\n", messages.toString());
        assertEquals(0, brokenPipes.get());
    }

    @Test
    void aMissingDirectoryGivesStracesMessage() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> TraceOutput.open(dir.resolve("no/x").toString(), errors));
        assertEquals("Can't fopen '" + dir.resolve("no/x") + "': No such file or directory", e.getMessage());
        e = assertThrows(UncheckedIOException.class, () -> TraceOutput.open(dir.toString(), errors));
        assertEquals("Can't fopen '" + dir + "': Is a directory", e.getMessage());
    }

    @Test
    void aPipedCommandGetsTheTraceAndIsWaitedFor() throws Exception {
        Path file = dir.resolve("t");
        TraceOutput out = TraceOutput.open("|sleep 0.2; cat >" + file, errors);
        out.write("line\n");
        out.close();
        assertEquals("line\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals("", messages.toString());
    }

    @Test
    void aCommandThatEndedIsABrokenPipe() throws Exception {
        TraceOutput out = TraceOutput.open("!exit 7", errors);
        Thread.sleep(300); // the command ends
        for (int i = 0; i < 3; i++) {
            out.write("x\n");
            out.flush();
        }
        out.close();
        assertEquals("jstrace: !exit 7: Broken pipe\n", messages.toString());
        assertTrue(brokenPipes.get() >= 3, "each failed flush is an EPIPE that SIGPIPE's policy hears of");
    }
}
