package dev.ptrace.strace.internal;

/**
 * recvmmsg: the messages received are printed at exit, the timeout as it was given (the kernel rewrites it), and
 * what is left of it after the result: {@code = 1 (left {tv_sec=0, tv_nsec=0})}.
 */
final class RecvmmsgDecoder implements SyscallDecoder {
    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        Fmt.fd(c.ctx, o, c.arg(0));
        o.append(", ");
        StringBuilder timeout = new StringBuilder();
        timeout(c, timeout);
        c.savedText = timeout.toString();
    }

    @Override
    public void exit(SyscallCall c, StringBuilder o) {
        if (c.succeeded()) {
            MessageHeaders.mmsghdrs(c.ctx, o, c.arg(1), c.returnValue(), c.returnValue());
        } else {
            Fmt.ptr(o, c.arg(1));
        }
        o.append(", ").append(c.arg(2) & 0xffffffffL).append(", ");
        Fmt.flags(c.ctx, o, c.ctx.xlat(ConstantFamily.MSG_FLAGS), c.arg(3) & 0xffffffffL, "0");
        o.append(", ").append(c.savedText);
    }

    @Override
    public void result(SyscallCall c, StringBuilder o) {
        o.append(c.returnValue());
        if (c.arg(4) != 0) {
            o.append(" (left ");
            timeout(c, o);
            o.append(')');
        }
    }

    private static void timeout(SyscallCall c, StringBuilder o) {
        if (c.arg(4) == 0) {
            o.append("NULL");
        } else {
            Structs.timespec(c.ctx, o, c.arg(4));
        }
    }
}
