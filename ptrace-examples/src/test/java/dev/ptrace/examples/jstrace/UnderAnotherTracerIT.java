package dev.ptrace.examples.jstrace;

import dev.ptrace.core.it.IntegrationSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * jstrace run under {@code strace -f}: strace then traces the JVM's children too, so the kernel refuses jstrace
 * its tracee, and the tracer's own wake-up child is reported to strace rather than to the JVM. jstrace must say
 * why and end, not hang.
 */
class UnderAnotherTracerIT {

    @BeforeAll
    static void needs() {
        IntegrationSupport.requirePtrace();
        assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
    }

    @Test
    void underStraceFollowingForksJstraceNamesTheOtherTracerAndEnds() throws Exception {
        List<String> command = List.of("strace", "-f", "-o", "/dev/null",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Jstrace.class.getName(),
                "-o", "/dev/null", "/bin/true");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jstrace ended");
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("EPERM") && out.contains("already traced by pid") && out.contains("(strace)"), out);
    }
}
