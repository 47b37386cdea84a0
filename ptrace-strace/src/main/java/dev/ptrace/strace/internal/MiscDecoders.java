package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** What fits no other group: system information, randomness, and the numbers without a syscall behind. */
final class MiscDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "getrandom":
                return d(0, Result.DEC, (c, o) -> {
                    if (c.succeeded()) {
                        int n = (int) Math.min(c.returnValue(), c.ctx.stringLimit());
                        byte[] b = c.ctx.read(c.arg(0), n);
                        if (b == null) {
                            Fmt.ptr(o, c.arg(0));
                        } else {
                            StringQuoter.quoteHex(o, b, n);
                            if (c.returnValue() > n) {
                                o.append("...");
                            }
                        }
                    } else {
                        Fmt.ptr(o, c.arg(0));
                    }
                }, A.udec(1), A.flags(2, GETRANDOM_FLAGS));
            case "uname":
                return d(0, Result.DEC, A.out(0, Structs::utsname));
            case "sysinfo":
                return d(0, Result.DEC, A.out(0, MiscDecoders::sysinfo));
            // x86_64 numbers the kernel reserves but does not implement (ENOSYS): no prototype, so the raw
            // arguments in hex, as many as the calls once took
            case "get_kernel_syms": case "_sysctl":
                return Decoders.generic(1);
            case "create_module":
                return Decoders.generic(2);
            case "tuxcall": case "security": case "nfsservctl":
                return Decoders.generic(3);
            case "epoll_ctl_old": case "epoll_wait_old":
                return Decoders.generic(4);
            case "afs_syscall": case "query_module": case "getpmsg": case "putpmsg": case "vserver":
                return Decoders.generic(5);
            default:
                return null;
        }
    }

    /** {@code struct sysinfo} of a 64-bit kernel. */
    static void sysinfo(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 112);
        if (b == null) {
            Fmt.hex(o, addr);
            return;
        }
        o.append("{uptime=").append(Bytes.getLong(b, 0)).append(", loads=[")
                .append(Long.toUnsignedString(Bytes.getLong(b, 8))).append(", ")
                .append(Long.toUnsignedString(Bytes.getLong(b, 16))).append(", ")
                .append(Long.toUnsignedString(Bytes.getLong(b, 24))).append(']');
        String[] words = {"totalram", "freeram", "sharedram", "bufferram", "totalswap", "freeswap"};
        for (int i = 0; i < words.length; i++) {
            o.append(", ").append(words[i]).append('=').append(Long.toUnsignedString(Bytes.getLong(b, 32 + 8 * i)));
        }
        o.append(", procs=").append(Bytes.getShort(b, 80) & 0xffff)
                .append(", totalhigh=").append(Long.toUnsignedString(Bytes.getLong(b, 88)))
                .append(", freehigh=").append(Long.toUnsignedString(Bytes.getLong(b, 96)))
                .append(", mem_unit=").append(Bytes.getInt(b, 104) & 0xffffffffL).append('}');
    }
}
