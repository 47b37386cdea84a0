package dev.ptrace.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the version of a header: the Debian package that owns it and that package's version
 * ({@code linux-libc-dev 6.1.187-1}), or, for headers dpkg does not know, the kernel version written in a
 * nearby {@code linux/version.h} or kernel {@code Makefile}.
 */
final class HeaderVersion {
    private static final Map<Path, String> CACHE = new HashMap<>();

    private HeaderVersion() {
    }

    static synchronized String describe(Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file.toAbsolutePath().normalize();
        }
        return CACHE.computeIfAbsent(real, HeaderVersion::lookup);
    }

    private static String lookup(Path file) {
        String owner = run("dpkg-query", "-S", file.toString());
        if (owner != null && !owner.isBlank()) {
            String line = owner.lines().filter(l -> !l.startsWith("diversion")).findFirst().orElse("");
            int colon = line.indexOf(": ");
            if (colon > 0) {
                String pkg = line.substring(0, colon).split(",")[0].strip();
                String version = run("dpkg-query", "-W", "-f=${Version}", pkg);
                if (version != null && !version.isBlank()) {
                    return pkg.replaceFirst(":.*$", "") + " " + version.strip();
                }
            }
        }
        for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
            String v = fromVersionH(dir.resolve("linux/version.h"));
            if (v == null) {
                v = fromMakefile(dir.resolve("Makefile"));
            }
            if (v != null) {
                return "Linux " + v + " headers";
            }
        }
        return "unversioned headers";
    }

    private static String fromVersionH(Path p) {
        String s = read(p);
        if (s == null) {
            return null;
        }
        String major = find(s, "#define LINUX_VERSION_MAJOR\\s+(\\d+)");
        String minor = find(s, "#define LINUX_VERSION_PATCHLEVEL\\s+(\\d+)");
        String sub = find(s, "#define LINUX_VERSION_SUBLEVEL\\s+(\\d+)");
        return major == null || minor == null ? null : major + "." + minor + (sub == null ? "" : "." + sub);
    }

    /** The kernel version of a kernel tree's top Makefile ("6.1.187"), or null. */
    static String fromMakefile(Path p) {
        String s = read(p);
        if (s == null) {
            return null;
        }
        String v = find(s, "(?m)^VERSION\\s*=\\s*(\\d+)");
        String pl = find(s, "(?m)^PATCHLEVEL\\s*=\\s*(\\d+)");
        String sl = find(s, "(?m)^SUBLEVEL\\s*=\\s*(\\d+)");
        return v == null || pl == null ? null : v + "." + pl + (sl == null ? "" : "." + sl);
    }

    /** The uapi kernel version of an include root ("6.1.187"), or null. */
    static String uapiVersion(List<Path> roots) {
        for (Path r : roots) {
            String v = fromVersionH(r.resolve("linux/version.h"));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static String sha256(Path file) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(d);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash " + file, e);
        }
    }

    private static String find(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        return m.find() ? m.group(1) : null;
    }

    private static String read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The standard output of a command, or null when it cannot run or fails. */
    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
