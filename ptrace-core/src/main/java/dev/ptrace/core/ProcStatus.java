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
        String value = field(pid, key);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * {@return a hexadecimal field such as {@code SigBlk} or {@code SigIgn} (signal {@code n} as bit
     * {@code n - 1}), or {@code fallback} as for {@link #intField}}
     *
     * @param pid the process or thread id
     * @param key the field name, without the colon
     * @param fallback the value when there is none
     */
    static long hexField(int pid, String key, long fallback) {
        String value = field(pid, key);
        try {
            return value == null ? fallback : Long.parseUnsignedLong(value, 16);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The first word of a field's value, or null. */
    private static String field(int pid, String key) {
        String text;
        try (InputStream in = Files.newInputStream(Path.of("/proc/" + pid + "/status"))) {
            text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String prefix = key + ":";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim().split("\\s+")[0];
            }
        }
        return null;
    }
}
