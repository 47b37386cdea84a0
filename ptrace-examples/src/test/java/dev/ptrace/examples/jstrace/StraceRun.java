package dev.ptrace.examples.jstrace;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
