package dev.ptrace.examples.jstrace;

import dev.ptrace.core.it.IntegrationSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether jstrace installs its seccomp filter, seen from inside the traced program ({@code Seccomp:} in its
 * {@code /proc/self/status}: 2 under a filter, 0 without).
 */
class SeccompBpfOptionIT {

    @BeforeAll
    static void ptraceAllowed() {
        IntegrationSupport.requirePtrace();
    }

    @ParameterizedTest
    @CsvSource({
        "'-f -e trace=openat', 2",
        "'-f --seccomp-bpf -e trace=openat', 2",
        "'-f --no-seccomp-bpf -e trace=openat', 0",
        "'-e trace=openat', 0",
        "'-f', 0",
    })
    void theFilterIsInstalledExactlyWhenItShouldBe(String options, int seccompMode) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Jstrace.class.getName(), "-o",
                "/dev/null"));
        command.addAll(List.of(options.split(" ")));
        command.addAll(List.of("/bin/grep", "^Seccomp:", "/proc/self/status"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("Seccomp:\t" + seccompMode, out.trim());
    }
}
