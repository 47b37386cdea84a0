package dev.ptrace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.IntegrationSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("native")
class FileAccessTracerIT {
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

    /** A small "build step": relative paths after a cd, a temp file renamed into place, a scratch file removed. */
    private String script() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "input\n");
        return "cd " + dir + " && cat in.txt > out.tmp && mv out.tmp out.txt && touch scratch && rm scratch"
                + " && ls missing 2>/dev/null; exit 4";
    }

    private static void assertLine(String log, String op, String mode, String result, String path) {
        Pattern p = Pattern.compile("(?m)^ *\\d+ " + op + " +" + Pattern.quote(mode) + " +" + result + " +"
                + Pattern.quote(path) + "  \\[.*\\]$");
        assertTrue(p.matcher(log).find(), op + " " + mode + " " + result + " " + path + " in:\n" + log);
    }

    @Test
    void listsEveryAccessOfTheCommandAndItsChildrenWithAbsolutePaths() throws Exception {
        ExampleRun r = ExampleRun.of(FileAccessTracer::run, "sh", "-c", script());
        assertEquals(4, r.status(), "the command's status");
        String log = r.err();
        assertLine(log, "exec", "x", "ok", "/usr/bin/cat");
        assertLine(log, "open", "r", "ok", dir + "/in.txt");
        assertLine(log, "create", "w", "ok", dir + "/out.tmp");
        assertLine(log, "rename", "-", "ok", dir + "/out.tmp -> " + dir + "/out.txt");
        assertLine(log, "create", "w", "ok", dir + "/scratch");
        assertLine(log, "delete", "-", "ok", dir + "/scratch");
        assertLine(log, "stat", "-", "ENOENT", dir + "/missing");
        assertTrue(log.contains("[openat O_WRONLY|O_CREAT|O_TRUNC]"), log);
    }

    @Test
    void minusZHidesFailures() throws Exception {
        ExampleRun r = ExampleRun.of(FileAccessTracer::run, "-z", "sh", "-c", script());
        assertFalse(r.err().contains("ENOENT"), r.err());
        assertLine(r.err(), "open", "r", "ok", dir + "/in.txt");
    }

    @Test
    void summaryNamesTheRealInputsAndOutputs() throws Exception {
        Path out = dir.resolve("accesses.txt");
        Files.writeString(dir.resolve("old.txt"), "old\n");
        ExampleRun r = ExampleRun.of(FileAccessTracer::run, "--summary", "-o", out.toString(), "sh", "-c",
                script().replace("; exit 4", "; rm old.txt; exit 0"));
        assertEquals(0, r.status());
        List<String> lines = Files.readAllLines(out);
        int inputs = lines.indexOf("inputs (" + count(lines, "inputs") + "):");
        int outputs = lines.indexOf("outputs (" + count(lines, "outputs") + "):");
        int deleted = lines.indexOf("deleted (" + count(lines, "deleted") + "):");
        assertTrue(inputs >= 0 && inputs < outputs && outputs < deleted, String.join("\n", lines));
        List<String> in = lines.subList(inputs + 1, outputs);
        List<String> produced = lines.subList(outputs + 1, deleted);
        List<String> removed = lines.subList(deleted + 1, lines.size());
        assertTrue(in.contains("  " + dir + "/in.txt") && in.contains("  /usr/bin/cat"), in.toString());
        assertTrue(produced.contains("  " + dir + "/out.txt"), produced.toString());
        assertFalse(produced.contains("  " + dir + "/out.tmp") || produced.contains("  " + dir + "/scratch"),
                "temporary files are not outputs: " + produced);
        assertEquals(List.of("  " + dir + "/old.txt"), removed);
    }

    private static String count(List<String> lines, String section) {
        return lines.stream().filter(l -> l.startsWith(section + " (")).findFirst()
                .map(l -> l.substring(section.length() + 2, l.indexOf(')'))).orElse("?");
    }

    @Test
    void escapesFileNames() throws Exception {
        ExampleRun r = ExampleRun.of(FileAccessTracer::run, "cat", dir + "/a\nb\u001b[2J");
        assertEquals(1, r.status());
        assertLine(r.err(), "open", "r", "ENOENT", dir + "/a\\nb\\x1b[2J");
    }

    @Test
    void usageErrors() {
        ExampleRun.of(FileAccessTracer::run).assertUsageError("Missing required parameter: 'COMMAND'");
    }
}
