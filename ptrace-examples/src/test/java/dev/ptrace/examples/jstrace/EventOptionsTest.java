package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --json} and {@code --perfetto} on jstrace's command line: spellings, and the combinations refused. */
class EventOptionsTest {

    private static Jstrace parse(String... args) {
        Jstrace j = new Jstrace();
        JstraceOptions.parse(j, args, new ArrayList<>());
        return j;
    }

    @Test
    void perfettoNamesTheTraceEventFile() {
        assertEquals("a.json", parse("--perfetto", "a.json", "ls").traceEventFile);
        assertEquals("b.json", parse("--perfetto=b.json", "ls").traceEventFile);
        assertEquals("c.json", parse("--perf=c.json", "ls").traceEventFile, "an unambiguous prefix, as getopt");
        assertEquals("d.json", parse("--perfetto=x", "--perfetto", "d.json", "ls").traceEventFile, "the last wins");
        assertNull(parse("ls").traceEventFile);
        assertEquals(java.util.List.of("/"), parse("--trace-=/", "ls").tracePaths, "--trace- stays strace's --trace-path");
        UsageError missing = assertThrows(UsageError.class, () -> parse("--perfetto"));
        assertEquals("option '--perfetto' requires an argument", missing.getMessage());
    }

    @Test
    void jsonIsRefusedWithASummaryThatWouldReplaceOrCorruptIt() {
        for (String summary : List.of("-c", "-C")) {
            Jstrace j = parse("--json", summary, "ls");
            UsageError e = assertThrows(UsageError.class, () -> OptionChecks.check(j, new ArrayList<>()));
            assertEquals("-c/-C (the summary) and --json do not combine: the summary is not JSON", e.getMessage());
        }
        OptionChecks.check(parse("--json", "--perfetto", "t.json", "-f", "ls"), new ArrayList<>());
        OptionChecks.check(parse("-c", "--perfetto", "t.json", "ls"), new ArrayList<>());
    }
}
