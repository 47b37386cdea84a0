package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** io_uring: setup, enter, register (strace's io_uring source). */
final class IoUringDecoders extends DecoderGroup {
    /** sizeof(struct io_uring_params). */
    private static final int PARAMS = 120;
    private static final long ENTER_EXT_ARG = 1 << 3;
    private static final String[] SQ_OFF = {"head", "tail", "ring_mask", "ring_entries", "flags", "dropped", "array"};
    private static final String[] CQ_OFF = {"head", "tail", "ring_mask", "ring_entries", "overflow", "cqes", "flags"};

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "io_uring_setup":
                return new SyscallDecoder() {
                    @Override
                    public void enter(SyscallCall c, StringBuilder o) {
                        o.append(c.arg(0) & 0xffffffffL).append(", ");
                        byte[] b = c.arg(1) == 0 ? null : c.ctx.read(c.arg(1), PARAMS);
                        c.saved = b == null ? 0 : 1;
                        if (b == null) {
                            Fmt.ptr(o, c.arg(1));
                            return;
                        }
                        o.append("{flags=");
                        Fmt.flags(c.ctx, o, IO_URING_SETUP_FLAGS, Bytes.getInt(b, 8) & 0xffffffffL);
                        o.append(", sq_thread_cpu=").append(Bytes.getInt(b, 12) & 0xffffffffL)
                                .append(", sq_thread_idle=").append(Bytes.getInt(b, 16) & 0xffffffffL);
                    }

                    @Override
                    public void exit(SyscallCall c, StringBuilder o) {
                        if (c.saved == 0) {
                            return;
                        }
                        byte[] b = c.succeeded() ? c.ctx.read(c.arg(1), PARAMS) : null;
                        if (b != null) {
                            o.append(", sq_entries=").append(Bytes.getInt(b, 0) & 0xffffffffL).append(", cq_entries=")
                                    .append(Bytes.getInt(b, 4) & 0xffffffffL).append(", features=");
                            Fmt.flags(c.ctx, o, IO_URING_FEATURES, Bytes.getInt(b, 20) & 0xffffffffL);
                            offsets(o, "sq_off", b, 40, SQ_OFF);
                            offsets(o, "cq_off", b, 80, CQ_OFF);
                        }
                        o.append('}');
                    }

                    @Override
                    public void result(SyscallCall c, StringBuilder o) {
                        Result.FD.print(c, o);
                    }
                };
            case "io_uring_enter":
                return d(A.fd(0), A.u32(1), A.u32(2), A.flags32(3, IO_URING_ENTER_FLAGS), (c, o) -> {
                    if (c.arg(4) == 0 || (c.arg(3) & ENTER_EXT_ARG) != 0) {
                        Fmt.ptr(o, c.arg(4));
                    } else {
                        Structs.sigset(c.ctx, o, c.arg(4), c.arg(5));
                    }
                }, A.udec(5));
            case "io_uring_register":
                return d(A.fd(0), A.enumv(1, IO_URING_REGISTER_OP, "IORING_REGISTER_"), A.ptr(2), A.u32(3));
            default:
                return null;
        }
    }

    /** {@code struct io_sqring_offsets} or {@code io_cqring_offsets}: the named 32-bit offsets. */
    private static void offsets(StringBuilder o, String name, byte[] b, int at, String[] fields) {
        o.append(", ").append(name).append("={");
        for (int i = 0; i < fields.length; i++) {
            o.append(i > 0 ? ", " : "").append(fields[i]).append('=').append(Bytes.getInt(b, at + 4 * i) & 0xffffffffL);
        }
        o.append('}');
    }
}
