package dev.ptrace.strace.internal;

import dev.ptrace.strace.ConstantStyle;

import dev.ptrace.Arch;
import dev.ptrace.Signal;

/**
 * Decoders for the structs real programs pass to the kernel, printed the way strace abbreviates them. Each reads a
 * fixed, small number of bytes; an unreadable struct prints as its pointer.
 */
public final class Structs {
    private static final long S_IFMT = 0170000;

    private Structs() {
    }

    /** {@code st_mode}-style mode: {@code S_IFREG|0644}, {@code S_IFDIR|S_ISVTX|0777}. */
    public static void mode(DecodeContext ctx, StringBuilder out, long mode) {
        StringBuilder text = new StringBuilder();
        long type = mode & S_IFMT;
        boolean any = false;
        if (type != 0) {
            String name = ctx.xlat(ConstantFamily.FILE_TYPE).name(type);
            text.append(name != null ? name : "0" + Long.toOctalString(type));
            any = true;
        }
        String[] special = {"S_ISUID", "S_ISGID", "S_ISVTX"};
        long[] bits = {04000, 02000, 01000};
        for (int i = 0; i < 3; i++) {
            if ((mode & bits[i]) != 0) {
                if (any) {
                    text.append('|');
                }
                text.append(special[i]);
                any = true;
            }
        }
        if (any) {
            text.append('|');
        }
        Fmt.octal(text, mode & 0777);
        Fmt.styledText(ctx, out, mode == 0 ? "0" : "0" + Long.toOctalString(mode), text);
    }

    private static void dev(DecodeContext ctx, StringBuilder out, long dev) {
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        StringBuilder raw = new StringBuilder();
        Fmt.hexOrZero(raw, dev);
        Fmt.styledText(ctx, out, raw.toString(), "makedev(0x" + Long.toHexString(major) + ", 0x"
                + Long.toHexString(minor) + ")");
    }

    /** {@code struct stat}, abbreviated: mode and size (or rdev for devices). */
    public static void stat(DecodeContext ctx, StringBuilder out, long addr) {
        boolean x86 = ctx.tables().arch() == Arch.X86_64;
        byte[] b = ctx.read(addr, x86 ? 144 : 128);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        long mode = Bytes.getInt(b, x86 ? 24 : 16) & 0xffffffffL;
        out.append("{st_mode=");
        mode(ctx, out, mode);
        long type = mode & S_IFMT;
        if (type == 0020000 || type == 0060000) {
            out.append(", st_rdev=");
            dev(ctx, out, Bytes.getLong(b, x86 ? 40 : 32));
        } else {
            out.append(", st_size=").append(Bytes.getLong(b, 48));
        }
        out.append(", ...}");
    }

    /** {@code struct statx}, abbreviated like strace. */
    public static void statx(DecodeContext ctx, StringBuilder out, long addr) {
        byte[] b = ctx.read(addr, 144);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        out.append("{stx_mask=");
        Fmt.flags(ctx, out, ConstantFamily.STATX_MASK, Bytes.getInt(b, 0) & 0xffffffffL);
        long attrs = Bytes.getLong(b, 8);
        out.append(", stx_attributes=");
        Fmt.flags(ctx, out, ConstantFamily.STATX_ATTR, attrs);
        out.append(", stx_mode=");
        mode(ctx, out, Bytes.getShort(b, 28));
        out.append(", stx_size=").append(Bytes.getLong(b, 40)).append(", ...}");
    }

    /** {@code struct timespec}: {@code {tv_sec=1, tv_nsec=0}}. */
    public static void timespec(DecodeContext ctx, StringBuilder out, long addr) {
        seconds(ctx, out, addr, "tv_nsec");
    }

    /** Two 64-bit words: seconds, then the fraction named {@code fraction}. */
    private static void seconds(DecodeContext ctx, StringBuilder out, long addr, String fraction) {
        byte[] b = ctx.read(addr, 16);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        out.append("{tv_sec=").append(Bytes.getLong(b, 0)).append(", ").append(fraction).append('=')
                .append(Bytes.getLong(b, 8)).append('}');
    }

