package dev.ptrace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strings as {@code execve(2)} takes them: byte strings without NUL, in lists such as argv and envp. Converts Java
 * strings with the platform charset and reads the NUL-separated lists of {@code /proc/PID/cmdline} and
 * {@code /proc/PID/environ}. Static methods only (an interface, as every public type of the API is a value or an
 * interface).
 */
public interface ExecStrings {

    /**
     * {@return the platform charset: the one the JVM decoded its own arguments, environment and file names with
     * ({@code sun.jnu.encoding}, else {@code native.encoding}, else UTF-8)}
     */
    static Charset platformCharset() {
        for (String property : new String[] {"sun.jnu.encoding", "native.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * {@return each string encoded with the {@link #platformCharset() platform charset}, in order}
     *
     * @param strings the strings
     */
    static List<byte[]> encode(List<String> strings) {
        Charset cs = platformCharset();
        List<byte[]> out = new ArrayList<>(strings.size());
        for (String s : strings) {
            out.add(s.getBytes(cs));
        }
        return out;
    }

    /**
     * {@return environment entries {@code NAME=VALUE}, encoded with the platform charset, in the map's order}
     *
     * @param env names to values
     */
    static List<byte[]> environmentEntries(Map<String, String> env) {
        List<String> entries = new ArrayList<>(env.size());
        env.forEach((k, v) -> entries.add(k + "=" + v));
        return encode(entries);
    }

    /**
     * Splits a NUL-separated list, as the kernel writes argv and environ: every string ends with NUL; a last string
     * without one (a truncated read) still counts.
     *
     * @param bytes the list
     * @return the strings, without their NULs
     */
    static List<byte[]> splitNul(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                out.add(java.util.Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            out.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return out;
    }

    /**
     * Reads a NUL-separated list from a file such as {@code /proc/self/environ}, at most {@code maxBytes} of it.
     *
     * @param file the file
     * @param maxBytes the most the file may hold
     * @return the strings, in order
     * @throws IOException if the file cannot be read or is longer than {@code maxBytes}
     */
    static List<byte[]> readNulSeparated(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes);
            if (in.read() >= 0) {
                throw new IOException(file + " is longer than " + maxBytes + " bytes");
            }
            return splitNul(bytes);
        }
    }

    /**
     * {@return a byte string for a message: UTF-8 text as it is, every other byte, and control characters, as
     * {@code \xNN}}
     *
     * @param bytes the string
     */
    static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int n = utf8Length(bytes, i);
            if (n > 0) {
                sb.append(new String(bytes, i, n, StandardCharsets.UTF_8));
                i += n;
            } else {
                sb.append(String.format("\\x%02x", bytes[i] & 0xff));
                i++;
            }
        }
        return sb.toString();
    }

    /** The length of the printable, well-formed UTF-8 character at {@code i}, or 0. */
    private static int utf8Length(byte[] b, int i) {
        int c = b[i] & 0xff;
        if (c >= 0x20 && c < 0x7f) {
            return 1;
        }
        int n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (n == 0 || i + n > b.length) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) {
                return 0;
            }
        }
        // overlong, surrogate or beyond U+10FFFF forms decode to U+FFFD: treat them as bytes
        String s = new String(b, i, n, StandardCharsets.UTF_8);
        return s.indexOf('\uFFFD') >= 0 || Character.isISOControl(s.codePointAt(0)) ? 0 : n;
    }
}
