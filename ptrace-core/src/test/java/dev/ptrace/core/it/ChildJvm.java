package dev.ptrace.core.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a main class of the test classpath in a child JVM, optionally behind a command prefix such as
 * {@code setpriv --reuid=65534 ...}. For an unprivileged user the classpath is copied to a world-readable
 * folder first (the local Maven repository usually lies under a private home).
 */
public final class ChildJvm {
    private static Path publicCopy;

    private ChildJvm() {
    }

    /** The java launcher of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The command line that runs {@code mainClass} with this JVM's test classpath and the given backend. */
    public static List<String> command(List<String> prefix, boolean publicClasspath, String backend,
                                       Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(java());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dptrace.backend=" + backend);
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED"); // no warning from the backend's first native call
        }
        if (Runtime.version().feature() >= 23) {
            // jnr-ffi uses sun.misc.Unsafe's memory methods, which JDK 24+ warns about on stderr at first use
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (publicClasspath) {
            Path dir = publicClasspath();
            cmd.add("-Duser.home=" + dir);
            cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
            cmd.add("-Djna.tmpdir=" + dir.resolve("tmp"));
            cmd.add("-cp");
            cmd.add(dir.resolve("*") + publicDirs(dir));
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
        }
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String publicDirs(Path dir) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("dir-")).sorted()
                    .forEach(p -> sb.append(java.io.File.pathSeparator).append(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** A world-readable copy of this JVM's classpath (made once per JVM, deleted when it exits). */
    static synchronized Path publicClasspath() {
        if (publicCopy != null) {
            return publicCopy;
        }
        try {
            Path dir = Files.createTempDirectory("ptrace-cp-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path tmp = Files.createDirectory(dir.resolve("tmp"));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
            int i = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    copyTree(p, dir.resolve(String.format("dir-%03d", i++)));
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, dir.resolve(String.format("%03d-", i++) + p.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            makeReadable(dir);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            publicCopy = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void makeReadable(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at JVM exit
        }
    }

    /** Reads the first line the process prints, waiting at most {@code seconds}. */
    public static String firstLine(Process p, long seconds) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(seconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the child JVM printed nothing; it exited with "
                    + (p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : "?"));
        }
        return line;
    }

    /** Everything the process prints (stdout and stderr merged) until it exits, within {@code seconds}. */
    public static String output(Process p, long seconds) throws Exception {
        CompletableFuture<String> all = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not end within " + seconds + " s");
        }
        return all.get(5, TimeUnit.SECONDS);
    }
}
