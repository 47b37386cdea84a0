package dev.ptrace.strace.internal;

/** select and pselect6: the fd sets at entry; the ready ones and the time left after the result. */
final class SelectDecoder implements SyscallDecoder {
    /** The most descriptors a set is read for: FD_SETSIZE times 64 is far beyond any real call. */
    private static final int MAX_FDS = 1024 * 64;
    private final boolean pselect;

    SelectDecoder(boolean pselect) {
        this.pselect = pselect;
    }

    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        int nfds = (int) c.arg(0);
        o.append(nfds);
        for (int i = 1; i <= 3; i++) {
            o.append(", ");
            fdSet(c.ctx, o, c.arg(i), nfds);
        }
        o.append(", ");
        if (c.arg(4) == 0) {
            o.append("NULL");
        } else if (pselect) {
            Structs.timespec(c.ctx, o, c.arg(4));
        } else {
            Structs.timeval(c.ctx, o, c.arg(4));
        }
        if (pselect) {
            o.append(", ");
            long p = c.arg(5);
            byte[] b = p == 0 ? null : c.ctx.read(p, 16);
            if (p == 0) {
                o.append("NULL");
            } else if (b == null) {
                Fmt.hex(o, p);
            } else {
                long set = Bytes.getLong(b, 0);
                long size = Bytes.getLong(b, 8);
                o.append("{sigmask=");
                if (set == 0) {
                    o.append("NULL");
                } else {
                    Structs.sigset(c.ctx, o, set, size);
                }
                o.append(", sigsetsize=").append(Long.toUnsignedString(size)).append('}');
            }
        }
    }

    @Override
    public void result(SyscallCall c, StringBuilder o) {
        long r = c.returnValue();
        o.append(r);
        if (r == 0) {
            o.append(" (Timeout)");
            return;
        }
        int nfds = (int) c.arg(0);
        StringBuilder detail = new StringBuilder();
        String[] names = {"in", "out", "except"};
        for (int i = 1; i <= 3; i++) {
            long addr = c.arg(i);
            if (addr == 0 || nfds <= 0) {
                continue;
            }
            StringBuilder set = new StringBuilder();
            if (!readySet(c.ctx, set, addr, nfds)) {
                continue;
            }
            if (detail.length() > 0) {
                detail.append(", ");
            }
            detail.append(names[i - 1]).append(' ').append(set);
        }
        if (c.arg(4) != 0) {
            StringBuilder left = new StringBuilder();
            if (pselect) {
                Structs.timespec(c.ctx, left, c.arg(4));
            } else {
                Structs.timeval(c.ctx, left, c.arg(4));
            }
            if (left.charAt(0) == '{') {
                if (detail.length() > 0) {
                    detail.append(", ");
                }
                detail.append("left ").append(left);
            }
        }
        if (detail.length() > 0) {
            o.append(" (").append(detail).append(')');
        }
    }

    private static byte[] readSet(DecodeContext ctx, long addr, int nfds) {
        int n = Math.min(nfds, MAX_FDS);
        return ctx.read(addr, ((n + 63) / 64) * 8);
    }

    private static void fdSet(DecodeContext ctx, StringBuilder o, long addr, int nfds) {
        if (addr == 0) {
            o.append("NULL");
            return;
        }
        if (nfds <= 0) {
            Fmt.hex(o, addr);
            return;
        }
        byte[] b = readSet(ctx, addr, nfds);
        if (b == null) {
            Fmt.hex(o, addr);
            return;
        }
        Structs.bitList(o, b, Math.min(nfds, MAX_FDS));
    }

    /** The set bits of a returned set; false when it has none or cannot be read. */
    private static boolean readySet(DecodeContext ctx, StringBuilder o, long addr, int nfds) {
        byte[] b = readSet(ctx, addr, nfds);
        if (b == null) {
            return false;
        }
        int n = Math.min(nfds, MAX_FDS);
        for (int i = 0; i < n; i++) {
            if ((b[i >> 3] & (1 << (i & 7))) != 0) {
                Structs.bitList(o, b, n);
                return true;
            }
        }
        return false;
    }

}
