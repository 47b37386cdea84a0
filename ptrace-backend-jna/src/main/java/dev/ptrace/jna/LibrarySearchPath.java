package dev.ptrace.jna;

import dev.ptrace.Arch;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * JNA's library search path without forking {@code ldconfig}. The first use of JNA's {@code NativeLibrary} on
 * Linux runs {@code /sbin/ldconfig -p} to learn the directories of the shared libraries (about 10 ms, on every
 * start of the JVM), unless the system property {@code jna.platform.library.path} is set. This backend binds libc
 * through the process's own handle, which does not look at that path at all; so, when nobody has set the
 * property, it sets it to what JNA would have found: the multiarch and standard directories JNA lists first, then
 * the directories of {@code /etc/ld.so.conf} and the files it includes, which are what {@code ldconfig} caches,
 * read instead of asking {@code ldconfig}. Other users of JNA in the same JVM thus keep the directories they had.
 */
final class LibrarySearchPath {

    /** The property JNA's {@code NativeLibrary} reads once, when it is initialised. */
    static final String PROPERTY = "jna.platform.library.path";

    private static final int MAX_INCLUDE_DEPTH = 8;

    private LibrarySearchPath() {
    }

    /** Sets {@link #PROPERTY} unless it is set already; call before JNA's {@code NativeLibrary} is first used. */
    static void preset() {
        if (System.getProperty(PROPERTY) != null || !System.getProperty("os.name", "").startsWith("Linux")) {
            return;
        }
        List<String> dirs = new ArrayList<>();
        for (String d : directories(Arch.current(), Path.of("/etc/ld.so.conf"))) {
            if (Files.isDirectory(Path.of(d))) {
                dirs.add(d);
            }
        }
        if (!dirs.isEmpty()) {
            System.setProperty(PROPERTY, String.join(File.pathSeparator, dirs));
        }
    }

    /**
     * The candidate directories, in JNA's order and without duplicates; whether they exist is not checked.
     *
     * @param arch the architecture, for the multiarch directories
     * @param ldSoConf the dynamic linker's configuration file
     */
    static List<String> directories(Arch arch, Path ldSoConf) {
        String multiarch = (arch == Arch.AARCH64 ? "aarch64" : "x86_64") + "-linux-gnu";
        Set<String> dirs = new LinkedHashSet<>(List.of("/usr/lib/" + multiarch, "/lib/" + multiarch, "/usr/lib64",
                "/lib64", "/usr/lib", "/lib"));
        readConf(ldSoConf, dirs, 0);
        return new ArrayList<>(dirs);
    }

    /** ld.so.conf(5): a directory per line, {@code include GLOB} lines, {@code #} comments. */
    private static void readConf(Path file, Set<String> dirs, int depth) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | RuntimeException unreadable) {
            return;
        }
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash < 0 ? raw : raw.substring(0, hash)).trim();
            if (line.startsWith("include") && line.length() > 7 && Character.isWhitespace(line.charAt(7))) {
                if (depth < MAX_INCLUDE_DEPTH) {
                    for (String pattern : line.substring(8).trim().split("\\s+")) {
                        for (Path included : glob(file, pattern)) {
                            readConf(included, dirs, depth + 1);
                        }
                    }
                }
            } else if (line.startsWith("/")) {
                for (String dir : line.split("[\\s,:]+")) {
                    int eq = dir.indexOf('=');
                    String d = eq < 0 ? dir : dir.substring(0, eq);
                    while (d.length() > 1 && d.endsWith("/")) {
                        d = d.substring(0, d.length() - 1);
                    }
                    if (d.startsWith("/")) {
                        dirs.add(d);
                    }
                }
            }
        }
    }

    /** The files a pattern names, sorted as ldconfig reads them; wildcards only in the last component. */
    private static List<Path> glob(Path conf, String pattern) {
        Path p = conf.resolveSibling(pattern);
        Path dir = p.getParent();
        List<Path> found = new ArrayList<>();
        if (dir == null || p.getFileName() == null) {
            return found;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p.getFileName().toString())) {
            for (Path f : ds) {
                if (Files.isRegularFile(f)) {
                    found.add(f);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return found;
        }
        found.sort(null);
        return found;
    }
}
