package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

import dev.ptrace.strace.ConstantStyle;

/** Memory: mappings, protections, advice, locking (strace's mem sources). */
final class MemoryDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "mmap":
                return d(6, Result.HEX, A.ptr(0), A.udec(1), MemoryDecoders::prot2, MemoryDecoders::mmapFlags, A.i32(4),
                        A.hex(5));
            case "mprotect":
                return d(A.hex(0), A.udec(1), (c, o) -> prot(c, o, 2));
            case "munmap":
                return d(A.hex(0), A.udec(1));
            case "brk":
                return d(1, Result.HEX, A.ptr(0));
            case "munlockall":
                return d();
            default:
                return null;
        }
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
