package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
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
        StraceRun.assumeStrace();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-e raw=all", "-e raw=openat,read,close", "--raw=%file", "-e x=!read", "-e raw=none", "-e raw=all -X verbose",
        "-e raw=openat -e inject=openat:error=EPERM:when=3", "-e raw=all -e trace=%desc -y"
    })
    void rawAsStrace(String option) throws Exception {
        List<String> actual = StraceRun.compareTraces(dir, option, List.of("cat", "/etc/hostname", "/nonexistent"),
                JstraceRawIT::mask);
        if (!option.contains("none")) {
            assertTrue(actual.stream().anyMatch(l -> l.matches("[a-z0-9_]+\\((0x|ADDR).*")), "raw lines");
        }
    }

    /** Addresses, the thread id set_tid_address returns and getrandom's bytes differ from run to run. */
    private static String mask(String l) {
        return l.replaceAll("0x[0-9a-f]{7,}", "ADDR").replaceFirst("^(set_tid_address\\(ADDR\\) += )\\S+", "$1TID")
                .replaceFirst("^getrandom\\(\"[^\"]*\"", "getrandom(BYTES");
    }
}
