package dev.ptrace.strace.internal;

/**
 * {@code struct msghdr} and its control messages, and the {@code struct mmsghdr} arrays of sendmmsg/recvmmsg
 * (strace's msghdr and mmsghdr sources), as strace prints them:
 * {@code msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]}.
 */
final class MessageHeaders {
    /** sizeof(struct msghdr) and sizeof(struct mmsghdr) on 64-bit. */
    static final int MSGHDR = 56;
    private static final int MMSGHDR = 64;
    /** sizeof(struct cmsghdr): length (64-bit), level, type. */
    private static final int CMSGHDR = 16;
    /** The most control bytes read from a message. */
    private static final int MAX_CONTROL = 4096;
    private static final int SOL_SOCKET = 1;
    private static final String[] SCM = {null, "SCM_RIGHTS", "SCM_CREDENTIALS", "SCM_SECURITY", "SCM_PIDFD"};

    private MessageHeaders() {
    }

    /**
     * The header at {@code addr}: name, iovec array (with at most {@code iovLimit} bytes of data), control messages
     * and flags. {@code namelenGiven} is the name length given to recvmsg, printed with the returned one as
     * {@code N => M} when they differ; -1 for none.
     */
    static void msghdr(DecodeContext ctx, StringBuilder o, long addr, long iovLimit, long namelenGiven) {
        byte[] b = addr == 0 ? null : ctx.read(addr, MSGHDR);
        if (b == null) {
            Fmt.ptr(o, addr);
        } else {
            fields(ctx, o, b, iovLimit, namelenGiven);
        }
    }

    private static void fields(DecodeContext ctx, StringBuilder o, byte[] b, long iovLimit, long namelenGiven) {
        long name = Bytes.getLong(b, 0);
        long namelen = Bytes.getInt(b, 8) & 0xffffffffL;
        long iov = Bytes.getLong(b, 16);
        long iovlen = Bytes.getLong(b, 24);
        long control = Bytes.getLong(b, 32);
        long controllen = Bytes.getLong(b, 40);
        int flags = Bytes.getInt(b, 48);
        o.append("{msg_name=");
        if (name == 0 || namelen == 0) {
            Fmt.ptr(o, name);
        } else {
            Structs.sockaddr(ctx, o, name, namelen);
        }
        o.append(", msg_namelen=");
        if (namelenGiven >= 0 && namelenGiven != namelen) {
            o.append(namelenGiven).append(" => ");
        }
        o.append(namelen);
        o.append(", msg_iov=");
        Structs.iovecs(ctx, o, iov, iovlen, iovLimit);
        o.append(", msg_iovlen=").append(Long.toUnsignedString(iovlen));
        if (controllen != 0) {
            o.append(", msg_control=");
            control(ctx, o, control, controllen);
        }
        o.append(", msg_controllen=").append(Long.toUnsignedString(controllen)).append(", msg_flags=");
        Fmt.flags(ctx, o, ctx.xlat(ConstantFamily.MSG_FLAGS), flags & 0xffffffffL, "0");
        o.append('}');
    }

    /** The control messages in {@code len} bytes at {@code addr}; the pointer when none can be read. */
    private static void control(DecodeContext ctx, StringBuilder o, long addr, long len) {
        int size = (int) Math.min(Math.max(0, len), MAX_CONTROL);
        byte[] b = len < CMSGHDR ? null : ctx.read(addr, size);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append('[');
        int off = 0;
        int shown = 0;
        while (size - off >= CMSGHDR) {
            if (shown == ctx.stringLimit()) {
                o.append(", ...");
                break;
            }
            long cmsgLen = Bytes.getLong(b, off);
            int level = Bytes.getInt(b, off + 8);
            int type = Bytes.getInt(b, off + 12);
            o.append(shown++ > 0 ? ", " : "").append("{cmsg_len=").append(Long.toUnsignedString(cmsgLen))
                    .append(", cmsg_level=");
            Fmt.enumOrDec(ctx, o, ConstantFamily.SOCKET_LEVEL, level, true);
            o.append(", cmsg_type=");
            String typeName = level == SOL_SOCKET && type > 0 && type < SCM.length ? SCM[type] : null;
            if (typeName != null) {
                Fmt.styled(ctx, o, type, typeName, true);
            } else {
                Fmt.hexOrZero(o, type & 0xffffffffL);
            }
            if (cmsgLen < CMSGHDR || cmsgLen > size - off) {
                o.append('}');
                break;
            }
            data(ctx, o, b, off + CMSGHDR, (int) cmsgLen - CMSGHDR, typeName);
            o.append('}');
            off += (int) ((cmsgLen + 7) & ~7L);
        }
        o.append(']');
    }

    /** The data of a control message: descriptors of SCM_RIGHTS, the credentials of SCM_CREDENTIALS. */
    private static void data(DecodeContext ctx, StringBuilder o, byte[] b, int off, int len, String type) {
        if ("SCM_RIGHTS".equals(type) && len >= 4) {
            o.append(", cmsg_data=[");
            for (int i = 0; i + 4 <= len; i += 4) {
                if (i > 0) {
                    o.append(", ");
                }
                Fmt.fd(ctx, o, Bytes.getInt(b, off + i));
            }
            o.append(']');
        } else if ("SCM_CREDENTIALS".equals(type) && len >= 12) {
            o.append(", cmsg_data={pid=").append(Bytes.getInt(b, off)).append(", uid=")
                    .append(Integer.toUnsignedString(Bytes.getInt(b, off + 4))).append(", gid=")
                    .append(Integer.toUnsignedString(Bytes.getInt(b, off + 8))).append('}');
        }
    }

    /**
     * {@code count} mmsghdrs at {@code addr}: {@code [{msg_hdr={...}, msg_len=3}, ...]}. {@code withLength}
     * entries (those the call sent or received) carry their {@code msg_len}, and their data is limited to it.
     */
    static void mmsghdrs(DecodeContext ctx, StringBuilder o, long addr, long count, long withLength) {
        int shown = (int) Math.min(Math.max(0, count), ctx.stringLimit());
        byte[] b = addr == 0 || count < 0 ? null : shown == 0 ? new byte[0] : ctx.read(addr, shown * MMSGHDR);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append('[');
        for (int i = 0; i < shown; i++) {
            byte[] h = java.util.Arrays.copyOfRange(b, i * MMSGHDR, i * MMSGHDR + MSGHDR);
            long msgLen = Bytes.getInt(b, i * MMSGHDR + MSGHDR) & 0xffffffffL;
            o.append(i > 0 ? ", " : "").append("{msg_hdr=");
            fields(ctx, o, h, i < withLength ? msgLen : Long.MAX_VALUE, -1);
            if (i < withLength) {
                o.append(", msg_len=").append(msgLen);
            }
            o.append('}');
        }
        if (count > shown) {
            o.append(", ...");
        }
        o.append(']');
    }
}
