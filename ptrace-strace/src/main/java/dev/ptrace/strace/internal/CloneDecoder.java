package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

import dev.ptrace.Arch;

/** clone: the argument order differs between architectures, and some are only printed for some flags. */
final class CloneDecoder implements SyscallDecoder {
    private static final long SETTLS = 0x00080000;
    private static final long PARENT_SETTID = 0x00100000;
    private static final long CHILD_CLEARTID = 0x00200000;
    private static final long CHILD_SETTID = 0x01000000;

    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        long flags = c.arg(0);
        o.append("child_stack=");
        Fmt.ptr(o, c.arg(1));
        o.append(", flags=");
        long known = flags & ~0xffL;
        boolean any = false;
        if (known != 0) {
            Fmt.flags(c.ctx, o, CLONE, known);
            any = true;
        }
        int sig = (int) (flags & 0xff);
        if (sig != 0) {
            if (any) {
                o.append('|');
            }
            Fmt.signal(c.ctx, o, sig);
            any = true;
        }
        if (!any) {
            o.append('0');
        }
    }

    @Override
    public void exit(SyscallCall c, StringBuilder o) {
        long flags = c.arg(0);
        boolean x86 = c.ctx.tables().arch() == Arch.X86_64;
        long ptid = c.arg(2);
        long ctid = x86 ? c.arg(3) : c.arg(4);
        long tls = x86 ? c.arg(4) : c.arg(3);
        if ((flags & PARENT_SETTID) != 0) {
            o.append(", parent_tid=");
            if (c.succeeded()) {
                Structs.intRef(c.ctx, o, ptid);
            } else {
                Fmt.ptr(o, ptid);
            }
        }
        if ((flags & (CHILD_SETTID | CHILD_CLEARTID)) != 0) {
            o.append(", child_tidptr=");
            Fmt.ptr(o, ctid);
        }
        if ((flags & SETTLS) != 0) {
            o.append(", tls=");
            Fmt.ptr(o, tls);
        }
    }
}
