package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Runs the installed strace or jstrace (in a JVM of its own, as the launcher does) on a command line. */
final class StraceRun {

    /** A finished run: exit status and what the tracer wrote on stderr (the tracee's output is discarded). */
    record Result(int status, String stderr) {
    }

    private StraceRun() {
    }

    /** {@return the command line that runs jstrace with these arguments} */
    static List<String> jstrace(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Jstrace.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** {@return the command line that runs strace with these arguments} */
    static List<String> strace(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("strace"));
        cmd.addAll(args);
        return cmd;
    }

    /** Runs a tracer to its end; the traced program's stdout goes to /dev/null, the tracer's stderr is kept. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectOutput(new File("/dev/null"))
                .redirectInput(new File("/dev/null")).start();
        byte[] err = p.getErrorStream().readAllBytes();
        return new Result(p.waitFor(), new String(err, StandardCharsets.UTF_8));
    }

    /** Skips the calling test unless this is Linux with strace installed. */
    static void assumeStrace() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "ptrace needs Linux");
        assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
    }

    /**
     * Runs strace and jstrace with {@code option} (split at spaces) then {@code -o FILE} and {@code command}, checks
     * that their statuses and messages agree, and compares the two trace files line for line after {@code mask}.
     *
     * @return jstrace's masked lines
     */
    static List<String> compareTraces(Path dir, String option, List<String> command, UnaryOperator<String> mask)
            throws IOException, InterruptedException {
        String name = option.replaceAll("[^A-Za-z0-9]+", "_");
        List<String> expected = traced(dir.resolve(name + ".strace"), true, option, command, mask);
        List<String> actual = traced(dir.resolve(name + ".jstrace"), false, option, command, mask);
        assertEquals(String.join("\n", expected.subList(1, expected.size())),
                String.join("\n", actual.subList(1, actual.size())), option);
        assertEquals(expected.get(0).replace("strace", "jstrace"), actual.get(0), option + ": status and messages");
        return actual.subList(1, actual.size());
    }

    /** The status and messages, then the masked lines of the trace file. */
    private static List<String> traced(Path file, boolean strace, String option, List<String> command,
                                       UnaryOperator<String> mask) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(option.split(" ")));
        args.addAll(List.of("-o", file.toString()));
        args.addAll(command);
        Result r = run(strace ? strace(args) : jstrace(args));
        List<String> lines = new ArrayList<>(List.of(r.status() + " " + r.stderr()));
        if (Files.exists(file)) {
            Files.readAllLines(file, StandardCharsets.ISO_8859_1).forEach(l -> lines.add(mask.apply(l)));
        }
        return lines;
    }
}
