package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.IntegrationSupport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link Main} in a new JVM with this project's runtime artifacts on the module path (each backend once) and
 * on the class path, and checks that each run traced /bin/true through the backend found by ServiceLoader.
 */
class DemoTest {
    /** Every module in the boot layer with what it exports: no internal or generated package. */
    private static final String MODULES = "exports: dev.ptrace.api[dev.ptrace,dev.ptrace.spi] dev.ptrace.core[dev.ptrace.core]"
            + " dev.ptrace.jna[] dev.ptrace.jnr[dev.ptrace.jnr.bindings] dev.ptrace.strace[dev.ptrace.strace]"
            + " dev.ptrace.syscalls[dev.ptrace.syscalls]";

    @BeforeAll
    static void permitted() {
        IntegrationSupport.requirePtrace();
    }

    @Test
    void modulePathFindsJnaThroughProvidesAndUses() throws Exception {
        String out = java("--module-path", runtimePath(), "-Dptrace.backend=jna", "--module", "demo/demo.Main");
        assertTrue(out.contains("backend: jna\n"), out);
        assertTrue(out.contains("api module: dev.ptrace.api\n"), out);
        // the backends are in the boot layer though nothing requires them: service binding of the API's "uses"
        assertTrue(out.contains(MODULES + "\n"), out);
        assertTraced(out);
    }

    @Test
    void modulePathFindsJnr() throws Exception {
        String out = java("--module-path", runtimePath(), "-Dptrace.backend=jnr", "--module", "demo/demo.Main");
        assertTrue(out.contains("backend: jnr\n"), out);
        assertTrue(out.contains(MODULES + "\n"), out);
        assertTraced(out);
    }

    @Test
    void classPathFindsTheBackendThroughMetaInfServices() throws Exception {
        String out = java("-cp", runtimePath(), "-Dptrace.backend=jna", "demo.Main");
        assertTrue(out.contains("backend: jna\n"), out);
        assertTrue(out.contains("api module: null\n"), out);
        assertTrue(out.contains("exports: \n"), out); // no dev.ptrace module: all in the unnamed module
        assertTraced(out);
    }

    private static void assertTraced(String out) {
        assertTrue(out.contains("raw loop: ") && out.contains("status=0]\n"), out);
        assertTrue(out.contains("strace: +++ exited with 0 +++ status 0\n"), out);
    }

    /** target/classes and the runtime jars: this JVM's class path without the test classes and test libraries. */
    private static String runtimePath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .filter(entry -> !Path.of(entry).getFileName().toString()
                        .matches("(junit|opentest4j|apiguardian).*\\.jar|.*-tests\\.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "no exit within 60 s: " + out);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
