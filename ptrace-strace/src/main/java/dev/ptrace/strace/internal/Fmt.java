package dev.ptrace.strace.internal;

import dev.ptrace.Signal;
import dev.ptrace.strace.ConstantStyle;

/**
 * The primitive argument printers every decoder builds on: numbers, pointers, file descriptors, strings, paths,
 * buffers, flags and enumerations, each printed the way strace prints it.
 */
public final class Fmt {
    /** {@code AT_FDCWD}. */
    public static final int AT_FDCWD = -100;

    private Fmt() {
    }

    public static void dec(StringBuilder out, long v) {
        out.append(v);
    }

    /** A C {@code int}: the low 32 bits, signed. */
    public static void integer(StringBuilder out, long v) {
        out.append((int) v);
    }

    /** A C {@code unsigned int}. */
    public static void uinteger(StringBuilder out, long v) {
        out.append(v & 0xffffffffL);
    }

    public static void udec(StringBuilder out, long v) {
        out.append(Long.toUnsignedString(v));
    }

    public static void hex(StringBuilder out, long v) {
        out.append("0x").append(Long.toHexString(v));
    }

    /** Hex, but plain 0 for zero (strace's offsets and lengths printed in hex). */
    public static void hexOrZero(StringBuilder out, long v) {
        if (v == 0) {
            out.append('0');
        } else {
            hex(out, v);
        }
    }

    /**
     * A value decoded into text, printed as {@code -X} says: the raw number ({@code raw}), the text (abbrev), or
     * the number with the text in a comment (verbose) unless the two are the same.
     */
    public static void styledText(DecodeContext ctx, StringBuilder out, String raw, CharSequence text) {
        switch (ctx.style()) {
            case RAW:
                out.append(raw);
                break;
            case VERBOSE:
                out.append(raw);
                if (!raw.contentEquals(text)) {
                    out.append(" /* ").append(text).append(" */");
                }
                break;
            default:
                out.append(text);
        }
    }

    /** A pointer: {@code NULL} or {@code 0x...}. */
    public static void ptr(StringBuilder out, long v) {
        if (v == 0) {
            out.append("NULL");
        } else {
            hex(out, v);
        }
    }

    /** A mode in octal with a leading 0, at least three digits ({@code 0644}, {@code 022}, {@code 000}). */
    public static void octal(StringBuilder out, long v) {
        String s = v == 0 ? "0" : "0" + Long.toOctalString(v);
        for (int i = s.length(); i < 3; i++) {
            out.append('0');
        }
        out.append(s);
    }

    /** A file descriptor, with its path when {@code -y} is on. */
    public static void fd(DecodeContext ctx, StringBuilder out, long v) {
        int fd = (int) v;
        out.append(fd);
        if (ctx.fdPaths() && fd >= 0) {
            byte[] path = ctx.fdPathBytes(fd);
            if (path != null) {
                out.append('<');
                escapePath(ctx, out, path);
                out.append('>');
            }
        }
    }

    /**
     * A directory fd of the *at calls: {@code AT_FDCWD} or a file descriptor; with {@code -y}, AT_FDCWD is
     * followed by the current directory, as strace prints it ({@code AT_FDCWD</home/me>}).
     */
    public static void dirfd(DecodeContext ctx, StringBuilder out, long v) {
        if ((int) v == AT_FDCWD) {
            if (ctx.style() == ConstantStyle.ABBREV) {
                out.append("AT_FDCWD");
            } else {
                styled(ctx, out, -100, "AT_FDCWD", false);
            }
            byte[] cwd = ctx.fdPaths() ? ctx.cwdBytes() : null;
            if (cwd != null) {
                out.append('<');
                escapePath(ctx, out, cwd);
                out.append('>');
            }
        } else {
            fd(ctx, out, v);
        }
    }

