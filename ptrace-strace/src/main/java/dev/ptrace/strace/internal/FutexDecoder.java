package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** futex: how many arguments are printed depends on the operation. */
final class FutexDecoder implements SyscallDecoder {
    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        Fmt.ptr(o, c.arg(0));
        o.append(", ");
        long op = c.arg(1) & 0xffffffffL;
        long cmd = op & ~256L;
        Xlat x = c.ctx.xlat(FUTEX_OP);
        String name = x.name(cmd);
        if (name == null) {
            Fmt.hex(o, op);
        } else {
            Fmt.styledText(c.ctx, o, "0x" + Long.toHexString(op),
                    (op & 256) != 0 ? name + "|FUTEX_CLOCK_REALTIME" : name);
        }
        int base = (int) (cmd & 127);
        o.append(", ").append((int) c.arg(2));
        switch (base) {
            case 0: // WAIT
            case 11: // WAIT_REQUEUE_PI
            case 6: // LOCK_PI
                o.append(", ");
                timeout(c, o, 3);
                break;
            case 9: // WAIT_BITSET
                o.append(", ");
                timeout(c, o, 3);
                o.append(", ");
                bitset(c.ctx, o, c.arg(5));
                break;
            case 10: // WAKE_BITSET
                o.append(", ");
                bitset(c.ctx, o, c.arg(5));
                break;
            case 1: // WAKE
            case 7: // UNLOCK_PI
                break;
            case 3: // CMP_REQUEUE
                o.append(", ").append(c.arg(3)).append(", ");
                Fmt.ptr(o, c.arg(4));
                o.append(", ").append((int) c.arg(5));
                break;
            case 4: // REQUEUE
                o.append(", ").append(c.arg(3)).append(", ");
                Fmt.ptr(o, c.arg(4));
                break;
            default:
                o.append(", ");
                Fmt.hexOrZero(o, c.arg(3));
                o.append(", ");
                Fmt.ptr(o, c.arg(4));
                o.append(", ");
                Fmt.hexOrZero(o, c.arg(5));
        }
    }

    private static void timeout(SyscallCall c, StringBuilder o, int i) {
        if (c.arg(i) == 0) {
            o.append("NULL");
        } else {
            Structs.timespec(c.ctx, o, c.arg(i));
        }
    }

    private static void bitset(DecodeContext ctx, StringBuilder o, long v) {
        if ((v & 0xffffffffL) == 0xffffffffL) {
            Fmt.styledText(ctx, o, "0xffffffff", "FUTEX_BITSET_MATCH_ANY");
        } else {
            Fmt.hex(o, v & 0xffffffffL);
        }
    }
}
