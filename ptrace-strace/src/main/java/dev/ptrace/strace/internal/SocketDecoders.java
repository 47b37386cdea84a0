package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Sockets: creation, addresses, sending and receiving (strace's net and sockaddr sources). */
final class SocketDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "socket":
                return d((c, o) -> Fmt.enumOrDec(c.ctx, o, ADDRESS_FAMILY, c.arg(0), true), SocketDecoders::socketType,
                        SocketDecoders::protocol);
            case "socketpair":
                return d(3, Result.DEC, (c, o) -> Fmt.enumOrDec(c.ctx, o, ADDRESS_FAMILY, c.arg(0), true),
                        SocketDecoders::socketType, SocketDecoders::protocol, A.out(3, Structs::intPair));
            case "connect":
                return d(A.fd(0), (c, o) -> Structs.sockaddr(c.ctx, o, c.arg(1), c.arg(2)), A.u32(2));
            case "bind":
                return d(A.fd(0), (c, o) -> Structs.sockaddr(c.ctx, o, c.arg(1), c.arg(2)), A.u32(2));
            case "listen":
                return d(A.fd(0), A.i32(1));
            case "shutdown":
                return d(A.fd(0), (c, o) -> {
                    String[] how = {"SHUT_RD", "SHUT_WR", "SHUT_RDWR"};
                    int h = (int) c.arg(1);
                    if (h >= 0 && h < 3) {
                        Fmt.styled(c.ctx, o, h, how[h], true);
                    } else {
                        o.append(h);
                    }
                });
            case "sendto":
                return d(A.fd(0), A.bufIn(1, 2), A.udec(2), msgFlags(3),
                        (c, o) -> Structs.sockaddr(c.ctx, o, c.arg(4), c.arg(5)), A.u32(5));
            case "recvfrom":
                return KeptValueDecoder.length(5, d(1, Result.DEC, A.fd(0), A.bufOut(1), A.udec(2), msgFlags(3),
                        sockaddrOut(4), KeptValueDecoder.lengthOut(5)));
            case "getsockname": case "getpeername":
                return KeptValueDecoder.length(2, d(1, Result.DEC, A.fd(0), sockaddrOut(1),
                        KeptValueDecoder.lengthOut(2)));
            case "accept":
                return KeptValueDecoder.length(2, d(1, Result.FD, A.fd(0), sockaddrOut(1),
                        KeptValueDecoder.lengthOut(2)));
            case "accept4":
                return KeptValueDecoder.length(2, d(1, Result.FD, A.fd(0), sockaddrOut(1),
                        KeptValueDecoder.lengthOut(2), A.flags32(3, SOCKET_FLAGS)));
            case "setsockopt":
                return d(A.fd(0), SocketDecoders::level, SocketDecoders::optionName,
                        (c, o) -> optionValue(c, o, c.arg(4)), A.i32(4));
            case "getsockopt":
                return KeptValueDecoder.length(4, d(3, Result.DEC, A.fd(0), SocketDecoders::level,
                        SocketDecoders::optionName, (c, o) -> {
                            Long len = KeptValueDecoder.lengthNow(c, 4);
                            if (c.succeeded() && len != null) {
                                optionValue(c, o, len);
                            } else {
                                Fmt.ptr(o, c.arg(3));
                            }
                        }, KeptValueDecoder.lengthOut(4)));
            case "sendmsg":
                return d(3, Result.DEC, A.fd(0),
                        (c, o) -> MessageHeaders.msghdr(c.ctx, o, c.arg(1), Long.MAX_VALUE, -1), msgFlags(2));
            case "sendmmsg":
                return d(1, Result.DEC, A.fd(0), (c, o) -> MessageHeaders.mmsghdrs(c.ctx, o, c.arg(1), c.arg(2),
                        c.succeeded() ? c.returnValue() : 0), A.u32(2), msgFlags(3));
            case "recvmmsg":
                return new RecvmmsgDecoder();
            case "recvmsg":
                return new RecvmsgDecoder();
            default:
                return null;
        }
    }

    /**
     * A socket address the kernel fills, argument {@code i}, its length the next argument: printed after a
     * successful call, as long as the kernel says it is but no longer than the buffer given.
     */
    static Arg sockaddrOut(int i) {
        return (c, o) -> {
            Long now = KeptValueDecoder.lengthNow(c, i + 1);
            if (c.arg(i) == 0 || !c.succeeded() || now == null) {
                Fmt.ptr(o, c.arg(i));
            } else {
                Structs.sockaddr(c.ctx, o, c.arg(i), c.saved >= 0 ? Math.min(now, c.saved) : now);
            }
        };
    }

    /** The level of setsockopt/getsockopt: {@code SOL_SOCKET}, {@code SOL_TCP}... */
    private static void level(SyscallCall c, StringBuilder o) {
        Fmt.enumOrDec(c.ctx, o, SOCKET_LEVEL, (int) c.arg(1), true);
    }

    /** The option name, from the constants of its level. */
    private static void optionName(SyscallCall c, StringBuilder o) {
        int name = (int) c.arg(2);
        ConstantFamily family = optionFamily((int) c.arg(1));
        if (family == null) {
            o.append(name);
        } else {
            Fmt.enumOrDec(c.ctx, o, family, name, true);
        }
    }

    private static ConstantFamily optionFamily(int level) {
        switch (level) {
            case 1:
                return SOCKET_OPTION;
            case 6:
                return TCP_OPTION;
            case 0:
                return IP_OPTION;
            default:
                return null;
        }
    }

    /** An option value of {@code len} bytes: an int as {@code [1]}, a linger struct, else the pointer. */
    private static void optionValue(SyscallCall c, StringBuilder o, long len) {
        long addr = c.arg(3);
        byte[] b = len == 4 || len == 8 ? c.ctx.read(addr, (int) len) : null;
        if (b == null) {
            Fmt.ptr(o, addr);
        } else if (len == 4) {
            o.append('[').append(Bytes.getInt(b, 0)).append(']');
        } else if ((int) c.arg(1) == 1 && (int) c.arg(2) == 13) { // SO_LINGER
            o.append("{l_onoff=").append(Bytes.getInt(b, 0)).append(", l_linger=").append(Bytes.getInt(b, 4))
                    .append('}');
        } else {
            Fmt.ptr(o, addr);
        }
    }

    static void socketType(SyscallCall c, StringBuilder o) {
        long t = c.arg(1) & 0xffffffffL;
        long flags = t & ~0xfL;
        Fmt.enumOrDec(c.ctx, o, SOCKET_TYPE, t & 0xf, true);
        if (flags != 0) {
            o.append('|');
            Fmt.flags(c.ctx, o, SOCKET_FLAGS, flags);
        }
    }

    static void protocol(SyscallCall c, StringBuilder o) {
        long family = c.arg(0);
        if (family == 2 || family == 10) {
            Fmt.enumOrDec(c.ctx, o, IPPROTO, c.arg(2), true);
        } else if (family == 16) {
            Fmt.enumOrDec(c.ctx, o, NETLINK_PROTOCOL, (int) c.arg(2));
        } else {
            Fmt.integer(o, c.arg(2));
        }
    }

    static Arg msgFlags(int i) {
        return (c, o) -> Fmt.flags(c.ctx, o, c.ctx.xlat(ConstantFamily.MSG_FLAGS), c.arg(i) & 0xffffffffL, "0");
    }
}
