package dev.ptrace;

import java.util.List;

/**
 * The user a spawned program runs as ({@link SpawnOptions#withCredentials}): its real, effective and saved user
 * and group ids and its supplementary groups, set after the tracer has seized the process and before its
 * {@code execve}, as strace's {@code -u USER} does. Changing them needs {@code CAP_SETUID} and {@code CAP_SETGID}
 * (root).
 *
 * @param uid the user id
 * @param gid the group id
 * @param groups the supplementary group ids, in order (at most 65535)
 */
public record Credentials(int uid, int gid, List<Integer> groups) {

    /**
     * Copies the groups.
     *
     * @param uid the user id
     * @param gid the group id
     * @param groups the supplementary group ids
     * @throws IllegalArgumentException if there are more than 65535 groups
     */
    public Credentials {
        groups = List.copyOf(groups);
        if (groups.size() > 65535) {
            throw new IllegalArgumentException("too many supplementary groups: " + groups.size());
        }
    }
}
