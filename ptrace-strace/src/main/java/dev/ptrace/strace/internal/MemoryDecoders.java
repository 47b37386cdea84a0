package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

import dev.ptrace.strace.ConstantStyle;

/** Memory: mappings, protections, advice, locking (strace's mem sources). */
final class MemoryDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "mmap":
                return d(6, Result.HEX, A.ptr(0), A.udec(1), MemoryDecoders::prot2, MemoryDecoders::mmapFlags, A.fd(4),
                        A.hex(5));
            case "mprotect":
                return d(A.hex(0), A.udec(1), (c, o) -> prot(c, o, 2));
            case "munmap":
                return d(A.hex(0), A.udec(1));
            case "brk":
                return d(1, Result.HEX, A.ptr(0));
            case "munlockall":
                return d();
            case "set_mempolicy":
                return d(NumaPolicy.mode(0), NumaPolicy.nodemask(1, 2, false), A.udec(2));
            case "get_mempolicy":
                return d(0, Result.DEC, NumaPolicy.modeOut(0), NumaPolicy.nodemask(1, 2, true), A.udec(2), A.ptr(3),
                        A.flags32(4, GET_MEMPOLICY_FLAGS));
            case "mbind":
                return d(A.ptr(0), A.udec(1), NumaPolicy.mode(2), NumaPolicy.nodemask(3, 4, false), A.udec(4),
                        A.flags32(5, MBIND_FLAGS));
            case "pkey_mprotect":
                return d(A.ptr(0), A.udec(1), (c, o) -> prot(c, o, 2), A.i32(3));
            case "remap_file_pages":
                return d(A.ptr(0), A.udec(1), (c, o) -> prot(c, o, 2), A.udec(3),
                        (c, o) -> Fmt.flags(c.ctx, o, c.ctx.xlat(MAP), c.arg(4) & 0xffffffffL, "MAP_FILE"));
            case "mremap":
                return d(4, Result.HEX, A.ptr(0), A.udec(1), A.udec(2), (c, o) -> {
                    Fmt.flags(c.ctx, o, MREMAP_FLAGS, c.arg(3) & 0xffffffffL);
                    if ((c.arg(3) & 2) != 0) { // MREMAP_FIXED: the new address is an argument
                        o.append(", ");
                        Fmt.ptr(o, c.arg(4));
                    }
                });
            case "mincore":
                return d(2, Result.DEC, A.ptr(0), A.udec(1), (c, o) -> {
                    if (c.succeeded()) {
                        residency(c.ctx, o, c.arg(2), (c.arg(1) + 4095) >>> 12);
                    } else {
                        Fmt.ptr(o, c.arg(2));
                    }
                });
            default:
                return null;
        }
    }

    /** mincore's vector: one 0 or 1 per page, at most the string limit of them. */
    private static void residency(DecodeContext ctx, StringBuilder o, long addr, long pages) {
        int shown = (int) Math.min(pages, ctx.stringLimit());
        byte[] b = shown == 0 ? new byte[0] : ctx.read(addr, shown);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append('[');
        for (int i = 0; i < shown; i++) {
            o.append(i > 0 ? ", " : "").append(b[i] & 1);
        }
        o.append(pages > shown ? ", ...]" : "]");
    }

    static void prot(SyscallCall c, StringBuilder o, int i) {
        Fmt.flags(c.ctx, o, c.ctx.xlat(PROT), c.arg(i), "PROT_NONE");
    }

    static void prot2(SyscallCall c, StringBuilder o) {
        prot(c, o, 2);
    }

    static void mmapFlags(SyscallCall c, StringBuilder o) {
        long flags = c.arg(3) & 0xffffffffL;
        Xlat map = c.ctx.xlat(MAP);
        String type = map.name(flags & 0xf);
        if (type == null || c.ctx.style() != ConstantStyle.ABBREV) {
            Fmt.flags(c.ctx, o, map, flags, "0");
            return;
        }
        o.append(type);
        long rest = flags & ~0xfL;
        if (rest != 0) {
            o.append('|');
            map.appendFlags(o, rest);
        }
    }
}