    /** A signal set of {@code size} bytes: {@code [INT TERM]}, or {@code ~[...]} when most signals are in it. */
    public static void sigset(DecodeContext ctx, StringBuilder out, long addr, long size) {
        if (size <= 0 || size > 128) {
            Fmt.ptr(out, addr);
            return;
        }
        byte[] b = ctx.read(addr, (int) size);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        sigsetBits(ctx, out, b, (int) size * 8);
    }

    /** A signal set given as its bits: bit {@code i} is signal {@code i + 1}. */
    public static void sigsetBits(DecodeContext ctx, StringBuilder out, byte[] bits, int nsig) {
        int count = 0;
        for (int i = 0; i < nsig; i++) {
            if ((bits[i >> 3] & (1 << (i & 7))) != 0) {
                count++;
            }
        }
        boolean invert = count * 2 > nsig;
        if (invert) {
            out.append('~');
        }
        out.append('[');
        boolean first = true;
        for (int i = 0; i < nsig; i++) {
            boolean set = (bits[i >> 3] & (1 << (i & 7))) != 0;
            if (set != invert) {
                if (!first) {
                    out.append(' ');
                }
                first = false;
                int sig = i + 1;
                if (sig <= 64) {
                    Fmt.styled(ctx, out, sig, Signal.of(sig).name().substring(3), false);
                } else {
                    out.append(sig);
                }
            }
        }
        out.append(']');
    }

    /** The kernel's {@code struct sigaction} of rt_sigaction. */
    public static void sigaction(DecodeContext ctx, StringBuilder out, long addr) {
        boolean x86 = ctx.tables().arch() == Arch.X86_64;
        byte[] b = ctx.read(addr, 32);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        long handler = Bytes.getLong(b, 0);
        long flags = Bytes.getLong(b, 8);
        long restorer = x86 ? Bytes.getLong(b, 16) : 0;
        byte[] mask = new byte[8];
        System.arraycopy(b, x86 ? 24 : 16, mask, 0, 8);
        out.append("{sa_handler=");
        if (handler == 0 || handler == 1) {
            Fmt.styled(ctx, out, handler, handler == 0 ? "SIG_DFL" : "SIG_IGN", true);
        } else {
            Fmt.hex(out, handler);
        }
        out.append(", sa_mask=");
        sigsetBits(ctx, out, mask, 64);
        out.append(", sa_flags=");
        Fmt.flags(ctx, out, ConstantFamily.SIGACTION_FLAGS, flags);
        Long restorerBit = ctx.xlat(ConstantFamily.SIGACTION_FLAGS).value("SA_RESTORER");
        if (x86 && restorerBit != null && (flags & restorerBit) != 0) {
            out.append(", sa_restorer=");
            Fmt.ptr(out, restorer);
        }
        out.append('}');
    }

    private static void rlimValue(DecodeContext ctx, StringBuilder out, long v) {
        String raw = Long.toUnsignedString(v);
        String text = v == -1L ? "RLIM64_INFINITY"
                : Long.compareUnsigned(v, 1024) > 0 && v % 1024 == 0 // 1024 itself stays 1024
                ? Long.toUnsignedString(v / 1024) + "*1024" : raw;
        Fmt.styledText(ctx, out, raw, text);
    }

    /** {@code struct rlimit64}: {@code {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}}. */
    public static void rlimit(DecodeContext ctx, StringBuilder out, long addr) {
        byte[] b = ctx.read(addr, 16);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        out.append("{rlim_cur=");
        rlimValue(ctx, out, Bytes.getLong(b, 0));
        out.append(", rlim_max=");
        rlimValue(ctx, out, Bytes.getLong(b, 8));
        out.append('}');
    }

    /** {@code struct utsname}, abbreviated to sysname and nodename. */
    public static void utsname(DecodeContext ctx, StringBuilder out, long addr) {
        byte[] b = ctx.read(addr, 65 * 2);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        out.append("{sysname=");
        fixedString(ctx, out, b, 0, 65);
        out.append(", nodename=");
        fixedString(ctx, out, b, 65, 65);
        out.append(", ...}");
    }

