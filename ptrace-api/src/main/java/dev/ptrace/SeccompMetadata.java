package dev.ptrace;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct seccomp_metadata} of one filter: its index and its {@code SECCOMP_FILTER_FLAG_*} flags.
 *
 * @param filterOffset the filter's index (0 is the first installed, the oldest)
 * @param flags the flag bits
 */
public record SeccompMetadata(long filterOffset, long flags) {

    /** {@code SECCOMP_FILTER_FLAG_TSYNC}. */
    public static final long FLAG_TSYNC = 1L;
    /** {@code SECCOMP_FILTER_FLAG_LOG}. */
    public static final long FLAG_LOG = 1L << 1;
    /** {@code SECCOMP_FILTER_FLAG_SPEC_ALLOW}. */
    public static final long FLAG_SPEC_ALLOW = 1L << 2;
    /** {@code SECCOMP_FILTER_FLAG_NEW_LISTENER}. */
    public static final long FLAG_NEW_LISTENER = 1L << 3;
    /** {@code SECCOMP_FILTER_FLAG_TSYNC_ESRCH}. */
    public static final long FLAG_TSYNC_ESRCH = 1L << 4;
    /** {@code SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV}. */
    public static final long FLAG_WAIT_KILLABLE_RECV = 1L << 5;

    private static final String[] NAMES = {"tsync", "log", "spec_allow", "new_listener", "tsync_esrch",
            "wait_killable_recv"};

    /** {@return the names of the set flags in bit order; unknown bits as {@code 0x...}} */
    public List<String> flagNames() {
        return flagNames(flags);
    }

    /**
     * {@return the names of {@code SECCOMP_FILTER_FLAG_*} bits in bit order ({@code tsync}, {@code log} ...)}
     *
     * @param flags the flag bits
     */
    public static List<String> flagNames(long flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1L << i)) != 0) {
                out.add(NAMES[i]);
            }
        }
        long unknown = flags & ~((1L << NAMES.length) - 1);
        if (unknown != 0) {
            out.add("0x" + Long.toHexString(unknown));
        }
        return List.copyOf(out);
    }
}
