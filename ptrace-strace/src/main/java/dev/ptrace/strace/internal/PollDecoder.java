package dev.ptrace.strace.internal;

/** poll: the events asked at entry, the events returned after the result. */
final class PollDecoder implements SyscallDecoder {
    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        Structs.pollfds(c.ctx, o, c.arg(0), c.arg(1), false);
        o.append(", ").append(c.arg(1) & 0xffffffffL).append(", ").append((int) c.arg(2));
    }

    @Override
    public void result(SyscallCall c, StringBuilder o) {
        long r = c.returnValue();
        o.append(r);
        if (r == 0) {
            o.append(" (Timeout)");
        } else if (r > 0) {
            o.append(" (");
            Structs.pollfds(c.ctx, o, c.arg(0), c.arg(1), true);
            o.append(')');
        }
    }
}