    private static void fixedString(DecodeContext ctx, StringBuilder out, byte[] b, int off, int max) {
        int n = 0;
        while (n < max && b[off + n] != 0) {
            n++;
        }
        byte[] s = new byte[n];
        System.arraycopy(b, off, s, 0, n);
        StringQuoter.quote(out, s, n, ctx.stringsInHex());
    }

    /** An array of {@code struct pollfd}; at exit only the entries with events returned. */
    public static void pollfds(DecodeContext ctx, StringBuilder out, long addr, long count, boolean returned) {
        if (count < 0 || count > 1024) {
            Fmt.ptr(out, addr);
            return;
        }
        byte[] b = ctx.read(addr, (int) count * 8);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        out.append('[');
        boolean first = true;
        for (int i = 0; i < count; i++) {
            int fd = Bytes.getInt(b, i * 8);
            int events = Bytes.getShort(b, i * 8 + (returned ? 6 : 4));
            if (returned && events == 0) {
                continue;
            }
            if (!first) {
                out.append(", ");
            }
            first = false;
            out.append("{fd=").append(fd).append(returned ? ", revents=" : ", events=");
            Fmt.flags(ctx, out, ConstantFamily.POLL_EVENTS, events);
            out.append('}');
        }
        out.append(']');
    }

    /** A {@code struct sockaddr} of {@code length} bytes. */
    public static void sockaddr(DecodeContext ctx, StringBuilder out, long addr, long length) {
        if (addr == 0) {
            out.append("NULL");
            return;
        }
        if (length < 2 || length > 128) {
            Fmt.hex(out, addr);
            return;
        }
        byte[] b = ctx.read(addr, (int) length);
        if (b == null) {
            Fmt.hex(out, addr);
            return;
        }
        int family = Bytes.getShort(b, 0);
        out.append("{sa_family=");
        Fmt.enumOrDec(ctx, out, ConstantFamily.ADDRESS_FAMILY, family, true);
        if (family == 2 && length >= 8) {
            addressField(ctx, out, "sin_port", b, 2, 2, "htons(" + Bytes.getShortBigEndian(b, 2) + ")");
            addressField(ctx, out, "sin_addr", b, 4, 4, "inet_addr(\"" + (b[4] & 0xff) + '.' + (b[5] & 0xff) + '.'
                    + (b[6] & 0xff) + '.' + (b[7] & 0xff) + "\")");
        } else if (family == 10 && length >= 24) {
            addressField(ctx, out, "sin6_port", b, 2, 2, "htons(" + Bytes.getShortBigEndian(b, 2) + ")");
            addressField(ctx, out, "sin6_flowinfo", b, 4, 4,
                    "htonl(" + Integer.toUnsignedString(Integer.reverseBytes(Bytes.getInt(b, 4))) + ")");
            byte[] a = new byte[16];
            System.arraycopy(b, 8, a, 0, 16);
            String text = "inet_pton(AF_INET6, \"" + ipv6(a) + '"';
            if (ctx.style() == ConstantStyle.ABBREV) {
                out.append(", ").append(text).append(", &sin6_addr)");
            } else {
                addressField(ctx, out, "sin6_addr", b, 8, 16, text + ")");
            }
            if (length >= 28) {
                out.append(", sin6_scope_id=").append(Integer.toUnsignedString(Bytes.getInt(b, 24)));
            }
        } else if (family == 16 && length >= 12) {
            out.append(", nl_pid=").append(Integer.toUnsignedString(Bytes.getInt(b, 4))).append(", nl_groups=")
                    .append(String.format("%08x", Bytes.getInt(b, 8)));
        } else if (family == 1 && length > 2) { // an unnamed socket's address is the family alone
            int n = 0;
            while (2 + n < length && b[2 + n] != 0) {
                n++;
            }
            out.append(", sun_path=");
            if (n == 0 && length > 2) {
                byte[] s = new byte[(int) length - 3];
                System.arraycopy(b, 3, s, 0, s.length);
                out.append('@');
                StringQuoter.quote(out, s, s.length, ctx.stringsInHex());
            } else {
                byte[] s = new byte[n];
                System.arraycopy(b, 2, s, 0, n);
                StringQuoter.quote(out, s, n, ctx.stringsInHex());
            }
        } else if (family != 1) {
            out.append(", sa_data=");
            byte[] s = new byte[(int) length - 2];
            System.arraycopy(b, 2, s, 0, s.length);
            StringQuoter.quote(out, s, s.length, ctx.stringsInHex());
        }
        out.append('}');
    }

