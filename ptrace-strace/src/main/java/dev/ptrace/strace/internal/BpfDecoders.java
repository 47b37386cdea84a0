package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Filters and events: seccomp, bpf, perf_event_open (strace's seccomp, bpf and perf sources). */
final class BpfDecoders extends DecoderGroup {
    private static final int SET_MODE_FILTER = 1;
    private static final int GET_ACTION_AVAIL = 2;
    private static final int GET_NOTIF_SIZES = 3;

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "seccomp":
                return new SyscallDecoder() {
                    @Override
                    public void enter(SyscallCall c, StringBuilder o) {
                        int op = (int) c.arg(0);
                        Fmt.enumValue(c.ctx, o, SECCOMP_OP, op & 0xffffffffL, "SECCOMP_");
                        o.append(", ");
                        if (op == SET_MODE_FILTER) {
                            Fmt.flags(c.ctx, o, SECCOMP_FILTER_FLAGS, c.arg(1) & 0xffffffffL);
                            o.append(", ");
                            sockFprog(c.ctx, o, c.arg(2));
                            return;
                        }
                        Fmt.hexOrZero(o, c.arg(1) & 0xffffffffL);
                        o.append(", ");
                        byte[] b = op == GET_ACTION_AVAIL && c.arg(2) != 0 ? c.ctx.read(c.arg(2), 4) : null;
                        if (b != null) {
                            o.append('[');
                            Fmt.enumValue(c.ctx, o, SECCOMP_RET_ACTION, Bytes.getInt(b, 0) & 0xffffffffL,
                                    "SECCOMP_RET_");
                            o.append(']');
                        } else if (op != GET_NOTIF_SIZES) { // those are printed at exit
                            Fmt.ptr(o, c.arg(2));
                        }
                    }

                    @Override
                    public void exit(SyscallCall c, StringBuilder o) {
                        if ((int) c.arg(0) == GET_NOTIF_SIZES) {
                            byte[] b = c.succeeded() ? c.ctx.read(c.arg(2), 6) : null;
                            if (b == null) {
                                Fmt.ptr(o, c.arg(2));
                            } else {
                                o.append("{seccomp_notif=").append(Bytes.getShort(b, 0) & 0xffff)
                                        .append(", seccomp_notif_resp=").append(Bytes.getShort(b, 2) & 0xffff)
                                        .append(", seccomp_data=").append(Bytes.getShort(b, 4) & 0xffff).append('}');
                            }
                        }
                    }
                };
            case "bpf":
                return BpfAttr.DECODER;
            case "perf_event_open":
                return d(A.in(0, PerfEventAttr::print), A.i32(1), A.i32(2), A.fd(3),
                        (c, o) -> PerfEventAttr.flags(c.ctx, o, c.arg(4)));
            default:
                return null;
        }
    }

    /** {@code struct sock_fprog}: the number of instructions and where they are. */
    static void sockFprog(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = addr == 0 ? null : ctx.read(addr, 16);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{len=").append(Bytes.getShort(b, 0) & 0xffff).append(", filter=");
        Fmt.ptr(o, Bytes.getLong(b, 8));
        o.append('}');
    }
}
