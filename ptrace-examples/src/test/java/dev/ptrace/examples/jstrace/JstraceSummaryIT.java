package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.TestPrograms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * strace's {@code -c}/{@code -C} summary with {@code -S}, {@code -U}, {@code -O} and {@code -w}: the same table
 * under strace 6.1 and jstrace on a C program with a known mix of calls, errors, kernel work and sleeping;
 * the command lines strace refuses or warns about, with strace's words.
 */
@Tag("native")
class JstraceSummaryIT {

    /**
     * Known calls: 5 failing opens, 7 getpid, 16 reads of 32 MiB from /dev/zero (system time), one 300 ms sleep
     * (wall time, next to no system time).
     */
    private static final String PROGRAM = String.join("\n",
            "#include <fcntl.h>",
            "#include <stdlib.h>",
            "#include <time.h>",
            "#include <unistd.h>",
            "int main(void) {",
            "    for (int i = 0; i < 5; i++) open(\"/nonexistent/summary\", O_RDONLY);",
            "    for (int i = 0; i < 7; i++) getpid();",
            "    char *buf = malloc(32 << 20);",
            "    int fd = open(\"/dev/zero\", O_RDONLY);",
            "    for (int i = 0; i < 16; i++) read(fd, buf, 32 << 20);",
            "    close(fd);",
            "    struct timespec t = {0, 300000000};",
            "    nanosleep(&t, 0);",
            "    return 0;",
            "}", "");

    @TempDir
    static Path dir;
    private static String program;

    @BeforeAll
    static void needsStraceAndCc() {
        StraceRun.assumeStrace();
        program = TestPrograms.build("summary_mix", PROGRAM).toString();
    }

    /**
     * The table under each option: same headings and rules, same rows (name, calls, errors), in the same order
     * where the order does not depend on times, and every cell in strace's format.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "-c", "--summary-only", "-c -w", "-c --summary-wall-clock", "-C",
        "-c -S calls", "-c -S count", "-c --summary-sort-by=name", "-c -S syscall", "-c -S nothing", "-c -S none",
        "-c -S errors", "-c -S error", "-C -S calls", "-c -S time", "-c -S min-time", "-c -S max-time",
        "-c -S avg-time", "-c -S time_total",
        "-c -U name,calls,errors", "-c -U calls", "-c --summary-columns=errors,calls,name",
        "-c -U time-percent,total-time,min-time,max-time,avg-time,calls,errors,name",
        "-c -U shortest,longest,name -S name", "-c -w -U name,time,total-time,avg-time,calls,errors -S calls",
        "-c -O 1s", "-c -w -O 10s", "-c -w --summary-syscall-overhead=1e7us", "-c -w -O 0.5ms -S calls"
    })
    void summaryAsStrace(String option) throws Exception {
        List<String> s = table(run(true, option));
        List<String> j = table(run(false, option));
        assertEquals(s.get(0), j.get(0), option + ": headings");
        assertEquals(s.get(1), j.get(1), option + ": rule");
        assertEquals(s.size(), j.size(), option + ": rows\n" + String.join("\n", s) + "\n---\n"
                + String.join("\n", j));
        boolean timeOrder = !option.matches(".*-(S|-summary-sort-by=) ?(calls|count|name|syscall|nothing|none|"
                + "errors|error)\\b.*") || option.contains("-O 1");
        Map<String, String> sRows = rows(s);
        Map<String, String> jRows = rows(j);
        assertEquals(sRows, jRows, option + ": calls and errors per syscall");
        if (!timeOrder) {
            assertEquals(new ArrayList<>(sRows.keySet()), new ArrayList<>(jRows.keySet()), option + ": order");
        }
        assertEquals(shapes(s), shapes(j), option + ": the format of each row\n" + String.join("\n", s)
                + "\n---\n" + String.join("\n", j));
        if (option.contains("-O 1s") || option.contains("-O 10s") || option.contains("1e7us")) {
            assertEquals(s, j, option + ": an overhead above every call leaves every time 0");
        }
    }

    /** strace's default sums system CPU time: the sleep costs next to none of it, the reads do. */
    @Test
    void summarySumsSystemTimeByDefaultAndWallTimeWithW() throws Exception {
        for (boolean strace : new boolean[] {true, false}) {
            String who = strace ? "strace" : "jstrace";
            Map<String, Double> system = seconds(table(run(strace, "-c")));
            Map<String, Double> wall = seconds(table(run(strace, "-c -w")));
            assertTrue(system.get("clock_nanosleep") < 0.1, who + " -c: the sleep's system time "
                    + system.get("clock_nanosleep"));
            assertTrue(wall.get("clock_nanosleep") >= 0.29, who + " -c -w: the sleep's wall time "
                    + wall.get("clock_nanosleep"));
            assertTrue(system.get("read") > 0, who + " -c: the reads from /dev/zero take system time");
        }
    }