    /**
     * A field of an internet address: its decoded {@code text} (abbrev), or its bytes in network order as a
     * string of hex escapes (raw), followed by the text in a comment (verbose).
     */
    private static void addressField(DecodeContext ctx, StringBuilder out, String name, byte[] b, int offset,
                                     int length, String text) {
        out.append(", ").append(name).append('=');
        StringBuilder raw = new StringBuilder(length * 4 + 2).append('"');
        for (int i = offset; i < offset + length; i++) {
            raw.append(String.format("\\x%02x", b[i] & 0xff));
        }
        Fmt.styledText(ctx, out, raw.append('"').toString(), text);
    }

    private static String ipv6(byte[] a) {
        try {
            String s = java.net.InetAddress.getByAddress(a).getHostAddress();
            return compressIpv6(s);
        } catch (java.net.UnknownHostException e) {
            return "?";
        }
    }

    private static String compressIpv6(String full) {
        if (full.contains(".") || !full.contains(":")) {
            return full;
        }
        String[] parts = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < parts.length; i++) {
            int j = i;
            while (j < parts.length && parts[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bestStart; i++) {
            sb.append(i > 0 ? ":" : "").append(parts[i]);
        }
        sb.append("::");
        for (int i = bestStart + bestLen; i < parts.length; i++) {
            sb.append(parts[i]).append(i < parts.length - 1 ? ":" : "");
        }
        return sb.toString();
    }

    /**
     * An iovec array; each base printed as a buffer of at most its length, within {@code total} bytes (lengths are
     * unsigned). As strace: at most the string limit of elements, then {@code ...}; an element that cannot be
     * read ends the array with {@code ... /* address *}{@code /}, and only the pointer is printed when the first one
     * cannot. Reads at most as many elements as it prints, whatever {@code count} claims.
     */
    public static void iovecs(DecodeContext ctx, StringBuilder out, long addr, long count, long total) {
        if (count < 0 || addr == 0) {
            Fmt.ptr(out, addr);
            return;
        }
        int shown = (int) Math.min(count, Math.min(ctx.stringLimit(), DecodeContext.MAX_READ / 16));
        byte[] b = shown == 0 ? new byte[0] : ctx.readUpTo(addr, shown * 16);
        if (shown > 0 && b.length < 16) {
            Fmt.ptr(out, addr);
            return;
        }
        out.append('[');
        long left = total;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (i >= shown) {
                out.append("...");
                break;
            }
            if ((i + 1) * 16 > b.length) {
                out.append("... /* ");
                Fmt.hex(out, addr + 16L * i);
                out.append(" */");
                break;
            }
            long base = Bytes.getLong(b, i * 16);
            long len = Bytes.getLong(b, i * 16 + 8);
            long n = Long.compareUnsigned(len, left) < 0 ? len : left;
            out.append("{iov_base=");
            if (base == 0) {
                out.append("NULL");
            } else {
                Fmt.buffer(ctx, out, base, n < 0 ? Long.MAX_VALUE : n);
            }
            left -= n;
            out.append(", iov_len=").append(Long.toUnsignedString(len)).append('}');
        }
        out.append(']');
    }

