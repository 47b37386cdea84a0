package dev.ptrace.strace.internal;

/** clone3: {@code struct clone_args} at entry, the parent's tid written back after the call. */
final class Clone3Decoder implements SyscallDecoder {
    private static final long PIDFD = 0x1000;
    private static final long SETTLS = 0x80000;
    private static final long PARENT_SETTID = 0x100000;
    private static final long CHILD_CLEARTID = 0x200000;
    private static final long CHILD_SETTID = 0x1000000;
    private static final long INTO_CGROUP = 0x200000000L;

    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        long size = c.arg(1);
        byte[] b = size >= 64 && c.arg(0) != 0 ? c.ctx.read(c.arg(0), (int) Math.min(size, 88)) : null;
        c.saved = b == null ? 0 : 1;
        if (b == null) {
            Fmt.ptr(o, c.arg(0));
            return;
        }
        long flags = Bytes.getLong(b, 0);
        o.append("{flags=");
        Fmt.flags(c.ctx, o, ConstantFamily.CLONE, flags);
        if ((flags & PIDFD) != 0) {
            o.append(", pidfd=");
            Fmt.ptr(o, Bytes.getLong(b, 8));
        }
        if ((flags & (CHILD_SETTID | CHILD_CLEARTID)) != 0) {
            o.append(", child_tid=");
            Fmt.ptr(o, Bytes.getLong(b, 16));
        }
        if ((flags & PARENT_SETTID) != 0) {
            o.append(", parent_tid=");
            Fmt.ptr(o, Bytes.getLong(b, 24));
        }
        long sig = Bytes.getLong(b, 32);
        o.append(", exit_signal=");
        if (sig == 0) {
            o.append('0');
        } else {
            Fmt.signal(c.ctx, o, sig);
        }
        o.append(", stack=");
        Fmt.ptr(o, Bytes.getLong(b, 40));
        o.append(", stack_size=");
        Fmt.hexOrZero(o, Bytes.getLong(b, 48));
        if ((flags & SETTLS) != 0) {
            o.append(", tls=");
            Fmt.ptr(o, Bytes.getLong(b, 56));
        }
        if (b.length >= 80 && Bytes.getLong(b, 64) != 0) {
            o.append(", set_tid=");
            Fmt.ptr(o, Bytes.getLong(b, 64));
            o.append(", set_tid_size=").append(Long.toUnsignedString(Bytes.getLong(b, 72)));
        }
        if (b.length >= 88 && (flags & INTO_CGROUP) != 0) {
            o.append(", cgroup=").append(Bytes.getLong(b, 80));
        }
        o.append('}');
    }

    @Override
    public void exit(SyscallCall c, StringBuilder o) {
        if (c.saved == 1 && c.succeeded()) {
            byte[] b = c.ctx.read(c.arg(0), 32);
            long flags = b == null ? 0 : Bytes.getLong(b, 0);
            if (b != null && (flags & PARENT_SETTID) != 0 && Bytes.getLong(b, 24) != 0) {
                o.append(" => {parent_tid=");
                Structs.intRef(c.ctx, o, Bytes.getLong(b, 24));
                o.append('}');
            }
        }
        o.append(", ").append(Long.toUnsignedString(c.arg(1)));
    }
}
