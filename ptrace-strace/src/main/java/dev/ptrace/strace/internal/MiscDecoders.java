package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** What fits no other group: system information and randomness. */
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
