package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

import dev.ptrace.Arch;

/** Descriptors and I/O: reading and writing, duplicating, pipes, fcntl, ioctl, polling and epoll (strace's io, desc, fcntl, epoll sources). */
final class IoDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "read":
                return d(1, Result.DEC, A.fd(0), A.bufOut(1), A.udec(2));
            case "write":
                return d(A.fd(0), A.bufIn(1, 2), A.udec(2));
            case "pread64":
                return d(1, Result.DEC, A.fd(0), A.bufOut(1), A.udec(2), A.dec(3));
            case "pwrite64":
                return d(A.fd(0), A.bufIn(1, 2), A.udec(2), A.dec(3));
            case "readv":
                return d(1, Result.DEC, A.fd(0), (c, o) -> {
                    if (c.succeeded()) {
                        Structs.iovecs(c.ctx, o, c.arg(1), c.arg(2), c.returnValue());
                    } else {
                        Fmt.ptr(o, c.arg(1));
                    }
                }, A.i32(2));
            case "writev":
                return d(A.fd(0), (c, o) -> Structs.iovecs(c.ctx, o, c.arg(1), c.arg(2), Long.MAX_VALUE), A.i32(2));
            case "sendfile":
                return KeptValueDecoder.offset(2, d(2, Result.DEC, A.fd(0), A.fd(1), KeptValueDecoder.offsetOut(2),
                        A.udec(3)));
            case "copy_file_range":
                return d(A.fd(0), A.in(1, IoDecoders::offset), A.fd(2), A.in(3, IoDecoders::offset), A.udec(4),
                        A.u32(5));
            case "splice":
                return d(A.fd(0), A.in(1, IoDecoders::offset), A.fd(2), A.in(3, IoDecoders::offset), A.udec(4),
                        A.flags32(5, SPLICE_FLAGS));
            case "tee":
                return d(A.fd(0), A.fd(1), A.udec(2), A.flags32(3, SPLICE_FLAGS));
            case "close":
                return d(A.fd(0));
            case "dup":
                return d(1, Result.FD, A.fd(0));
            case "dup2":
                return d(2, Result.FD, A.fd(0), A.fd(1));
            case "dup3":
                return d(3, Result.FD, A.fd(0), A.fd(1), A.flags(2, OPEN_FLAGS));
            case "pipe":
                return d(0, Result.DEC, A.out(0, Structs::intPair));
            case "pipe2":
                return d(0, Result.DEC, A.out(0, Structs::intPair), A.flags(1, OPEN_FLAGS));
            case "lseek":
                return d(A.fd(0), A.dec(1), A.enumv(2, SEEK, "SEEK_"));
            case "fcntl":
                return (new FcntlDecoder());
            case "fsync":
                return d(A.fd(0));
            case "fdatasync":
                return d(A.fd(0));
            case "poll":
                return (new PollDecoder());
            case "select":
                return new SelectDecoder(false);
            case "pselect6":
                return new SelectDecoder(true);
            case "epoll_create":
                return d(1, Result.FD, A.i32(0));
            case "epoll_create1":
                return d(1, Result.FD, (c, o) -> {
                    long f = c.arg(0) & 0xffffffffL;
                    Fmt.flags(c.ctx, o, Xlat.of("EPOLL_CLOEXEC", 0x80000), f, "0");
                });
            case "epoll_ctl":
                return d(4, Result.DEC, A.fd(0),
                        (c, o) -> Fmt.xlatOrHex(c.ctx, o, c.ctx.xlat(ConstantFamily.EPOLL_CTL), c.arg(1) & 0xffffffffL,
                                "EPOLL_CTL_"),
                        A.fd(2), (c, o) -> {
                            long a = c.arg(3);
                            if (a == 0) {
                                o.append("NULL");
                            } else {
                                epollEvents(c.ctx, o, a, 1, false);
                            }
                        });
            case "epoll_wait":
                return d(1, Result.DEC, A.fd(0), IoDecoders::waitEvents, A.i32(2), A.i32(3));
            case "epoll_pwait":
                return d(1, Result.DEC, A.fd(0), IoDecoders::waitEvents, A.i32(2), A.i32(3),
                        (c, o) -> SignalDecoders.sigsetArg(c, o, 4, 5), A.udec(5));
            case "epoll_pwait2":
                return d(1, Result.DEC, A.fd(0), IoDecoders::waitEvents, A.i32(2), A.in(3, Structs::timespec),
                        (c, o) -> SignalDecoders.sigsetArg(c, o, 4, 5), A.udec(5));
            case "ioctl":
                return new IoctlDecoder();
            case "inotify_init":
                return d();
            default:
                return null;
        }
    }

    static void waitEvents(SyscallCall c, StringBuilder o) {
        if (c.succeeded()) {
            epollEvents(c.ctx, o, c.arg(1), c.returnValue(), true);
        } else {
            Fmt.ptr(o, c.arg(1));
        }
    }

    /**
     * {@code count} struct epoll_event, in brackets when {@code array}; at most the string limit of them, then
     * {@code ...}.
     */
    static void epollEvents(DecodeContext ctx, StringBuilder o, long addr, long count, boolean array) {
        boolean packed = ctx.tables().arch() == Arch.X86_64;
        int size = packed ? 12 : 16;
        if (addr == 0) {
            o.append("NULL");
            return;
        }
        if (count < 0) {
            Fmt.hex(o, addr);
            return;
        }
        int shown = (int) Math.min(count, ctx.stringLimit());
        byte[] b = shown == 0 ? new byte[0] : ctx.read(addr, shown * size);
        if (b == null) {
            Fmt.hex(o, addr);
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            long events = Bytes.getInt(b, i * size) & 0xffffffffL;
            long data = Bytes.getLong(b, i * size + (packed ? 4 : 8));
            sb.append("{events=");
            Fmt.flags(ctx, sb, ctx.xlat(ConstantFamily.EPOLL_EVENTS), events, "0");
            sb.append(", data={u32=").append(data & 0xffffffffL).append(", u64=")
                    .append(Long.toUnsignedString(data)).append("}}");
        }
        if (count > shown) {
            sb.append(", ...");
        }
        o.append(array ? "[" : "").append(sb).append(array ? "]" : "");
    }

    /** A 64-bit file offset by reference, as given: {@code [2]}. */
    static void offset(DecodeContext ctx, StringBuilder o, long addr) {
        Long v = ctx.readLong(addr);
        if (v == null) {
            Fmt.ptr(o, addr);
        } else {
            o.append('[').append(v).append(']');
        }
    }
}
