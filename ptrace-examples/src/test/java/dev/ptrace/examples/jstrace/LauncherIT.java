package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.core.it.ProcessLeaks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./jstrace} launcher on a copy of the built tree: the files it makes once (the class-data archive and
 * JNA's stub) go next to the jar, or into the user's cache when the jar's directory is read-only (an installed
 * copy), and the trace is right either way.
 */
@Tag("native")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherIT {
    private static final Path BUILT_JAR = Path.of("target", "jstrace.jar");
    /** Built beside it when Maven runs on JDK 22 or later. */
    private static final Path BUILT_FFM_JAR = Path.of("target", "jstrace-ffm.jar");
    private static final Path LAUNCHER = Path.of("..", "jstrace");

    @TempDir
    Path dir;

    @BeforeAll
    static void ptraceAllowed() {
        IntegrationSupport.requirePtrace();
        assertTrue(Files.isRegularFile(BUILT_JAR), "the package phase builds " + BUILT_JAR.toAbsolutePath());
    }

    @AfterEach
    void noLeftovers() throws Exception {
        assertEquals(List.of(), ProcessLeaks.find(), "processes left stopped, traced or as zombies");
    }

    /** A copy of the launcher and the jar, laid out as in the repository. */
    private Path tree() throws IOException {
        Path root = Files.createDirectories(dir.resolve("tree"));
        Files.copy(LAUNCHER, root.resolve("jstrace"));
        Path target = Files.createDirectories(root.resolve("ptrace-examples/target"));
        Files.copy(BUILT_JAR, target.resolve("jstrace.jar"));
        return root;
    }

    /** Runs the launcher (as {@code user} when not null) and returns the trace it wrote. */
    private List<String> trace(Path root, List<String> user, Path home, String... env) throws Exception {
        List<String> cmd = new ArrayList<>(user);
        cmd.addAll(List.of("env", "HOME=" + home, "XDG_CACHE_HOME="));
        cmd.addAll(List.of(env));
        cmd.addAll(List.of("sh", root.resolve("jstrace").toString()));
        return trace(cmd);
    }

    /** Runs {@code launcher -o FILE /bin/true} and returns the trace it wrote. */
    private List<String> trace(List<String> launcher) throws Exception {
        Path out = dir.resolve("trace-" + System.nanoTime() + ".txt");
        Files.writeString(out, "");
        out.toFile().setWritable(true, false);
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of("-o", out.toString(), "/bin/true"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "the launcher ended");
        assertEquals(0, p.exitValue(), output);
        assertEquals("", output, "nothing on stderr (no native-access warning either) but the trace, which went to -o");
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.get(0).startsWith("execve(\"/bin/true\", [\"/bin/true\"]"), lines.toString());
        assertEquals("+++ exited with 0 +++", lines.get(lines.size() - 1));
        return lines;
    }

    /** The files the launcher makes once: JNA's stub only where {@code unzip} can extract it. */
    /** What the first run makes in the cache when the java on PATH (a JDK below 24 here) runs jstrace. */
    private static List<String> madeOnce() {
        return madeOnce(17);
    }

    /**
     * What the first run on a java of this feature release makes: JNA's stub where unzip exists, and the class-data
     * archive (a static AppCDS archive before JDK 24, the AOT cache from 24 on), each with its record of the java.
     */
    private static List<String> madeOnce(int feature) {
        boolean unzip = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "unzip")));
        String archive = feature >= 24 ? "jstrace.jar.aot" : "jstrace.jar.static.jsa";
        List<String> made = new ArrayList<>();
        if (unzip) {
            made.add("jstrace.jar.native");
        }
        made.addAll(List.of(archive, archive + ".java", "jstrace.java"));
        return made.stream().sorted().toList();
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWritableTreeKeepsTheArchiveAndTheStubNextToTheJar() throws Exception {
        Path root = tree();
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> first = trace(root, List.of(), home);
        List<String> expected = new ArrayList<>(List.of("jstrace.jar"));
        expected.addAll(madeOnce());
        assertEquals(expected, names(root.resolve("ptrace-examples/target")));
        assertEquals(first.size(), trace(root, List.of(), home).size(), "the second run, with the archive");
        assertEquals(List.of(), names(home), "nothing in the user's home");
    }

    /**
     * The installed layout of the archives and the .deb ({@code PREFIX/bin/jstrace}, {@code PREFIX/lib/jstrace/}
     * with a runtime of its own), started through a relative symlink on PATH: the launcher finds its jar and
     * runtime, and writes nothing into the installed tree even where it may (root), only into the cache.
     */
    @Test
    void anInstalledTreeStartedThroughASymlinkUsesItsRuntimeAndWritesOnlyIntoTheCache() throws Exception {
        Path prefix = Files.createDirectories(dir.resolve("prefix"));
        Path bin = Files.createDirectories(prefix.resolve("bin"));
        Files.copy(LAUNCHER, bin.resolve("jstrace"));
        bin.resolve("jstrace").toFile().setExecutable(true, false);
        Path lib = Files.createDirectories(prefix.resolve("lib/jstrace"));
        Files.copy(BUILT_JAR, lib.resolve("jstrace.jar"));
        // the "runtime": this JDK's java behind a script that leaves a mark
        Path java = Files.createDirectories(lib.resolve("runtime/bin")).resolve("java");
        Path mark = dir.resolve("runtime-used");
        Files.writeString(java, "#!/bin/sh\necho used >>'" + mark + "'\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        java.toFile().setExecutable(true, false);
        Path onPath = Files.createDirectories(dir.resolve("on-path"));
        Files.createSymbolicLink(onPath.resolve("jstrace"), Path.of("../prefix/bin/jstrace"));
        Path cache = dir.resolve("cache");
        List<String> launcher = List.of("env", "-u", "JAVA", "HOME=" + dir.resolve("home"), "XDG_CACHE_HOME=" + cache,
                "PATH=" + onPath + ":" + System.getenv("PATH"), "jstrace");
        List<String> first = trace(launcher);
        assertEquals(first.size(), trace(launcher).size(), "the second run, with the archive");
        assertEquals(List.of("jstrace.jar", "runtime"), names(lib), "nothing written into the installed tree");
        assertTrue(Files.readAllLines(mark).size() >= 2, "the installed runtime ran jstrace");
        List<String> keys = names(cache.resolve("jstrace"));
        assertEquals(1, keys.size(), keys.toString());
        // the installed runtime is this test's own java
        assertEquals(madeOnce(Runtime.version().feature()), names(cache.resolve("jstrace").resolve(keys.get(0))));
    }

    @Test
    void aReadOnlyTreeUsesTheUsersCache() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux) to run as nobody");
        Path yama = Path.of("/proc/sys/kernel/yama/ptrace_scope");
        assumeTrue(!Files.exists(yama) || Integer.parseInt(Files.readString(yama).trim()) < 2,
                "Yama ptrace_scope 2 or 3: only root may trace, and this test traces as nobody");
        Path root = tree();
        Path target = root.resolve("ptrace-examples/target");
        for (Path p : List.of(dir, root, root.resolve("ptrace-examples"), target, target.resolve("jstrace.jar"),
                root.resolve("jstrace"))) {
            p.toFile().setReadable(true, false);
            p.toFile().setExecutable(true, false);
        }
        target.toFile().setWritable(false, false);
        Path home = Files.createDirectories(dir.resolve("nobody-home"));
        new ProcessBuilder("chown", "65534:65534", home.toString()).start().waitFor();
        List<String> nobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        trace(root, nobody, home);
        trace(root, nobody, home);
        assertEquals(List.of("jstrace.jar"), names(target), "nothing written next to the installed jar");
        Path cache = home.resolve(".cache/jstrace");
        List<String> keys = names(cache);
        assertEquals(1, keys.size(), keys.toString());
        assertEquals(madeOnce(), names(cache.resolve(keys.get(0))));
    }

    @Test
    void onJdk22AndLaterTheLauncherRunsTheFfmJarWithoutJnaAndKeepsAnAotCache() throws Exception {
        int feature = Runtime.version().feature();
        assumeTrue(feature >= 22, "jstrace-ffm.jar is built and run on JDK 22+ (.ci/run runs this on JDK 25)");
        assertTrue(Files.isRegularFile(BUILT_FFM_JAR), "a JDK 22+ build makes " + BUILT_FFM_JAR.toAbsolutePath());
        Path root = tree();
        Path target = root.resolve("ptrace-examples/target");
        Files.copy(BUILT_FFM_JAR, target.resolve("jstrace-ffm.jar")); // not older than jstrace.jar: it is chosen
        Path home = Files.createDirectories(dir.resolve("home"));
        String java = "JAVA=" + Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> first = trace(root, List.of(), home, java);
        List<String> expected = new ArrayList<>(List.of("jstrace-ffm.jar", "jstrace-ffm.jar." + cacheSuffix(feature),
                "jstrace-ffm.jar." + cacheSuffix(feature) + ".java", "jstrace.jar", "jstrace.java"));
        assertEquals(expected, names(target), "no JNA stub unpacked; a start-up cache for this JDK");
        assertEquals(first.size(), trace(root, List.of(), home, java).size(), "the second run, with the cache");

        // JNA is not on the class path at all: pinning it names ffm as the only backend there.
        Process p = new ProcessBuilder("env", java, "JSTRACE_JAVA_OPTS=-Dptrace.backend=jna", "sh",
                root.resolve("jstrace").toString(), "/bin/true").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "the launcher ended");
        assertTrue(output.contains("'jna' was requested via -Dptrace.backend but is not on the classpath. "
                + "Available: [ffm]"), output);
    }

    /** The launcher's start-up cache: the AOT cache from JDK 24, a static AppCDS archive before. */
    private static String cacheSuffix(int feature) {
        return feature >= 24 ? "aot" : "static.jsa";
    }
}
