package dev.ptrace.strace.internal;

/** NUMA memory policies: set_mempolicy, get_mempolicy, mbind and migrate_pages (strace's numa source). */
final class NumaPolicy {
    /** The mode flags share the mode argument with the mode, in its high bits. */
    private static final long MODE_FLAGS = 0xe000;
    /** strace prints no more node mask words than this, then {@code ...}. */
    private static final int MAX_WORDS = 32;

    private NumaPolicy() {
    }

    /** A mode argument: {@code MPOL_BIND}, {@code MPOL_PREFERRED|MPOL_F_STATIC_NODES}. */
    static Arg mode(int i) {
        return (c, o) -> mode(c.ctx, o, c.arg(i) & 0xffffffffL);
    }

    private static void mode(DecodeContext ctx, StringBuilder o, long v) {
        long flags = v & MODE_FLAGS;
        Fmt.enumValue(ctx, o, ConstantFamily.MEMPOLICY_MODE, v & ~MODE_FLAGS, "MPOL_");
        if (flags != 0) {
            o.append('|');
            Fmt.flags(ctx, o, ConstantFamily.MEMPOLICY_MODE_FLAGS, flags);
        }
    }

    /** get_mempolicy's {@code int *mode}, filled by the kernel: {@code [MPOL_DEFAULT]}. */
    static Arg modeOut(int i) {
        return (c, o) -> {
            byte[] b = c.arg(i) == 0 || !c.succeeded() ? null : c.ctx.read(c.arg(i), 4);
            if (b == null) {
                Fmt.ptr(o, c.arg(i));
            } else {
                o.append('[');
                mode(c.ctx, o, Bytes.getInt(b, 0) & 0xffffffffL);
                o.append(']');
            }
        };
    }

    /**
     * A node mask of {@code maxnode} bits (the kernel reads {@code maxnode - 1} of them), in 64-bit words printed
     * as C's {@code %#018lx} does: zero without the {@code 0x}, as strace prints them.
     */
    static Arg nodemask(int i, int maxnodeArg, boolean filled) {
        return (c, o) -> {
            long addr = c.arg(i);
            long bits = c.arg(maxnodeArg) - 1;
            long words = c.arg(maxnodeArg) == 0 ? 0 : (bits + 63) >>> 6;
            byte[] b = addr == 0 || (filled && !c.succeeded()) ? null
                    : c.ctx.read(addr, (int) Math.min(words, MAX_WORDS) * 8);
            if (b == null) {
                Fmt.ptr(o, addr);
                return;
            }
            o.append('[');
            for (int w = 0; w < b.length / 8; w++) {
                o.append(w > 0 ? ", " : "");
                long v = Bytes.getLong(b, 8 * w);
                String hex = Long.toHexString(v);
                o.append(v == 0 ? "0".repeat(16) : "0x" + "0".repeat(Math.max(0, 14 - hex.length())) + hex);
            }
            if (words > MAX_WORDS) {
                o.append(", ...");
            }
            o.append(']');
        };
    }
}
