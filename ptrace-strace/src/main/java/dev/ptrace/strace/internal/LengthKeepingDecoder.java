package dev.ptrace.strace.internal;

/**
 * A decoder for calls that are given a length by reference and write the length they used back (socklen_t of
 * accept, getsockname, recvfrom, getsockopt): the length given is read at entry, so that the exit can print
 * {@code [given => returned]} as strace does. The rest is the wrapped decoder's.
 */
final class LengthKeepingDecoder implements SyscallDecoder {
    private final int lengthArg;
    private final SyscallDecoder args;

    LengthKeepingDecoder(int lengthArg, SyscallDecoder args) {
        this.lengthArg = lengthArg;
        this.args = args;
    }

    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        Long given = lengthNow(c, lengthArg);
        c.saved = given == null ? -1 : given;
        args.enter(c, o);
    }

    @Override
    public void exit(SyscallCall c, StringBuilder o) {
        args.exit(c, o);
    }

    @Override
    public void result(SyscallCall c, StringBuilder o) {
        args.result(c, o);
    }

    /** The unsigned 32-bit length argument {@code i} points to now, or null (NULL or unreadable). */
    static Long lengthNow(SyscallCall c, int i) {
        byte[] b = c.arg(i) == 0 ? null : c.ctx.read(c.arg(i), 4);
        return b == null ? null : Bytes.getInt(b, 0) & 0xffffffffL;
    }

    /** The length by reference: {@code [16]}, or {@code [110 => 19]} when the call changed it. */
    static Arg lengthOut(int i) {
        return (c, o) -> {
            Long now = c.succeeded() ? lengthNow(c, i) : null;
            if (c.arg(i) == 0) {
                o.append("NULL");
            } else if (c.saved < 0) {
                Fmt.ptr(o, c.arg(i));
            } else if (now == null || now == c.saved) {
                o.append('[').append(c.saved).append(']');
            } else {
                o.append('[').append(c.saved).append(" => ").append(now).append(']');
            }
        };
    }
}
