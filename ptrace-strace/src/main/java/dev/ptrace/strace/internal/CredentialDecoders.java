package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

import dev.ptrace.strace.ConstantStyle;

/** Capabilities, execution domains and resource comparison: capget, capset, personality, kcmp. */
final class CredentialDecoders extends DecoderGroup {
    private static final long PERSONALITY_QUERY = 0xffffffffL;
    private static final int KCMP_FILE = 0;
    private static final int KCMP_EPOLL_TFD = 7;

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "capget":
                return d(1, Result.DEC, A.in(0, CredentialDecoders::capHeader),
                        (c, o) -> capData(c, o, c.succeeded()));
            case "capset":
                return d(A.in(0, CredentialDecoders::capHeader), (c, o) -> capData(c, o, true));
            case "personality":
                return new SyscallDecoder() {
                    @Override
                    public void enter(SyscallCall c, StringBuilder o) {
                        long p = c.arg(0) & 0xffffffffL;
                        if (p == PERSONALITY_QUERY) {
                            Fmt.hex(o, p);
                        } else {
                            persona(c.ctx, o, p);
                        }
                    }

                    @Override
                    public void result(SyscallCall c, StringBuilder o) {
                        Fmt.hexOrZero(o, c.returnValue());
                        o.append(" (");
                        persona(c.ctx, o, c.returnValue() & 0xffffffffL);
                        o.append(')');
                    }
                };
            case "kcmp":
                return d(A.i32(0), A.i32(1), (c, o) -> {
                    int type = (int) c.arg(2);
                    Fmt.enumValue(c.ctx, o, KCMP_TYPE, type & 0xffffffffL, "KCMP_");
                    if (type == KCMP_FILE || type == KCMP_EPOLL_TFD) {
                        o.append(", ");
                        Fmt.fd(c.ctx, o, (int) c.arg(3));
                        o.append(", ");
                        if (type == KCMP_FILE) {
                            Fmt.fd(c.ctx, o, (int) c.arg(4));
                        } else {
                            epollSlot(c.ctx, o, c.arg(4));
                        }
                    } else if (c.ctx.xlat(KCMP_TYPE).name(type & 0xffffffffL) == null) {
                        o.append(", ");
                        Fmt.hexOrZero(o, c.arg(3));
                        o.append(", ");
                        Fmt.hexOrZero(o, c.arg(4));
                    }
                });
            default:
                return null;
        }
    }

    /** {@code struct cap_user_header}: {@code {version=_LINUX_CAPABILITY_VERSION_3, pid=0}}. */
    private static void capHeader(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 8);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{version=");
        Fmt.enumValue(ctx, o, CAPABILITY_VERSION, Bytes.getInt(b, 0) & 0xffffffffL, "_LINUX_CAPABILITY_VERSION_");
        o.append(", pid=").append(Bytes.getInt(b, 4)).append('}');
    }

    /**
     * The capability sets after the header: one 32-bit {@code struct cap_user_data} for version 1, two (the high
     * words second) for versions 2 and 3, each set printed as {@code 1<<CAP_CHOWN|1<<CAP_KILL}; the pointer for an
     * unknown version or when not {@code readable}.
     */
    private static void capData(SyscallCall c, StringBuilder o, boolean readable) {
        long addr = c.arg(1);
        byte[] h = c.arg(0) == 0 ? null : c.ctx.read(c.arg(0), 4);
        String version = h == null ? null : c.ctx.xlat(CAPABILITY_VERSION).name(Bytes.getInt(h, 0) & 0xffffffffL);
        int words = version == null ? 0 : version.endsWith("_1") ? 1 : 2;
        byte[] b = addr == 0 || words == 0 || !readable ? null : c.ctx.read(addr, 12 * words);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        String[] sets = {"effective", "permitted", "inheritable"};
        o.append('{');
        for (int i = 0; i < 3; i++) {
            long set = Bytes.getInt(b, 4 * i) & 0xffffffffL;
            if (words == 2) {
                set |= (Bytes.getInt(b, 12 + 4 * i) & 0xffffffffL) << 32;
            }
            o.append(i > 0 ? ", " : "").append(sets[i]).append('=');
            capabilities(c.ctx, o, set);
        }
        o.append('}');
    }

    private static void capabilities(DecodeContext ctx, StringBuilder o, long set) {
        if (set == 0 || ctx.style() == ConstantStyle.RAW) {
            Fmt.hexOrZero(o, set);
            return;
        }
        long rest = set;
        boolean first = true;
        for (int bit = 0; bit < 64; bit++) {
            String name = ctx.xlat(CAPABILITY).name(bit);
            if ((set & (1L << bit)) != 0 && name != null) {
                o.append(first ? "" : "|").append("1<<").append(name);
                rest &= ~(1L << bit);
                first = false;
            }
        }
        if (rest != 0) {
            o.append(first ? "" : "|");
            Fmt.hex(o, rest);
        }
    }

    /** An execution domain: the type of its low byte, then its flags ({@code PER_LINUX32|ADDR_NO_RANDOMIZE}). */
    private static void persona(DecodeContext ctx, StringBuilder o, long p) {
        long type = p & 0xff;
        String name = null;
        for (Xlat.Entry e : ctx.xlat(PERSONALITY_TYPE).entries()) {
            if ((e.value() & 0xff) == type) {
                name = e.name();
                break;
            }
        }
        if (name != null) {
            o.append(name);
        } else {
            Fmt.hex(o, type);
            o.append(" /* PER_??? */");
        }
        if ((p & ~0xffL) != 0) {
            o.append('|');
            Fmt.flags(ctx, o, PERSONALITY_FLAGS, p & ~0xffL);
        }
    }

    /** {@code struct kcmp_epoll_slot}: the epoll target of KCMP_EPOLL_TFD. */
    private static void epollSlot(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = addr == 0 ? null : ctx.read(addr, 12);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{efd=").append(Bytes.getInt(b, 0)).append(", tfd=").append(Bytes.getInt(b, 4)).append(", toff=")
                .append(Integer.toUnsignedString(Bytes.getInt(b, 8))).append('}');
    }
}
