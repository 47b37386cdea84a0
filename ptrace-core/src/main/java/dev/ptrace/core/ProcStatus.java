package dev.ptrace.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Numeric fields of {@code /proc/<pid>/status} (proc(5)), read on demand, bounded, never throwing. */
final class ProcStatus {
    /** More than any status file holds (a few KiB); a longer one is cut here rather than read whole. */
    private static final int MAX_BYTES = 64 * 1024;

    private ProcStatus() {
    }

    /**
     * {@return the first number of a field such as {@code Tgid} or {@code PPid}, or {@code fallback} if the
     * process is gone, the file unreadable or the field absent or not a number}
     *
     * @param pid the process or thread id
     * @param key the field name, without the colon
     * @param fallback the value when there is none
     */
    static int intField(int pid, String key, int fallback) {
        String text;
        try (InputStream in = Files.newInputStream(Path.of("/proc/" + pid + "/status"))) {
            text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
        String prefix = key + ":";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] values = line.substring(prefix.length()).trim().split("\\s+");
                try {
                    return Integer.parseInt(values[0]);
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }
}
