package dev.ptrace.strace.internal;

/**
 * A decoder for calls that are given a value by reference and write it back: a socklen_t (accept, getsockname,
 * recvfrom, getsockopt) or a file offset (sendfile). The value given is read at entry, so that the exit can
 * print {@code [given => returned]} as strace does. The rest is the wrapped decoder's.
 */
final class KeptValueDecoder implements SyscallDecoder {
    private final int arg;
    private final boolean offset;
    private final SyscallDecoder args;

    private KeptValueDecoder(int arg, boolean offset, SyscallDecoder args) {
        this.arg = arg;
        this.offset = offset;
        this.args = args;
    }

    /** Keeps the socklen_t argument {@code arg} points to (-1 in {@code saved} when unreadable). */
    static KeptValueDecoder length(int arg, SyscallDecoder args) {
        return new KeptValueDecoder(arg, false, args);
    }

    /** Keeps the 64-bit file offset argument {@code arg} points to ({@code saved}; NULL or unreadable: 0). */
    static KeptValueDecoder offset(int arg, SyscallDecoder args) {
        return new KeptValueDecoder(arg, true, args);
    }

    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        Long given = offset ? c.ctx.readLong(c.arg(arg)) : lengthNow(c, arg);
        c.saved = given != null ? given : offset ? 0 : -1;
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

    /** A file offset by reference: {@code [0] => [4]} after a successful call, {@code [0]} after a failed one. */
    static Arg offsetOut(int i) {
        return (c, o) -> {
            Long now = c.succeeded() ? c.ctx.readLong(c.arg(i)) : null;
            if (c.arg(i) == 0) {
                o.append("NULL");
                return;
            }
            o.append('[').append(c.saved).append(']');
            if (now != null) {
                o.append(" => [").append(now).append(']');
            }
        };
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
