package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** File system notification: fanotify_init, fanotify_mark (strace's fanotify source). */
final class NotifyDecoders extends DecoderGroup {
    /** The class field of fanotify_init's flags. */
    private static final long CLASS_BITS = 0xc;

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "fanotify_init":
                return d(1, Result.FD, (c, o) -> {
                    long flags = c.arg(0) & 0xffffffffL;
                    Fmt.enumValue(c.ctx, o, FANOTIFY_CLASS, flags & CLASS_BITS, "FAN_CLASS_");
                    if ((flags & ~CLASS_BITS) != 0) {
                        o.append('|');
                        Fmt.flags(c.ctx, o, FANOTIFY_INIT_FLAGS, flags & ~CLASS_BITS);
                    }
                }, (c, o) -> OpenDecoder.openFlags(c.ctx, o, c.arg(1) & 0xffffffffL));
            case "fanotify_mark":
                return d(A.fd(0), A.flags32(1, FANOTIFY_MARK_FLAGS), A.flags(2, FANOTIFY_EVENTS), A.dirfd(3),
                        A.path(4));
            default:
                return null;
        }
    }
}
