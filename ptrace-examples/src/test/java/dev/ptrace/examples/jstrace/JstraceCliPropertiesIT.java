package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * jstrace's command line fed random option lists: every one ends in a status and at most a one-line diagnostic,
 * never an exception or a stack trace. The lists never name a program or a real pid (they end with {@code -p 0},
 * which is refused before anything is traced) and never {@code -o}, so nothing runs and no file is written.
 */
class JstraceCliPropertiesIT {

    @Test
    void randomOptionListsEndInADiagnosticNotAStackTrace() {
        qt().withExamples(200).forAll(arguments()).checkAssert(JstraceCliPropertiesIT::endsInADiagnostic);
    }

    private static void endsInADiagnostic(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("-p");
        all.add("0");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try (PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            System.setErr(p);
            status = Jstrace.run(all.toArray(new String[0]));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(status == 0 || status == 1, all + " -> " + status + "\n" + text);
        assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("out of bounds"),
                all + "\n" + text);
    }

    private static Gen<List<String>> arguments() {
        Gen<String> value = Generate.oneOf(
                strings().allPossible().ofLengthBetween(0, 12).map(s -> s.replaceFirst("^-+", "")),
                Generate.pick(List.of("trace=open,read", "trace=!write", "trace=%file", "trace=%nosuch",
                        "trace=/op.*", "trace=/[", "signal=SIGUSR1", "signal=!all", "signal=99", "status=failed",
                        "status=bogus", "x=y", "=", "trace=", "abbrev=all", "0", "-1", "99999999999", "abc", "raw",
                        "verbose", "abbrev", "RAW")));
        Gen<List<String>> option = Generate.oneOf(
                Generate.pick(List.of("-f", "-z", "-Z", "-y", "-t", "-tt", "-ttt", "-r", "-T", "-c", "-C", "-q",
                        "-qq", "--json", "-fy", "-qqf", "--nosuch", "-k", "--")).map((String o) -> List.of(o)),
                Generate.pick(List.of("-e", "-s", "-X", "-p")).zip(value, List::of));
        return lists().of(option).ofSizeBetween(0, 6).map(l -> {
            List<String> flat = new ArrayList<>();
            l.forEach(flat::addAll);
            return flat;
        });
    }
}