    /**
     * A path inside {@code <...>}: escaped like a string (so a file name cannot forge trace text), and {@code <}
     * and {@code >} in octal, as strace prints them.
     */
    private static void escapePath(DecodeContext ctx, StringBuilder out, byte[] path) {
        StringBuilder q = new StringBuilder(path.length + 2);
        StringQuoter.quote(q, path, path.length, ctx.stringsInHex());
        for (int i = 1; i < q.length() - 1; i++) {
            char c = q.charAt(i);
            if (c == '<' || c == '>') {
                boolean digitFollows = i + 2 < q.length() && q.charAt(i + 1) >= '0' && q.charAt(i + 1) <= '7';
                out.append(digitFollows ? (c == '<' ? "\\074" : "\\076") : (c == '<' ? "\\74" : "\\76"));
            } else {
                out.append(c);
            }
        }
    }

    /**
     * A path: quoted, never cut by the string limit but at PATH_MAX - 1 bytes (the longest path the kernel
     * accepts), with {@code ...} when longer; the pointer if unreadable.
     */
    public static void path(DecodeContext ctx, StringBuilder out, long addr) {
        cString(ctx, out, addr, DecodeContext.PATH_MAX - 1);
    }

    /** A NUL-terminated string cut at the string limit, with {@code ...} when cut. */
    public static void string(DecodeContext ctx, StringBuilder out, long addr) {
        cString(ctx, out, addr, ctx.stringLimit());
    }

    private static void cString(DecodeContext ctx, StringBuilder out, long addr, int limit) {
        if (addr == 0) {
            out.append("NULL");
            return;
        }
        byte[] s = ctx.readCString(addr, limit + 1);
        if (s == null) {
            hex(out, addr);
            return;
        }
        boolean cut = s.length > limit;
        StringQuoter.quote(out, s, Math.min(s.length, limit), ctx.stringsInHex());
        if (cut) {
            out.append("...");
        }
    }

    /**
     * A buffer of {@code length} bytes (bounded by the string limit, then {@code ...}); the pointer if
     * unreadable.
     */
    public static void buffer(DecodeContext ctx, StringBuilder out, long addr, long length) {
        if (addr == 0 && length != 0) {
            out.append("NULL");
            return;
        }
        if (length < 0) {
            hex(out, addr);
            return;
        }
        int limit = ctx.stringLimit();
        int n = (int) Math.min(length, limit);
        byte[] b = n == 0 ? new byte[0] : ctx.read(addr, n);
        if (b == null) {
            hex(out, addr);
            return;
        }
        StringQuoter.quote(out, b, n, ctx.stringsInHex());
        if (length > limit) {
            out.append("...");
        }
    }

    /** Flags of a family, {@code 0} when none is set. */
    public static void flags(DecodeContext ctx, StringBuilder out, ConstantFamily family, long v) {
        flags(ctx, out, ctx.xlat(family), v, "0");
    }

    /** Flags with the name printed for zero given ({@code PROT_NONE}). */
    public static void flags(DecodeContext ctx, StringBuilder out, Xlat xlat, long v, String zero) {
        if (ctx.style() == ConstantStyle.RAW) {
            hexOrZero(out, v);
            return;
        }
        StringBuilder names = new StringBuilder();
        if (v == 0) {
            names.append(zero);
        } else {
            xlat.appendFlags(names, v);
        }
        if (ctx.style() == ConstantStyle.VERBOSE && (v != 0 || !"0".equals(zero))) {
            hexOrZero(out, v);
            out.append(" /* ").append(names).append(" */");
        } else {
            out.append(names);
        }
    }

    /** An enumeration value: its name, else hex with a {@code PREFIX_???} comment. */
    public static void enumValue(DecodeContext ctx, StringBuilder out, ConstantFamily family, long v,
                                 String unknownPrefix) {
        String name = ctx.xlat(family).name(v);
        if (name == null) {
            hex(out, v);
            if (ctx.style() != ConstantStyle.RAW) {
                out.append(" /* ").append(unknownPrefix).append("??? */");
            }
            return;
        }
        styled(ctx, out, v, name, true);
    }

