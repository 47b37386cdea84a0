package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** strace's {@code -e raw=SET}: arguments and results in hex, compared line for line with strace 6.1's. */
@Tag("native")
class JstraceRawIT {

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsStrace() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "ptrace needs Linux");
        assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-e raw=all", "-e raw=openat,read,close", "--raw=%file", "-e x=!read", "-e raw=none", "-e raw=all -X verbose",
        "-e raw=openat -e inject=openat:error=EPERM:when=3", "-e raw=all -e trace=%desc -y"
    })
    void rawAsStrace(String option) throws Exception {
        String name = option.replaceAll("[^A-Za-z0-9]+", "_");
        Path s = dir.resolve(name + ".strace");
        Path j = dir.resolve(name + ".jstrace");
        List<String> args = new ArrayList<>(List.of(option.split(" ")));
        args.addAll(List.of("-o", "OUT", "cat", "/etc/hostname", "/nonexistent"));
        StraceRun.Result sr = StraceRun.run(StraceRun.strace(out(args, s)));
        StraceRun.Result jr = StraceRun.run(StraceRun.jstrace(out(args, j)));
        assertEquals(sr.status(), jr.status(), option + ": " + jr.stderr());
        List<String> expected = mask(Files.readAllLines(s, StandardCharsets.ISO_8859_1));
        List<String> actual = mask(Files.readAllLines(j, StandardCharsets.ISO_8859_1));
        assertEquals(String.join("\n", expected), String.join("\n", actual), option);
        if (!option.contains("none")) {
            assertTrue(actual.stream().anyMatch(l -> l.matches("[a-z0-9_]+\\((0x|ADDR).*")), "raw lines");
        }
    }

    private static List<String> out(List<String> args, Path file) {
        List<String> a = new ArrayList<>(args);
        a.set(a.indexOf("OUT"), file.toString());
        return a;
    }

    /** Addresses, the thread id set_tid_address returns and getrandom's bytes differ from run to run. */
    private static List<String> mask(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("0x[0-9a-f]{7,}", "ADDR")
                .replaceFirst("^(set_tid_address\\(ADDR\\) += )\\S+", "$1TID")
                .replaceFirst("^getrandom\\(\"[^\"]*\"", "getrandom(BYTES"))
                .collect(Collectors.toList());
    }
}
