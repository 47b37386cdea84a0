package dev.ptrace.core.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds processes a test left behind: stopped (T), in tracing stop (t) or zombies (Z) that are children of this
 * JVM or traced by it. A tracer must never leave these.
 */
public final class ProcessLeaks {
    private ProcessLeaks() {
    }

    /** One line per leaked process: pid, state, command. */
    public static List<String> find() {
        long self = ProcessHandle.current().pid();
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : dir) {
                String stat;
                String status;
                try {
                    stat = Files.readString(p.resolve("stat"), StandardCharsets.UTF_8);
                    status = Files.readString(p.resolve("status"), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                int close = stat.lastIndexOf(')');
                String[] f = stat.substring(close + 2).split(" ");
                char state = f[0].charAt(0);
                long ppid = Long.parseLong(f[1]);
                long tracer = 0;
                for (String line : status.split("\n")) {
                    if (line.startsWith("TracerPid:")) {
                        tracer = Long.parseLong(line.substring(10).trim());
                    }
                }
                boolean tracedByUs = isOurThread(tracer);
                boolean ours = ppid == self || tracedByUs;
                if (ours && (state == 't' || state == 'T' || state == 'Z' || tracedByUs)) {
                    out.add(p.getFileName() + " " + state + " " + stat.substring(stat.indexOf('(') + 1, close)
                            + (tracedByUs ? " (traced by this JVM)" : ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Whether a thread id (TracerPid names the tracer thread) belongs to this JVM. */
    public static boolean isOurThread(long tid) {
        return tid > 0 && Files.exists(Path.of("/proc/self/task/" + tid));
    }

    /** The state letter of a process (R, S, D, T, t, Z ...), or '?' if it is gone. */
    public static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
            return stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
        } catch (IOException e) {
            return '?';
        }
    }

    /** The TracerPid of a process, or -1 if it is gone. */
    public static long tracerPid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("TracerPid:")) {
                    return Long.parseLong(line.substring(10).trim());
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