    /** An enumeration value: its name, else hex with a comment naming the family's prefix ({@code MADV_???}). */
    public static void enumValue(DecodeContext ctx, StringBuilder out, ConstantFamily family, long v) {
        Xlat x = ctx.xlat(family);
        String first = x.isEmpty() ? "" : x.entries().get(0).name();
        enumValue(ctx, out, family, v, first.substring(0, first.indexOf('_') + 1));
    }

    /** An enumeration value printed in decimal when it has no name. */
    public static void enumOrDec(DecodeContext ctx, StringBuilder out, ConstantFamily family, long v) {
        enumOrDec(ctx, out, family, v, false);
    }

    /** An enumeration value printed in decimal when it has no name; {@code hexRaw}: its number in hex. */
    public static void enumOrDec(DecodeContext ctx, StringBuilder out, ConstantFamily family, long v,
                                 boolean hexRaw) {
        String name = ctx.xlat(family).name(v);
        if (name == null) {
            out.append(v);
        } else {
            styled(ctx, out, v, name, hexRaw);
        }
    }

    /**
     * A named value printed as {@code -X} says: the name (abbrev), the number (raw), or the number with the name in
     * a comment (verbose); {@code hexRaw} prints a non-negative number in hex.
     */
    static void styled(DecodeContext ctx, StringBuilder out, long v, String name, boolean hexRaw) {
        styled(ctx.style(), out, v, name, hexRaw);
    }

    /** {@link #styled(DecodeContext, StringBuilder, long, String, boolean)} for printers without a context. */
    static void styled(ConstantStyle style, StringBuilder out, long v, String name, boolean hexRaw) {
        switch (style) {
            case RAW:
                number(out, v, hexRaw);
                break;
            case VERBOSE:
                number(out, v, hexRaw);
                out.append(" /* ").append(name).append(" */");
                break;
            default:
                out.append(name);
        }
    }

    /** The number of a named value: decimal, or hex ({@code hexRaw}), a negative C int as its unsigned value. */
    private static void number(StringBuilder out, long v, boolean hexRaw) {
        if (hexRaw && v < 0 && v >= Integer.MIN_VALUE) {
            hex(out, v & 0xffffffffL);
        } else if (hexRaw && v >= 0) {
            hexOrZero(out, v);
        } else {
            out.append(v);
        }
    }

    /** Clock ticks per second of the {@code clock_t} values the kernel reports (USER_HZ, 100 on Linux). */
    private static final long USER_HZ = 100;

    /**
     * A {@code clock_t} count of ticks, followed unless it is zero (or {@code -X raw}) by its seconds in a comment:
     * {@code 8 /* 0.08 s *}{@code /}.
     */
    static void clockTicks(ConstantStyle style, StringBuilder out, long ticks) {
        out.append(Long.toUnsignedString(ticks));
        if (ticks != 0 && style != ConstantStyle.RAW) {
            long fraction = Long.remainderUnsigned(ticks, USER_HZ);
            out.append(" /* ").append(Long.divideUnsigned(ticks, USER_HZ)).append('.').append(fraction < 10 ? "0" : "")
                    .append(fraction).append(" s */");
        }
    }

    /** A signal number by name ({@code SIGCHLD}), the number if out of range. */
    public static void signal(DecodeContext ctx, StringBuilder out, long v) {
        int n = (int) v;
        if (n > 0 && n <= 64) {
            styled(ctx, out, n, Signal.of(n).name(), false);
        } else {
            out.append(n);
        }
    }

    /** A value by its name in {@code x}; hex with a {@code PREFIX???} comment when it has none. */
    public static void xlatOrHex(DecodeContext ctx, StringBuilder o, Xlat x, long v, String prefix) {
        String n = x.name(v);
        if (n != null && ctx.style() == ConstantStyle.ABBREV) {
            o.append(n);
        } else if (n != null && ctx.style() == ConstantStyle.VERBOSE) {
            Fmt.hexOrZero(o, v);
            o.append(" /* ").append(n).append(" */");
        } else {
            Fmt.hex(o, v);
            if (n == null && ctx.style() != ConstantStyle.RAW) {
                o.append(" /* ").append(prefix).append("??? */");
            }
        }
    }
}
