package dev.ptrace.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift check: regenerates every table (syscalls, constant families, Errno with its strerror texts) from the
 * real headers and C library into a temporary folder and requires the result to equal the committed sources.
 * Skipped, with the reason, when the headers are not installed or they or the C library are not the ones
 * recorded in codegen/KERNEL_VERSION (then the difference is the inputs, not the generator).
 */
class DriftTest {

    @Test
    void committedTablesMatchTheHeaders(@TempDir Path tmp) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("ARCH");
        env.remove("STRICT");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Options opt = Options.parse(new String[] {"--out", tmp.toString()}, env, new Properties(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        for (String arch : opt.archs()) {
            assumeTrue(Files.isRegularFile(opt.unistd(arch)), "no " + arch + " header at " + opt.unistd(arch)
                    + " (install linux-libc-dev" + (arch.equals("aarch64") ? "-arm64-cross" : "") + ")");
        }
        assumeTrue(Files.isRegularFile(opt.prototypes()), "no kernel prototypes at " + opt.prototypes()
                + " (install linux-headers-<version>-common)");

        Path project = Options.findProjectRoot(System.getProperties());
        new Generator(opt).run();

        String committedInputs = Files.readString(project.resolve(Generator.KERNEL_VERSION_FILE));
        String installedInputs = Files.readString(tmp.resolve(Generator.KERNEL_VERSION_FILE));
        assumeTrue(committedInputs.equals(installedInputs),
                "installed headers or C library differ from those of the committed tables; regenerate with "
                        + "`mvn -pl codegen compile exec:java` to update them.\ncommitted:\n" + committedInputs
                        + "installed:\n" + installedInputs);

        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(tmp)) {
            s.filter(Files::isRegularFile).forEach(p -> files.add(tmp.relativize(p).toString()));
        }
        try (Stream<Path> s = Files.list(project.resolve(Generator.SYSCALLS_DIR))) {
            s.forEach(p -> {
                String rel = project.relativize(p).toString();
                if (!files.contains(rel)) {
                    files.add(rel + " (committed, not generated)");
                }
            });
        }
        assertEquals(6, files.size(), "generated files: " + files);
        for (String rel : files) {
            assertEquals(Files.readString(tmp.resolve(rel)), Files.readString(project.resolve(rel)),
                    rel + " differs from what the headers give; regenerate with `mvn -pl codegen compile exec:java`"
                            + " instead of editing it");
        }
    }
}
