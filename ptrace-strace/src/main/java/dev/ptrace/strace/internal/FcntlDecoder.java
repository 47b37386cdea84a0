package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** fcntl: the third argument and the result depend on the command. */
final class FcntlDecoder implements SyscallDecoder {
    /** The descriptor flags of F_GETFD and F_SETFD. */
    private static final Xlat FD_FLAGS = Xlat.of("FD_CLOEXEC", 1L);

    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        Fmt.fd(c.ctx, o, c.arg(0));
        o.append(", ");
        int cmd = (int) c.arg(1);
        Fmt.enumValue(c.ctx, o, FCNTL_CMD, cmd, "F_");
        String name = c.ctx.xlat(FCNTL_CMD).name(cmd);
        if (name == null) {
            o.append(", ");
            Fmt.hex(o, c.arg(2));
            return;
        }
        switch (name) {
            case "F_GETFD": case "F_GETFL": case "F_GETOWN": case "F_GETSIG": case "F_GETLEASE":
            case "F_GETPIPE_SZ": case "F_GET_SEALS":
                break;
            case "F_SETFD":
                o.append(", ");
                Fmt.flags(c.ctx, o, FD_FLAGS, c.arg(2) & 0xffffffffL, "0");
                break;
            case "F_SETFL":
                o.append(", ");
                OpenDecoder.openFlags(c.ctx, o, c.arg(2) & 0xffffffffL);
                break;
            case "F_DUPFD": case "F_DUPFD_CLOEXEC": case "F_SETOWN": case "F_SETSIG": case "F_SETPIPE_SZ":
            case "F_NOTIFY": case "F_SETLEASE": case "F_ADD_SEALS":
                o.append(", ").append((int) c.arg(2));
                break;
            default:
                o.append(", ");
                Fmt.ptr(o, c.arg(2));
        }
    }

    @Override
    public void result(SyscallCall c, StringBuilder o) {
        String name = c.ctx.xlat(FCNTL_CMD).name((int) c.arg(1));
        long r = c.returnValue();
        if ("F_GETFD".equals(name)) {
            Fmt.hexOrZero(o, r);
            if (r != 0) {
                o.append(" (flags ");
                Fmt.flags(c.ctx, o, FD_FLAGS, r, "0");
                o.append(')');
            }
        } else if ("F_GETFL".equals(name)) {
            Fmt.hexOrZero(o, r);
            o.append(" (flags ");
            OpenDecoder.openFlags(c.ctx, o, r);
            o.append(')');
        } else if ("F_GETLEASE".equals(name)) {
            Fmt.hexOrZero(o, r);
            String type = c.ctx.xlat(FCNTL_LOCK_TYPE).name(r);
            if (type != null) {
                o.append(" (").append(type).append(')');
            }
        } else if ("F_DUPFD".equals(name) || "F_DUPFD_CLOEXEC".equals(name)) {
            Result.FD.print(c, o);
        } else {
            o.append(r);
        }
    }
}
