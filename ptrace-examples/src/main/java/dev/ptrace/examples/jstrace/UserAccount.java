package dev.ptrace.examples.jstrace;

import dev.ptrace.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * strace's {@code -u USER}: the user's uid and gid as getpwnam(3) finds them in the passwd database, and its
 * supplementary groups as initgroups(3) builds them (its gid, then every group of the group database that lists
 * it). Read from {@code /etc/passwd} and {@code /etc/group} (the "files" source of NSS), each read bounded.
 */
final class UserAccount {
    private static final int MAX_BYTES = 8 << 20;

    private UserAccount() {
    }

    /**
     * {@return the credentials of {@code name}, or empty when there is no such user}
     *
     * @param name the user name
     * @param passwd the passwd database
     * @param group the group database
     */
    static Optional<Credentials> lookup(String name, Path passwd, Path group) {
        for (String line : lines(passwd)) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[0].equals(name)) {
                Integer uid = id(f[2]);
                Integer gid = id(f[3]);
                if (uid == null || gid == null) {
                    continue;
                }
                Set<Integer> groups = new LinkedHashSet<>();
                groups.add(gid);
                for (String g : lines(group)) {
                    String[] gf = g.split(":", -1);
                    Integer n = gf.length >= 4 ? id(gf[2]) : null;
                    if (n != null && List.of(gf[3].split(",")).contains(name)) {
                        groups.add(n);
                    }
                }
                return Optional.of(new Credentials(uid, gid, new ArrayList<>(groups)));
            }
        }
        return Optional.empty();
    }

    /** {@return whether this process's real and effective uid are 0, from /proc/self/status} */
    static boolean isRoot() {
        String uids = ExecTimeArguments.statusField("Uid");
        if (uids == null) {
            return false;
        }
        String[] f = uids.trim().split("\\s+");
        return f.length >= 2 && f[0].equals("0") && f[1].equals("0");
    }

    private static Integer id(String s) {
        try {
            long v = Long.parseLong(s);
            return v >= 0 && v <= 0xfffffffeL ? (int) v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> lines(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return List.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
