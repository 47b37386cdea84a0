package dev.ptrace.strace.internal;

/** recvmsg: the header is printed at exit; the name length given at entry is kept for the {@code =>}. */
final class RecvmsgDecoder implements SyscallDecoder {
    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        Fmt.fd(c.ctx, o, c.arg(0));
        o.append(", ");
        byte[] b = c.arg(1) == 0 ? null : c.ctx.read(c.arg(1) + 8, 4);
        c.saved = b == null ? -1 : Bytes.getInt(b, 0) & 0xffffffffL;
    }

    @Override
    public void exit(SyscallCall c, StringBuilder o) {
        if (c.succeeded()) {
            MessageHeaders.msghdr(c.ctx, o, c.arg(1), c.returnValue(), c.saved);
        } else if (c.saved >= 0) {
            o.append("{msg_namelen=").append(c.saved).append('}');
        } else {
            Fmt.ptr(o, c.arg(1));
        }
        o.append(", ");
        Fmt.flags(c.ctx, o, c.ctx.xlat(ConstantFamily.MSG_FLAGS), c.arg(2) & 0xffffffffL, "0");
    }
}
