package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.SeccompEvent;
import dev.ptrace.strace.StracePrinter;
import dev.ptrace.strace.SyscallEvent;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event formats on events built by hand, for what a traced program cannot be made to produce on demand: a
 * seccomp stop, a call still in progress when tracing stops, and the schema refusing what it does not describe.
 * Real output is checked by {@code JstraceEventFormatsIT}.
 */
class EventFormatsTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path proc;

    private static Tracee tracee(int pid) {
        Tracee t = mock(Tracee.class);
        when(t.pid()).thenReturn(pid);
        when(t.processId()).thenReturn(pid);
        return t;
    }

    private static SyscallEvent readEntry(Tracee t) {
        return new SyscallEvent(t, T0 + 1000, false, 0, "read", new SyscallArgs(0, 0, 0, 0, 0, 0), 0, false, false, 0,
                "read(0, ", "", "");
    }

    @Test
    void seccompStopsAndCallsInProgressAtTheEndFollowTheSchema() throws Exception {
        StringWriter out = new StringWriter();
        JsonPrinter printer = new JsonPrinter(out, EnumSet.allOf(StracePrinter.Status.class));
        Tracee t = tracee(42);
        printer.accept(new SeccompEvent(t, T0, 7));
        printer.accept(readEntry(t));
        printer.finish(List.of(42), T0 + 5000);
        List<JsonNode> lines = EventFormats.jsonLines(out.toString());
        assertEquals(List.of("header", "seccomp", "syscall", "detach"),
                lines.stream().map(n -> n.get("type").asText()).toList());
        JsonNode read = lines.get(2);
        assertEquals("detached", read.get("status").asText());
        assertEquals("[{\"type\":\"number\",\"value\":0,\"radix\":10}]", read.get("args").toString());
        assertTrue(out.toString().contains("\"entry_time\":1700000000.000001,"), "seconds with microseconds");
        assertFalse(read.has("return"));
    }

    @Test
    void statusFiltersChooseTheCallsWritten() throws Exception {
        StringWriter out = new StringWriter();
        JsonPrinter printer = new JsonPrinter(out, EnumSet.of(StracePrinter.Status.FAILED)); // -Z
        Tracee t = tracee(42);
        printer.accept(new SyscallEvent(t, T0, true, 3, "close", new SyscallArgs(0, 0, 0, 0, 0, 0), 0, false, true,
                1000, "close(", "0", "0"));
        printer.accept(new SyscallEvent(t, T0, true, 3, "close", new SyscallArgs(0, 0, 0, 0, 0, 0), -9, true, true,
                1000, "close(", "99", "-1 EBADF (Bad file descriptor)"));
        printer.accept(readEntry(t));
        printer.finish(List.of(), T0 + 5000);
        List<JsonNode> lines = EventFormats.jsonLines(out.toString());
        assertEquals(2, lines.size(), out.toString());
        assertEquals("EBADF", lines.get(1).get("errno").asText());
        assertEquals(-1, lines.get(1).get("return").asInt());
    }

    @Test
    void theSchemaRefusesWhatItDoesNotDescribe() throws Exception {
        assertTrue(EventFormats.valid("{\"type\":\"detach\",\"pid\":1,\"time\":1.5}"));
        assertFalse(EventFormats.valid("{\"type\":\"detach\",\"pid\":1,\"time\":1.5,\"extra\":0}"));
        assertFalse(EventFormats.valid("{\"type\":\"header\",\"schema\":\"jstrace-events\",\"version\":2}"));
        String call = "{\"type\":\"syscall\",\"pid\":1,\"time\":2,\"syscall\":\"close\",\"number\":3,\"args\":[%s],"
                + "\"status\":\"returned\",\"entry_time\":1,\"duration\":1,\"return\":0,\"result\":\"0\",\"line\":\"x\"}";
        assertTrue(EventFormats.valid(String.format(call, "{\"type\":\"number\",\"value\":3,\"radix\":10}")));
        assertFalse(EventFormats.valid(String.format(call, "\"3\"")), "arguments are trees, not text");
        assertFalse(EventFormats.valid(String.format(call, "{\"type\":\"number\",\"value\":3,\"radix\":2}")));
        assertFalse(EventFormats.valid(String.format(call, "{\"type\":\"string\",\"truncated\":false}")),
                "a string has its value");
        assertFalse(EventFormats.valid(String.format(call, "").replace(",\"return\":0", "")),
                "a call that returned has its return value");
    }

    @Test
    void aCallInProgressWhenTracingStopsIsClosedAndTheDocumentIsComplete() throws Exception {
        Files.createDirectories(proc.resolve("42"));
        Files.writeString(proc.resolve("42").resolve("comm"), "cat\n");
        StringWriter out = new StringWriter();
        TraceEventPrinter printer = new TraceEventPrinter(out, proc);
        Tracee t = tracee(42);
        printer.accept(readEntry(t));
        printer.accept(new SeccompEvent(t, T0 + 5000, 7));
        printer.finish(T0 + 9000);
        printer.finish(T0 + 10_000);
        List<JsonNode> events = EventFormats.traceEvents(out.toString().getBytes(StandardCharsets.UTF_8));
        JsonNode slice = events.stream().filter(e -> e.get("ph").asText().equals("X")).findFirst().orElseThrow();
        assertEquals("read", slice.get("name").asText());
        assertEquals(8.0, slice.get("dur").asDouble(), "from its entry to the end of tracing, in microseconds");
        assertEquals("<detached ...>", slice.get("args").get("result").asText());
        assertTrue(events.stream().anyMatch(e -> e.get("name").asText().equals("process_name")
                && e.get("args").get("name").asText().equals("cat")), events.toString());
    }
}