    /** Two ints, as pipe(2) returns them: {@code [3, 4]}. */
    public static void intPair(DecodeContext ctx, StringBuilder out, long addr) {
        byte[] b = ctx.read(addr, 8);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        out.append('[').append(Bytes.getInt(b, 0)).append(", ").append(Bytes.getInt(b, 4)).append(']');
    }

    /** An int by reference: {@code [42]}. */
    public static void intRef(DecodeContext ctx, StringBuilder out, long addr) {
        byte[] b = ctx.read(addr, 4);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        out.append('[').append(Bytes.getInt(b, 0)).append(']');
    }

    /** A NULL-terminated array of strings, as execve's argv: at most the string limit of elements. */
    public static void stringArray(DecodeContext ctx, StringBuilder out, long addr) {
        if (addr == 0) {
            out.append("NULL");
            return;
        }
        int limit = ctx.stringLimit();
        DecodeContext.Words words = ctx.words(addr);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; ; i++) {
            Long p = words.get(i);
            if (p == null) {
                if (i == 0) {
                    Fmt.hex(out, addr);
                    return;
                }
                sb.append(", ... /* "); // strace: the array ran into memory that cannot be read
                Fmt.hex(sb, addr + 8L * i);
                sb.append(" */");
                break;
            }
            if (p == 0) {
                break;
            }
            if (i >= limit) {
                sb.append(i == 0 ? "..." : ", ..."); // -s 0: strace prints [...]
                break;
            }
            if (i > 0) {
                sb.append(", ");
            }
            Fmt.string(ctx, sb, p);
        }
        out.append(sb).append(']');
    }

    /** An environment pointer as strace abbreviates it: {@code 0x7ffd... /* 25 vars *}{@code /}. */
    public static void envCount(DecodeContext ctx, StringBuilder out, long addr) {
        if (addr == 0) {
            out.append("NULL");
            return;
        }
        DecodeContext.Words words = ctx.words(addr);
        int n = 0;
        while (n < 1 << 16) {
            Long p = words.get(n);
            if (p == null) {
                Fmt.hex(out, addr);
                return;
            }
            if (p == 0) {
                break;
            }
            n++;
        }
        Fmt.hex(out, addr);
        out.append(" /* ").append(n).append(n == 1 ? " var */" : " vars */");
    }

    /** A wait status by reference, as strace spells it with the W* macros. */
    public static void waitStatus(DecodeContext ctx, StringBuilder out, long addr) {
        byte[] b = ctx.read(addr, 4);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        int s = Bytes.getInt(b, 0);
        out.append("[{");
        int termsig = s & 0x7f;
        if ((s & 0xff) == 0x7f) {
            int stopsig = (s >> 8) & 0xff;
            out.append("WIFSTOPPED(s) && WSTOPSIG(s) == ")
                    .append(stopsig >= 1 && stopsig <= 64 ? Signal.of(stopsig).name() : Integer.toString(stopsig));
            if ((s >> 16) != 0) {
                out.append(" && s >> 16 == ").append(s >>> 16);
            }
        } else if (termsig == 0) {
            out.append("WIFEXITED(s) && WEXITSTATUS(s) == ").append((s >> 8) & 0xff);
        } else if (s == 0xffff) {
            out.append("WIFCONTINUED(s)");
        } else {
            out.append("WIFSIGNALED(s) && WTERMSIG(s) == ")
                    .append(termsig <= 64 ? Signal.of(termsig).name() : Integer.toString(termsig));
            if ((s & 0x80) != 0) {
                out.append(" && WCOREDUMP(s)");
            }
        }
        out.append("}]");
    }

    /** getdents/getdents64 output: the pointer and the number of entries. */
    public static void direntCount(DecodeContext ctx, StringBuilder out, long addr, long bytes) {
        Fmt.hex(out, addr);
        if (bytes < 0) {
            return;
        }
        byte[] b = ctx.read(addr, (int) Math.min(bytes, DecodeContext.MAX_READ));
        if (b == null) {
            return;
        }
        int n = 0;
        int off = 0;
        while (off + 18 <= b.length) {
            int reclen = Bytes.getShort(b, off + 16);
            if (reclen <= 0) {
                break;
            }
            n++;
            off += reclen;
        }
        out.append(" /* ").append(n).append(n == 1 ? " entry */" : " entries */");
    }

    /** {@code struct timeval}: {@code {tv_sec=1, tv_usec=500}}. */
    static void timeval(DecodeContext ctx, StringBuilder o, long addr) {
        seconds(ctx, o, addr, "tv_usec");
    }

    /**
     * A {@code siginfo_t} in tracee memory (the layout of asm-generic/siginfo.h, the same on x86_64 and aarch64),
     * printed as the siginfo of a signal stop is.
     */
    static void siginfo(DecodeContext ctx, StringBuilder out, long addr) {
        byte[] b = ctx.read(addr, 48);
        if (b == null) {
            Fmt.ptr(out, addr);
            return;
        }
        int signo = Bytes.getInt(b, 0);
        int code = Bytes.getInt(b, 8);
        if (signo <= 0 || signo > 64) {
            Fmt.hex(out, addr);
            return;
        }
        dev.ptrace.Signal signal = dev.ptrace.Signal.of(signo);
        boolean kernelFault = code > 0 && (signo == 4 || signo == 5 || signo == 7 || signo == 8 || signo == 11);
        dev.ptrace.SignalInfo info = signo == 17 && code > 0 // SIGCHLD: pid, uid, status, utime, stime
                ? new dev.ptrace.SignalInfo(signal, Bytes.getInt(b, 4), code, Bytes.getInt(b, 16),
                        Bytes.getInt(b, 20), Bytes.getInt(b, 24), 0, 0, 0, 0, Bytes.getLong(b, 32),
                        Bytes.getLong(b, 40))
                : kernelFault // the faulting address
                ? new dev.ptrace.SignalInfo(signal, Bytes.getInt(b, 4), code, 0, 0, 0, Bytes.getLong(b, 16), 0, 0, 0)
                // kill, tkill, sigqueue: pid, uid, value
                : new dev.ptrace.SignalInfo(signal, Bytes.getInt(b, 4), code, Bytes.getInt(b, 16),
                        Bytes.getInt(b, 20), 0, 0, 0, 0, Bytes.getLong(b, 24));
        SiginfoFormat.append(out, info, ctx.style());
    }

    /** {@code count} C {@code int}s (ids) as {@code [0, 1, 2]}: at most the string limit of them, then {@code ...}. */
    static void intArray(DecodeContext ctx, StringBuilder out, long addr, long count) {
        if (addr == 0) {
            out.append("NULL");
            return;
        }
        int shown = (int) Math.max(0, Math.min(count, ctx.stringLimit()));
        byte[] b = shown == 0 ? new byte[0] : ctx.read(addr, shown * 4);
        if (b == null || count < 0) {
            Fmt.hex(out, addr);
            return;
        }
        out.append('[');
        for (int i = 0; i < shown; i++) {
            out.append(i > 0 ? ", " : "").append(Bytes.getInt(b, 4 * i));
        }
        out.append(count > shown ? ", ...]" : "]");
    }

    /** {@code struct rusage}, abbreviated as strace prints it without -v: the two times, then {@code ...}. */
    static void rusage(DecodeContext ctx, StringBuilder out, long addr) {
        if (ctx.read(addr, 32) == null) {
            Fmt.ptr(out, addr);
            return;
        }
        out.append("{ru_utime=");
        timeval(ctx, out, addr);
        out.append(", ru_stime=");
        timeval(ctx, out, addr + 16);
        out.append(", ...}");
    }

    /** The numbers of the set bits among the first {@code n} of {@code b}: {@code [0 1 5]}. */
    static void bitList(StringBuilder o, byte[] b, int n) {
        o.append('[');
        boolean first = true;
        for (int i = 0; i < n; i++) {
            if ((b[i >> 3] & (1 << (i & 7))) != 0) {
                if (!first) {
                    o.append(' ');
                }
                first = false;
                o.append(i);
            }
        }
        o.append(']');
    }
}