    /** Summary command lines strace refuses or warns about: the same words and status from jstrace. */
    @ParameterizedTest
    @ValueSource(strings = {
        "-c -S x", "-c -S percent", "-c --summary-sort-by=", "-c -S TIME", "-c -U x", "-c -U name,name",
        "-c -U calls,name,calls,errors", "-c -U calls,,name", "-c -U ,calls", "-c -U usecs/call", "-c -O -1",
        "-c -O 10m", "-c --summary-syscall-overhead=x", "-c -O", "-U calls", "--summary-columns=name",
        "-U calls -w", "-S calls -o /dev/null", "--summary-sort-by=name -o /dev/null", "-O 5 -o /dev/null"
    })
    void messagesAsStrace(String commandLine) throws Exception {
        List<String> args = new ArrayList<>(List.of(commandLine.split(" ")));
        args.add("/bin/true");
        StraceRun.Result s = StraceRun.run(StraceRun.strace(args));
        StraceRun.Result j = StraceRun.run(StraceRun.jstrace(args));
        assertEquals(s.status(), j.status(), commandLine);
        assertEquals(s.stderr().replace("strace", "jstrace"), j.stderr(), commandLine);
    }

    private static Path run(boolean strace, String option) throws IOException, InterruptedException {
        Path out = dir.resolve((strace ? "s" : "j") + option.replaceAll("[^A-Za-z0-9]+", "_"));
        List<String> args = new ArrayList<>(List.of(option.split(" ")));
        args.addAll(List.of("-o", out.toString(), program));
        StraceRun.Result r = StraceRun.run(strace ? StraceRun.strace(args) : StraceRun.jstrace(args));
        assertEquals(0, r.status(), option + ": " + r.stderr());
        return out;
    }

    /** The summary table at the end of a trace file (after the trace itself with -C). */
    private static List<String> table(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).contains("syscall") && lines.get(i + 1).matches("-+( -+)*")) {
                return lines.subList(i, lines.size());
            }
        }
        throw new AssertionError("no summary in " + file + ":\n" + String.join("\n", lines));
    }

    /** Each data row keyed by syscall name, its value the cells that do not depend on time (calls, errors). */
    private static Map<String, String> rows(List<String> table) {
        List<String> headings = cells(table.get(1), table.get(0));
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : table.subList(2, table.size())) {
            if (line.startsWith("-")) {
                continue;
            }
            List<String> cells = cells(table.get(1), line);
            StringBuilder v = new StringBuilder();
            String name = null;
            for (int k = 0; k < cells.size(); k++) {
                String head = headings.get(k).trim();
                if (head.equals("syscall")) {
                    name = cells.get(k).trim();
                } else if (head.equals("calls") || head.equals("errors")) {
                    v.append(head).append('=').append(cells.get(k).trim()).append(' ');
                }
            }
            rows.put(name, v.toString());
        }
        return rows;
    }

    /** The seconds column by syscall. */
    private static Map<String, Double> seconds(List<String> table) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : table.subList(2, table.size())) {
            String[] f = line.trim().split(" +");
            if (!line.startsWith("-") && f.length >= 5) {
                m.put(f[f.length - 1], Double.parseDouble(f[1]));
            }
        }
        return m;
    }

    /** The cells of a line, cut where the rule's dashes are (the last cell runs to the end). */
    private static List<String> cells(String rule, String line) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        String[] widths = rule.split(" ");
        for (int i = 0; i < widths.length; i++) {
            int end = i == widths.length - 1 ? line.length() : Math.min(line.length(), start + widths[i].length());
            cells.add(start <= end ? line.substring(Math.min(start, line.length()), end) : "");
            start = end + 1;
        }
        return cells;
    }

    /** Each line with its numbers masked (the layout strace prints, whatever the times), sorted. */
    private static List<String> shapes(List<String> table) {
        return table.stream().map(l -> l.replaceAll(" *[0-9]+(\\.[0-9]+)?", " #")).sorted()
                .collect(java.util.stream.Collectors.toList());
    }
}
