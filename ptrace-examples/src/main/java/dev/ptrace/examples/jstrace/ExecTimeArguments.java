package dev.ptrace.examples.jstrace;

import dev.ptrace.ExecStrings;
import dev.ptrace.Signal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command and environment jstrace was started with, as the bytes {@code execve} gave them. Java's
 * {@code String[] args} and {@code System.getenv()} have already decoded them (bytes that are not text became
 * U+FFFD) and lost the environment's order; the traced program must get exactly what jstrace got.
 *
 * <p>The command is the end of {@code /proc/self/cmdline} (the JVM's own options come first). The environment is
 * the file named by the system property {@value #ENVIRON_PROPERTY}, where the {@code jstrace} launcher copied
 * {@code /proc/PID/environ} before its shell's changes (it adds {@code PWD} and reorders), deleted as soon as it is
 * read; without the property, {@code /proc/self/environ}. The signal mask is the launcher's, from the property
 * {@value #SIGMASK_PROPERTY} (its shell loses it), else that of the JVM's main thread. The descriptors from 3 up
 * that jstrace was given are the launcher's list in {@value #FDS_PROPERTY}; without it (plain {@code java -jar}),
 * none: the JVM's own cannot be told apart from them.
 */
final class ExecTimeArguments {
    /** The system property naming the launcher's copy of its environment. */
    static final String ENVIRON_PROPERTY = "jstrace.environ";
    /** The system property holding the launcher's signal mask, hexadecimal as in {@code /proc/PID/status}. */
    static final String SIGMASK_PROPERTY = "jstrace.sigmask";
    /** The system property listing the descriptors from 3 up the launcher was given, comma-separated. */
    static final String FDS_PROPERTY = "jstrace.fds";
    /** The most read of each list; the kernel allows at most 6 MiB of argv and environment together. */
    private static final int MAX_BYTES = 8 << 20;

    private static Optional<List<byte[]>> environment;

    private ExecTimeArguments() {
    }

    /**
     * {@return the environment jstrace was started with, or empty if it cannot be read}: the first call takes the
     * launcher's file and deletes it.
     */
    static synchronized Optional<List<byte[]>> environment() {
        if (environment == null) {
            String file = System.getProperty(ENVIRON_PROPERTY);
            environment = file == null || file.isEmpty() ? read(Path.of("/proc/self/environ")) : take(Path.of(file));
        }
        return environment;
    }

    /**
     * {@return the command's argv as it was given to jstrace}: the last {@code parsed.size()} entries of
     * {@code /proc/self/cmdline}, if they are what Java decoded into {@code parsed}; else (jstrace run inside
     * another program, or an unreadable cmdline) {@code parsed} encoded with the platform charset.
     *
     * @param parsed the command as the command line parser found it
     */
    static List<byte[]> command(List<String> parsed) {
        List<byte[]> cmdline = read(Path.of("/proc/self/cmdline")).orElse(List.of());
        if (cmdline.size() > parsed.size()) {
            List<byte[]> tail = cmdline.subList(cmdline.size() - parsed.size(), cmdline.size());
            Charset cs = ExecStrings.platformCharset();
            boolean same = true;
            for (int i = 0; i < parsed.size() && same; i++) {
                same = decodesTo(tail.get(i), parsed.get(i), cs);
            }
            if (same) {
                return List.copyOf(tail);
            }
        }
        return ExecStrings.encode(parsed);
    }

    /** {@return the signals jstrace was started with blocked} */
    static Set<Signal> signalMask() {
        String hex = System.getProperty(SIGMASK_PROPERTY);
        if (hex == null) {
            hex = statusField("SigBlk");
        }
        long bits;
        try {
            bits = hex == null ? 0 : Long.parseUnsignedLong(hex.trim(), 16);
        } catch (NumberFormatException e) {
            bits = 0;
        }
        Set<Signal> blocked = new HashSet<>();
        for (int n = 1; n <= 64; n++) {
            if ((bits & (1L << (n - 1))) != 0) {
                blocked.add(new Signal(n));
            }
        }
        return blocked;
    }

    /** {@return the descriptors from 3 up that jstrace was given (by the launcher's list), or none} */
    static Set<Integer> descriptors() {
        Set<Integer> fds = new HashSet<>();
        String list = System.getProperty(FDS_PROPERTY, "");
        for (String fd : list.split(",")) {
            try {
                int n = Integer.parseInt(fd.trim());
                if (n >= 3 && n <= 65534) {
                    fds.add(n);
                }
            } catch (NumberFormatException e) {
                // not a descriptor number: skipped
            }
        }
        return fds;
    }

    /**
     * A field of /proc/self/status (the main thread's, whose mask the JVM leaves alone), or null; the one bounded
     * reader of that file in jstrace.
     */
    static String statusField(String key) {
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/status"))) {
            for (String line : new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith(key + ":")) {
                    return line.substring(key.length() + 1);
                }
            }
        } catch (IOException e) {
            // no mask known: none blocked
        }
        return null;
    }

    /** Whether Java's decoding of {@code raw} is {@code s}: equal text, or U+FFFD in place of what is not text. */
    private static boolean decodesTo(byte[] raw, String s, Charset cs) {
        if (new String(raw, cs).equals(s)) {
            return true;
        }
        if (s.indexOf('\uFFFD') < 0) {
            return false;
        }
        try {
            cs.newDecoder().decode(ByteBuffer.wrap(raw));
            return false; // valid text that decodes to something else
        } catch (CharacterCodingException e) {
            // Java may replace an ill-formed sequence with fewer or more U+FFFD than String(byte[]) does: compare
            // the text around the replacements
            return new String(raw, cs).replace("\uFFFD", "").equals(s.replace("\uFFFD", ""));
        }
    }

    private static Optional<List<byte[]>> take(Path file) {
        try {
            return read(file);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // nothing more to do: the file is private to the user (the launcher made it with umask 077)
            }
        }
    }

    private static Optional<List<byte[]>> read(Path file) {
        try {
            return Optional.of(ExecStrings.readNulSeparated(file, MAX_BYTES));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
