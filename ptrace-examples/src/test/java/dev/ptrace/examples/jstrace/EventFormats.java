package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of jstrace's two event formats: {@code --json} lines against the published JSON Schema
 * ({@code jstrace-events.schema.json}, read from the classpath as the jar ships it), and a {@code --perfetto}
 * document against the trace-event format's rules.
 */
final class EventFormats {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Schema SCHEMA = load();

    private EventFormats() {
    }

    private static Schema load() {
        try (InputStream in = JsonPrinter.class.getResourceAsStream("jstrace-events.schema.json")) {
            JsonNode node = MAPPER.readTree(in);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses {@code --json} output, asserting that the first line is the header of this schema version and that
     * every line is valid against the schema.
     *
     * @return the lines' objects, header included
     */
    static List<JsonNode> jsonLines(String output) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : output.split("\n")) {
            JsonNode node = MAPPER.readTree(line);
            List<Error> errors = SCHEMA.validate(node);
            assertEquals(List.of(), errors.stream().map(Error::toString).toList(), "schema errors in " + line);
            nodes.add(node);
        }
        assertEquals("header", nodes.get(0).get("type").asText());
        assertEquals(JsonPrinter.VERSION, nodes.get(0).get("version").asInt());
        return nodes;
    }

    /** {@return whether the schema accepts {@code json}} (for tests that the schema is strict) */
    static boolean valid(String json) throws IOException {
        return SCHEMA.validate(MAPPER.readTree(json)).isEmpty();
    }

    /**
     * Parses a {@code --perfetto} document and asserts the trace-event format's rules: an object with a
     * {@code traceEvents} array; each event a complete slice ({@code X}: name, pid, tid, ts and dur not negative,
     * its arguments and result in args), a metadata event ({@code M}: process_name or thread_name with a name) or a
     * thread-scoped instant event ({@code i}); on each thread's track the slices do not overlap (one syscall at a
     * time per thread), and every thread with a slice is named.
     *
     * @return the events
     */
    static List<JsonNode> traceEvents(byte[] document) throws IOException {
        JsonNode root = MAPPER.readTree(document);
        assertTrue(root.isObject() && root.get("traceEvents").isArray(), "a JSON object with traceEvents");
        List<JsonNode> events = new ArrayList<>();
        root.get("traceEvents").forEach(events::add);
        Map<Integer, List<double[]>> slices = new HashMap<>();
        Map<Integer, String> threadNames = new HashMap<>();
        for (JsonNode e : events) {
            String ph = e.path("ph").asText();
            assertTrue(e.get("pid").isInt() && e.get("tid").isInt() && e.path("name").isTextual(), e.toString());
            int tid = e.get("tid").asInt();
            switch (ph) {
                case "X" -> {
                    double ts = e.get("ts").asDouble();
                    double dur = e.get("dur").asDouble();
                    assertTrue(e.get("ts").isNumber() && ts >= 0 && e.get("dur").isNumber() && dur >= 0, e.toString());
                    assertTrue(e.path("args").path("args").isArray() && e.path("args").path("result").isTextual(),
                            e.toString());
                    slices.computeIfAbsent(tid, k -> new ArrayList<>()).add(new double[] {ts, dur});
                }
                case "M" -> {
                    String kind = e.get("name").asText();
                    assertTrue(kind.equals("process_name") || kind.equals("thread_name"), e.toString());
                    assertTrue(!e.path("args").path("name").asText().isEmpty(), e.toString());
                    if (kind.equals("thread_name")) {
                        threadNames.put(tid, e.path("args").path("name").asText());
                    }
                }
                case "i" -> assertTrue(e.get("ts").asDouble() >= 0 && e.path("s").asText().equals("t"), e.toString());
                default -> throw new AssertionError("unexpected phase: " + e);
            }
        }
        for (Map.Entry<Integer, List<double[]>> track : slices.entrySet()) {
            List<double[]> list = track.getValue();
            list.sort((a, b) -> Double.compare(a[0], b[0]));
            for (int i = 1; i < list.size(); i++) {
                double[] prev = list.get(i - 1);
                assertTrue(prev[0] + prev[1] <= list.get(i)[0] + 0.001, "slices overlap on thread " + track.getKey()
                        + " at ts " + list.get(i)[0]);
            }
            assertTrue(threadNames.containsKey(track.getKey()), "thread " + track.getKey() + " is named");
        }
        return events;
    }
}
