package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;


/** open and openat: the mode is only an argument when the flags create a file. */
final class OpenDecoder implements SyscallDecoder {
    private final int dirfd;

    OpenDecoder(int dirfd) {
        this.dirfd = dirfd;
    }

    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        int p = 0;
        if (dirfd >= 0) {
            Fmt.dirfd(c.ctx, o, c.arg(0));
            o.append(", ");
            p = 1;
        }
        Fmt.path(c.ctx, o, c.arg(p));
        o.append(", ");
        long flags = c.arg(p + 1) & 0xffffffffL;
        openFlags(c.ctx, o, flags);
        if (createsFile(c.ctx, flags)) {
            o.append(", ");
            Fmt.octal(o, c.arg(p + 2) & 0xffffffffL);
        }
    }

    @Override
    public void result(SyscallCall c, StringBuilder o) {
        Result.FD.print(c, o);
    }

    /** Whether open flags create a file ({@code O_CREAT}, {@code O_TMPFILE}): the mode is used then. */
    static boolean createsFile(DecodeContext ctx, long flags) {
        Long creat = ctx.xlat(OPEN_FLAGS).value("O_CREAT");
        Long tmpfile = ctx.xlat(OPEN_FLAGS).value("O_TMPFILE");
        return creat != null && (flags & creat) != 0 || tmpfile != null && (flags & tmpfile) == tmpfile;
    }

    /** Open flags: the access mode by name, then the other flags. */
    static void openFlags(DecodeContext ctx, StringBuilder o, long flags) {
        StringBuilder names = new StringBuilder();
        long acc = flags & 3;
        names.append(acc == 0 ? "O_RDONLY" : acc == 1 ? "O_WRONLY" : acc == 2 ? "O_RDWR" : "O_ACCMODE");
        long rest = flags & ~3L;
        if (rest != 0) {
            names.append('|');
            ctx.xlat(OPEN_FLAGS).appendFlags(names, rest);
        }
        StringBuilder raw = new StringBuilder();
        Fmt.hexOrZero(raw, flags);
        Fmt.styledText(ctx, o, raw.toString(), names);
    }
}
