package dev.ptrace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.IntegrationSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("native")
class SyscallCounterIT {
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

    /** The table's rows (between the two rules) as column arrays: calls, errors?, seconds, name, errnos... */
    private static List<String[]> rows(String table) {
        List<String[]> rows = new ArrayList<>();
        String[] lines = table.split("\n");
        int rules = 0;
        for (String line : lines) {
            if (line.startsWith("---------")) {
                rules++;
            } else if (rules == 1) {
                rows.add(line.trim().split("\\s+"));
            }
        }
        return rows;
    }

    private static Optional<String> row(String table, String syscall) {
        return table.lines().filter(l -> l.matches(".*\\d\\.\\d{6}  " + syscall + "( .*)?")).findFirst();
    }

    @Test
    void countsCallsAndErrorsOfAllProcessesWithMinusF() throws Exception {
        Path file = Files.writeString(dir.resolve("in.txt"), "x\n");
        ExampleRun r = ExampleRun.of(SyscallCounter::run, "-f", "sh", "-c", "cat " + file + " /nonexistent; exit 0");
        assertEquals(0, r.status(), r.err());
        String t = r.err();
        assertTrue(t.startsWith("    calls    errors      seconds  syscall              errors by errno\n"), t);
        String execve = row(t, "execve").orElseThrow(() -> new AssertionError(t));
        assertEquals("2", execve.trim().split("\\s+")[0], "sh and cat: " + execve);
        String openat = row(t, "openat").orElseThrow(() -> new AssertionError(t));
        assertTrue(openat.matches(".*ENOENT \\d+.*"), openat);
        List<String[]> rows = rows(t);
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(Long.parseLong(rows.get(i - 1)[0]) >= Long.parseLong(rows.get(i)[0]), "sorted by calls:\n" + t);
        }
        String total = t.lines().filter(l -> l.endsWith(" total")).findFirst().orElseThrow();
        long sum = rows.stream().mapToLong(c -> Long.parseLong(c[0])).sum();
        assertEquals(Long.toString(sum), total.trim().split("\\s+")[0], t);
    }

    @Test
    void filtersAndSortsByName() {
        ExampleRun r = ExampleRun.of(SyscallCounter::run, "-e", "%file", "--sort", "name", "cat", "/nonexistent");
        assertEquals(1, r.status(), "cat's status");
        List<String> names = new ArrayList<>();
        for (String[] c : rows(r.err())) {
            names.add(c[1].contains(".") ? c[2] : c[3]); // the errors column may be empty
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
        assertTrue(names.contains("openat") && names.contains("execve"), names.toString());
        assertTrue(!names.contains("read") && !names.contains("mmap"), names.toString());
    }

    @Test
    void attachesToARunningProcessUntilItExits() throws Exception {
        try (IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(
                "exec sh -c 'sleep 1; echo done; exit 3'")) {
            Thread.sleep(200);
            ExampleRun r = ExampleRun.of(SyscallCounter::run, "-p", Long.toString(g.pid()));
            assertEquals(3, r.status(), r.err());
            assertTrue(row(r.err(), "write").isPresent(), r.err());
        }
    }

    @Test
    void usageErrors() {
        ExampleRun.of(SyscallCounter::run).assertUsageError("give either COMMAND or -p PID");
        ExampleRun.of(SyscallCounter::run, "-e", "nosuchcall", "true").assertUsageError("invalid system call 'nosuchcall'");
        ExampleRun.of(SyscallCounter::run, "-S", "size", "true").assertUsageError("Invalid value for option '--sort'");
    }
}
