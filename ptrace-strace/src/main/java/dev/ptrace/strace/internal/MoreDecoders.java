package dev.ptrace.strace.internal;

import dev.ptrace.Arch;

/**
 * Decoders for prctl, epoll, select, statfs, sysinfo, terminal ioctls, sendmsg/recvmsg and clone3, written
 * against the lines the installed strace prints for them. Every read is one fixed-size struct, or an array
 * bounded by the string limit; what cannot be read prints as its pointer.
 */
final class MoreDecoders {
    private MoreDecoders() {
    }

    /** The decoder of a syscall of this class, or null. */
    static SyscallDecoder create(String name) {
        switch (name) {
            case "prctl":
                return new PrctlDecoder();
            case "epoll_create":
                return list(1, Result.FD, A.i32(0));
            case "epoll_create1":
                return list(1, Result.FD, (c, o) -> {
                    long f = c.arg(0) & 0xffffffffL;
                    Fmt.flags(c.ctx, o, Xlat.of("EPOLL_CLOEXEC", 0x80000), f, "0");
                });
            case "epoll_ctl":
                return list(4, Result.DEC, A.fd(0),
                        (c, o) -> xlatOrHex(c.ctx, o, c.ctx.xlat(ConstantFamily.EPOLL_CTL), c.arg(1) & 0xffffffffL,
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
                return list(1, Result.DEC, A.fd(0), MoreDecoders::waitEvents, A.i32(2), A.i32(3));
            case "epoll_pwait":
                return list(1, Result.DEC, A.fd(0), MoreDecoders::waitEvents, A.i32(2), A.i32(3),
                        (c, o) -> sigsetOrNull(c, o, 4, 5), A.udec(5));
            case "epoll_pwait2":
                return list(1, Result.DEC, A.fd(0), MoreDecoders::waitEvents, A.i32(2), A.in(3, Structs::timespec),
                        (c, o) -> sigsetOrNull(c, o, 4, 5), A.udec(5));
            case "select":
                return new SelectDecoder(false);
            case "pselect6":
                return new SelectDecoder(true);
            case "statfs":
                return list(1, Result.DEC, A.path(0), A.out(1, MoreDecoders::statfs));
            case "fstatfs":
                return list(1, Result.DEC, A.fd(0), A.out(1, MoreDecoders::statfs));
            case "sysinfo":
                return list(0, Result.DEC, A.out(0, MoreDecoders::sysinfo));
            case "ioctl":
                return new IoctlDecoder();
            case "sendmsg":
                return list(3, Result.DEC, A.fd(0), (c, o) -> msghdr(c, o, c.arg(1), false), msgFlags(2));
            case "recvmsg":
                return new RecvmsgDecoder();
            case "clone3":
                return new Clone3Decoder();
            default:
                return null;
        }
    }

    private static void waitEvents(SyscallCall c, StringBuilder o) {
        if (c.succeeded()) {
            epollEvents(c.ctx, o, c.arg(1), c.returnValue(), true);
        } else {
            Fmt.ptr(o, c.arg(1));
        }
    }

    static Arg msgFlags(int i) {
        return (c, o) -> Fmt.flags(c.ctx, o, c.ctx.xlat(ConstantFamily.MSG_FLAGS), c.arg(i) & 0xffffffffL, "0");
    }

    private static SyscallDecoder list(int exitFrom, Result result, Arg... args) {
        return new ArgListDecoder(args, exitFrom, result);
    }

    private static void xlatOrHex(DecodeContext ctx, StringBuilder o, Xlat x, long v, String prefix) {
        String n = x.name(v);
        if (n != null && ctx.style() == dev.ptrace.strace.ConstantStyle.ABBREV) {
            o.append(n);
        } else if (n != null && ctx.style() == dev.ptrace.strace.ConstantStyle.VERBOSE) {
            Fmt.hexOrZero(o, v);
            o.append(" /* ").append(n).append(" */");
        } else {
            Fmt.hex(o, v);
            if (n == null && ctx.style() != dev.ptrace.strace.ConstantStyle.RAW) {
                o.append(" /* ").append(prefix).append("??? */");
            }
        }
    }

    private static void sigsetOrNull(SyscallCall c, StringBuilder o, int set, int size) {
        if (c.arg(set) == 0) {
            o.append("NULL");
        } else {
            Structs.sigset(c.ctx, o, c.arg(set), c.arg(size));
        }
    }

    // ---- prctl ----

    /** prctl: the option by name; its arguments as the option defines them, the raw rest in hex. */
    private static final class PrctlDecoder implements SyscallDecoder {
        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            long opt = c.arg(0) & 0xffffffffL;
            String name = c.ctx.xlat(ConstantFamily.PRCTL).name(opt);
            if (name == null) {
                xlatOrHex(c.ctx, o, Xlat.empty(), opt, "PR_");
                for (int i = 1; i < 5; i++) {
                    o.append(", ");
                    Fmt.hexOrZero(o, c.arg(i));
                }
                return;
            }
            o.append(c.ctx.style() == dev.ptrace.strace.ConstantStyle.ABBREV ? name : Long.toString(opt));
            switch (name) {
                case "PR_SET_NAME":
                    o.append(", ");
                    cString(c, o, c.arg(1), 15);
                    break;
                case "PR_SET_PDEATHSIG":
                    o.append(", ");
                    long s = c.arg(1);
                    if (s == 0) {
                        o.append('0');
                    } else {
                        Fmt.signal(c.ctx, o, s);
                    }
                    break;
                case "PR_SET_DUMPABLE":
                    o.append(", ");
                    xlatOrHex(c.ctx, o, c.ctx.xlat(ConstantFamily.SUID_DUMP), c.arg(1), "SUID_DUMP_");
                    break;
                case "PR_CAPBSET_READ": case "PR_CAPBSET_DROP":
                    o.append(", ");
                    capability(c.ctx, o, c.arg(1));
                    break;
                case "PR_SET_PTRACER":
                    o.append(", ");
                    if (c.arg(1) == -1L) {
                        o.append("PR_SET_PTRACER_ANY");
                    } else {
                        o.append((int) c.arg(1));
                    }
                    break;
                case "PR_SET_CHILD_SUBREAPER": case "PR_SET_KEEPCAPS": case "PR_SET_TIMERSLACK":
                    o.append(", ");
                    Fmt.udec(o, c.arg(1));
                    break;
                case "PR_SET_NO_NEW_PRIVS": case "PR_GET_NO_NEW_PRIVS": case "PR_SET_THP_DISABLE":
                case "PR_GET_THP_DISABLE":
                    for (int i = 1; i < 5; i++) {
                        o.append(", ");
                        Fmt.udec(o, c.arg(i));
                    }
                    break;
                case "PR_SET_MM":
                    o.append(", ");
                    xlatOrHex(c.ctx, o, c.ctx.xlat(ConstantFamily.PR_SET_MM), c.arg(1) & 0xffffffffL, "PR_SET_MM_");
                    for (int i = 2; i < 5; i++) {
                        o.append(", ");
                        Fmt.hexOrZero(o, c.arg(i));
                    }
                    break;
                case "PR_GET_DUMPABLE": case "PR_GET_TIMERSLACK": case "PR_GET_SECCOMP": case "PR_GET_KEEPCAPS":
                case "PR_GET_NAME": case "PR_GET_PDEATHSIG": case "PR_GET_CHILD_SUBREAPER":
                case "PR_GET_SECUREBITS": case "PR_GET_TSC": case "PR_GET_TIMING": case "PR_GET_IO_FLUSHER":
                    break; // printed at exit, or nothing more
                default:
                    for (int i = 1; i < 5; i++) {
                        o.append(", ");
                        Fmt.hexOrZero(o, c.arg(i));
                    }
            }
        }

        @Override
        public void exit(SyscallCall c, StringBuilder o) {
            String name = c.ctx.xlat(ConstantFamily.PRCTL).name(c.arg(0) & 0xffffffffL);
            if (name == null) {
                return;
            }
            switch (name) {
                case "PR_GET_NAME":
                    o.append(", ");
                    if (c.succeeded()) {
                        cString(c, o, c.arg(1), 15);
                    } else {
                        Fmt.ptr(o, c.arg(1));
                    }
                    break;
                case "PR_GET_PDEATHSIG": case "PR_GET_CHILD_SUBREAPER":
                    o.append(", ");
                    if (c.succeeded() && c.arg(1) != 0) {
                        byte[] b = c.ctx.read(c.arg(1), 4);
                        if (b == null) {
                            Fmt.ptr(o, c.arg(1));
                        } else {
                            int v = Bytes.getInt(b, 0);
                            o.append('[');
                            if (name.equals("PR_GET_PDEATHSIG") && v != 0) {
                                Fmt.signal(c.ctx, o, v);
                            } else {
                                o.append(v);
                            }
                            o.append(']');
                        }
                    } else {
                        Fmt.ptr(o, c.arg(1));
                    }
                    break;
                default:
            }
        }

        @Override
        public void result(SyscallCall c, StringBuilder o) {
            long r = c.returnValue();
            o.append(r);
            String name = c.ctx.xlat(ConstantFamily.PRCTL).name(c.arg(0) & 0xffffffffL);
            if ("PR_GET_DUMPABLE".equals(name)) {
                String n = c.ctx.xlat(ConstantFamily.SUID_DUMP).name(r);
                if (n != null) {
                    o.append(" (").append(n).append(')');
                }
            }
        }

        /** A name of at most {@code max} bytes (the kernel's TASK_COMM_LEN less its NUL), cut like a string. */
        private static void cString(SyscallCall c, StringBuilder o, long addr, int max) {
            if (addr == 0) {
                o.append("NULL");
                return;
            }
            int limit = Math.min(max, c.ctx.stringLimit());
            byte[] s = c.ctx.readCString(addr, limit + 1);
            if (s == null) {
                Fmt.hex(o, addr);
                return;
            }
            StringQuoter.quote(o, s, Math.min(s.length, limit), c.ctx.stringsInHex());
            if (s.length > limit) {
                o.append("...");
            }
        }
    }

    static void capability(DecodeContext ctx, StringBuilder o, long v) {
        String name = ctx.xlat(ConstantFamily.CAPABILITY).name(v);
        if (name != null) {
            o.append(name);
        } else {
            Fmt.hex(o, v);
            o.append(" /* CAP_??? */");
        }
    }

    // ---- epoll ----

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

    // ---- select ----

    /** select and pselect6: the fd sets at entry; the ready ones and the time left after the result. */
    private static final class SelectDecoder implements SyscallDecoder {
        /** The most descriptors a set is read for: FD_SETSIZE times 64 is far beyond any real call. */
        private static final int MAX_FDS = 1024 * 64;
        private final boolean pselect;

        SelectDecoder(boolean pselect) {
            this.pselect = pselect;
        }

        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            int nfds = (int) c.arg(0);
            o.append(nfds);
            for (int i = 1; i <= 3; i++) {
                o.append(", ");
                fdSet(c.ctx, o, c.arg(i), nfds);
            }
            o.append(", ");
            if (c.arg(4) == 0) {
                o.append("NULL");
            } else if (pselect) {
                Structs.timespec(c.ctx, o, c.arg(4));
            } else {
                timeval(c.ctx, o, c.arg(4));
            }
            if (pselect) {
                o.append(", ");
                long p = c.arg(5);
                byte[] b = p == 0 ? null : c.ctx.read(p, 16);
                if (p == 0) {
                    o.append("NULL");
                } else if (b == null) {
                    Fmt.hex(o, p);
                } else {
                    long set = Bytes.getLong(b, 0);
                    long size = Bytes.getLong(b, 8);
                    o.append("{sigmask=");
                    if (set == 0) {
                        o.append("NULL");
                    } else {
                        Structs.sigset(c.ctx, o, set, size);
                    }
                    o.append(", sigsetsize=").append(Long.toUnsignedString(size)).append('}');
                }
            }
        }

        @Override
        public void result(SyscallCall c, StringBuilder o) {
            long r = c.returnValue();
            o.append(r);
            if (r == 0) {
                o.append(" (Timeout)");
                return;
            }
            int nfds = (int) c.arg(0);
            StringBuilder detail = new StringBuilder();
            String[] names = {"in", "out", "except"};
            for (int i = 1; i <= 3; i++) {
                long addr = c.arg(i);
                if (addr == 0 || nfds <= 0) {
                    continue;
                }
                StringBuilder set = new StringBuilder();
                if (!readySet(c.ctx, set, addr, nfds)) {
                    continue;
                }
                if (detail.length() > 0) {
                    detail.append(", ");
                }
                detail.append(names[i - 1]).append(' ').append(set);
            }
            if (c.arg(4) != 0) {
                StringBuilder left = new StringBuilder();
                if (pselect) {
                    Structs.timespec(c.ctx, left, c.arg(4));
                } else {
                    timeval(c.ctx, left, c.arg(4));
                }
                if (left.charAt(0) == '{') {
                    if (detail.length() > 0) {
                        detail.append(", ");
                    }
                    detail.append("left ").append(left);
                }
            }
            if (detail.length() > 0) {
                o.append(" (").append(detail).append(')');
            }
        }

        private static byte[] readSet(DecodeContext ctx, long addr, int nfds) {
            int n = Math.min(nfds, MAX_FDS);
            return ctx.read(addr, ((n + 63) / 64) * 8);
        }

        private static void fdSet(DecodeContext ctx, StringBuilder o, long addr, int nfds) {
            if (addr == 0) {
                o.append("NULL");
                return;
            }
            if (nfds <= 0) {
                Fmt.hex(o, addr);
                return;
            }
            byte[] b = readSet(ctx, addr, nfds);
            if (b == null) {
                Fmt.hex(o, addr);
                return;
            }
            bits(o, b, Math.min(nfds, MAX_FDS));
        }

        /** The set bits of a returned set; false when it has none or cannot be read. */
        private static boolean readySet(DecodeContext ctx, StringBuilder o, long addr, int nfds) {
            byte[] b = readSet(ctx, addr, nfds);
            if (b == null) {
                return false;
            }
            int n = Math.min(nfds, MAX_FDS);
            for (int i = 0; i < n; i++) {
                if ((b[i >> 3] & (1 << (i & 7))) != 0) {
                    bits(o, b, n);
                    return true;
                }
            }
            return false;
        }

        private static void bits(StringBuilder o, byte[] b, int n) {
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

    /** {@code struct timeval}: {@code {tv_sec=1, tv_usec=500}}. */
    static void timeval(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 16);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{tv_sec=").append(Bytes.getLong(b, 0)).append(", tv_usec=").append(Bytes.getLong(b, 8))
                .append('}');
    }

    // ---- statfs, sysinfo ----

    /** {@code struct statfs} (64-bit words on both architectures), every field as strace prints it. */
    static void statfs(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 120);
        if (b == null) {
            Fmt.hex(o, addr);
            return;
        }
        long type = Bytes.getLong(b, 0);
        o.append("{f_type=");
        String magic = ctx.xlat(ConstantFamily.FS_MAGIC).name(type);
        if (magic != null && ctx.style() == dev.ptrace.strace.ConstantStyle.ABBREV) {
            o.append(magic);
        } else {
            Fmt.hex(o, type);
            if (magic != null && ctx.style() == dev.ptrace.strace.ConstantStyle.VERBOSE) {
                o.append(" /* ").append(magic).append(" */");
            }
        }
        String[] words = {"f_bsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree"};
        for (int i = 0; i < words.length; i++) {
            o.append(", ").append(words[i]).append('=').append(Long.toUnsignedString(Bytes.getLong(b, 8 + 8 * i)));
        }
        o.append(", f_fsid={val=[");
        Fmt.hexOrZero(o, Bytes.getInt(b, 56) & 0xffffffffL);
        o.append(", ");
        Fmt.hexOrZero(o, Bytes.getInt(b, 60) & 0xffffffffL);
        o.append("]}, f_namelen=").append(Bytes.getLong(b, 64)).append(", f_frsize=").append(Bytes.getLong(b, 72))
                .append(", f_flags=");
        Fmt.flags(ctx, o, ctx.xlat(ConstantFamily.STATFS_FLAGS), Bytes.getLong(b, 80), "0");
        o.append('}');
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

    // ---- ioctl ----

    /** ioctl: the request by name; the terminal structs of the requests that read or fill one. */
    private static final class IoctlDecoder implements SyscallDecoder {
        private static final long TCGETS = 0x5401;
        private static final long TCSETS = 0x5402;
        private static final long TCSETSW = 0x5403;
        private static final long TCSETSF = 0x5404;
        private static final long TIOCGWINSZ = 0x5413;
        private static final long TIOCSWINSZ = 0x5414;

        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            Fmt.fd(c.ctx, o, c.arg(0));
            o.append(", ");
            long req = c.arg(1) & 0xffffffffL;
            boolean abbrev = c.ctx.style() == dev.ptrace.strace.ConstantStyle.ABBREV;
            // strace names the three TCSETS* numbers after the OSS sequencer requests that share them too
            if (abbrev && req == TCSETS) {
                o.append("SNDCTL_TMR_START or TCSETS");
            } else if (abbrev && req == TCSETSW) {
                o.append("SNDCTL_TMR_STOP or TCSETSW");
            } else if (abbrev && req == TCSETSF) {
                o.append("SNDCTL_TMR_CONTINUE or TCSETSF");
            } else {
                Fmt.enumValue(c.ctx, o, ConstantFamily.IOCTL, req, "_IOC(");
            }
            if (req == TCSETS || req == TCSETSW || req == TCSETSF) {
                o.append(", ");
                termios(c.ctx, o, c.arg(2));
            } else if (req == TIOCSWINSZ) {
                o.append(", ");
                winsize(c.ctx, o, c.arg(2));
            }
        }

        @Override
        public void exit(SyscallCall c, StringBuilder o) {
            long req = c.arg(1) & 0xffffffffL;
            if (req == TCSETS || req == TCSETSW || req == TCSETSF || req == TIOCSWINSZ) {
                return;
            }
            o.append(", ");
            String name = c.ctx.xlat(ConstantFamily.IOCTL).name(req);
            if (!c.succeeded() || name == null) {
                Fmt.ptr(o, c.arg(2));
            } else if (req == TCGETS) {
                termios(c.ctx, o, c.arg(2));
            } else if (req == TIOCGWINSZ) {
                winsize(c.ctx, o, c.arg(2));
            } else if (name.equals("FIONREAD") || name.equals("TIOCGPGRP") || name.equals("TIOCGPTN")
                    || name.equals("TIOCSPGRP") || name.equals("FIONBIO") || name.equals("TIOCGSID")
                    || name.equals("TIOCOUTQ") || name.equals("TIOCSPTLCK") || name.equals("TIOCGPTLCK")
                    || name.equals("TIOCGETD") || name.equals("TIOCSETD")) {
                if (c.arg(2) == 0) {
                    o.append("NULL");
                } else {
                    Structs.intRef(c.ctx, o, c.arg(2));
                }
            } else {
                Fmt.ptr(o, c.arg(2));
            }
        }
    }

    /** The kernel's {@code struct termios} (36 bytes), abbreviated to its four flag words. */
    static void termios(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = addr == 0 ? null : ctx.read(addr, 36);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        long iflag = Bytes.getInt(b, 0) & 0xffffffffL;
        long oflag = Bytes.getInt(b, 4) & 0xffffffffL;
        long cflag = Bytes.getInt(b, 8) & 0xffffffffL;
        long lflag = Bytes.getInt(b, 12) & 0xffffffffL;
        o.append("{c_iflag=");
        Fmt.flags(ctx, o, ctx.xlat(ConstantFamily.TERMIOS_IFLAG), iflag, "0");
        o.append(", c_oflag=");
        // the delay fields first, each by its value's name, then the flags
        o.append((oflag & 0x100) != 0 ? "NL1" : "NL0").append('|')
                .append(new String[] {"CR0", "CR1", "CR2", "CR3"}[(int) (oflag >> 9) & 3]).append('|')
                .append(new String[] {"TAB0", "TAB1", "TAB2", "XTABS"}[(int) (oflag >> 11) & 3]).append('|')
                .append((oflag & 0x2000) != 0 ? "BS1" : "BS0").append('|')
                .append((oflag & 0x4000) != 0 ? "VT1" : "VT0").append('|')
                .append((oflag & 0x8000) != 0 ? "FF1" : "FF0");
        long orest = oflag & ~0xff00L;
        if (orest != 0) {
            o.append('|');
            ctx.xlat(ConstantFamily.TERMIOS_OFLAG).appendFlags(o, orest);
        }
        o.append(", c_cflag=");
        String baud = ctx.xlat(ConstantFamily.BAUD).name(cflag & 0x100f);
        o.append(baud != null ? baud : "0x" + Long.toHexString(cflag & 0x100f)).append('|')
                .append("CS").append(5 + ((cflag >> 4) & 3));
        long crest = cflag & ~0x103fL;
        long ibaud = (crest >> 16) & 0x100f;
        crest &= ~(0x100fL << 16);
        if (ibaud != 0) {
            String ib = ctx.xlat(ConstantFamily.BAUD).name(ibaud);
            o.append('|').append(ib != null ? ib : "0x" + Long.toHexString(ibaud)).append("<<IBSHIFT");
        }
        if (crest != 0) {
            o.append('|');
            ctx.xlat(ConstantFamily.TERMIOS_CFLAG).appendFlags(o, crest);
        }
        o.append(", c_lflag=");
        Fmt.flags(ctx, o, ctx.xlat(ConstantFamily.TERMIOS_LFLAG), lflag, "0");
        o.append(", ...}");
    }

    /** {@code struct winsize}. */
    static void winsize(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = addr == 0 ? null : ctx.read(addr, 8);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{ws_row=").append(Bytes.getShort(b, 0) & 0xffff).append(", ws_col=")
                .append(Bytes.getShort(b, 2) & 0xffff).append(", ws_xpixel=").append(Bytes.getShort(b, 4) & 0xffff)
                .append(", ws_ypixel=").append(Bytes.getShort(b, 6) & 0xffff).append('}');
    }

    // ---- sendmsg, recvmsg ----

    /**
     * A {@code struct msghdr} (56 bytes on 64-bit): the name, iovec array and control length. For recvmsg at
     * exit, {@code namelenAtEntry} is the length given, printed with the length returned as {@code N => M}.
     */
    static void msghdr(SyscallCall c, StringBuilder o, long addr, boolean received) {
        DecodeContext ctx = c.ctx;
        byte[] b = addr == 0 ? null : ctx.read(addr, 56);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        long name = Bytes.getLong(b, 0);
        long namelen = Bytes.getInt(b, 8) & 0xffffffffL;
        long iov = Bytes.getLong(b, 16);
        long iovlen = Bytes.getLong(b, 24);
        long control = Bytes.getLong(b, 32);
        long controllen = Bytes.getLong(b, 40);
        int flags = Bytes.getInt(b, 48);
        o.append("{msg_name=");
        if (name == 0 || namelen == 0) {
            Fmt.ptr(o, name);
        } else {
            Structs.sockaddr(ctx, o, name, namelen);
        }
        o.append(", msg_namelen=");
        if (received && c.saved != namelen) {
            o.append(c.saved).append(" => ");
        }
        o.append(namelen);
        o.append(", msg_iov=");
        Structs.iovecs(ctx, o, iov, iovlen, received ? c.returnValue() : Long.MAX_VALUE);
        o.append(", msg_iovlen=").append(Long.toUnsignedString(iovlen));
        if (controllen != 0) {
            o.append(", msg_control=");
            Fmt.ptr(o, control);
        }
        o.append(", msg_controllen=").append(Long.toUnsignedString(controllen)).append(", msg_flags=");
        Fmt.flags(ctx, o, ctx.xlat(ConstantFamily.MSG_FLAGS), flags & 0xffffffffL, "0");
        o.append('}');
    }

    /** recvmsg: the header is printed at exit; the name length given at entry is kept for the {@code =>}. */
    private static final class RecvmsgDecoder implements SyscallDecoder {
        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            Fmt.fd(c.ctx, o, c.arg(0));
            o.append(", ");
            byte[] b = c.arg(1) == 0 ? null : c.ctx.read(c.arg(1) + 8, 4);
            c.saved = b == null ? -1 : Bytes.getInt(b, 0) & 0xffffffffL;
        }

        @Override
        public void exit(SyscallCall c, StringBuilder o) {
            if (c.succeeded()) {
                msghdr(c, o, c.arg(1), true);
            } else if (c.saved >= 0) {
                o.append("{msg_namelen=").append(c.saved).append('}');
            } else {
                Fmt.ptr(o, c.arg(1));
            }
            o.append(", ");
            Fmt.flags(c.ctx, o, c.ctx.xlat(ConstantFamily.MSG_FLAGS), c.arg(2) & 0xffffffffL, "0");
        }
    }

    // ---- clone3 ----

    /** clone3: {@code struct clone_args} at entry, the parent's tid written back after the call. */
    private static final class Clone3Decoder implements SyscallDecoder {
        private static final long PIDFD = 0x1000;
        private static final long SETTLS = 0x80000;
        private static final long PARENT_SETTID = 0x100000;
        private static final long CHILD_CLEARTID = 0x200000;
        private static final long CHILD_SETTID = 0x1000000;
        private static final long INTO_CGROUP = 0x200000000L;

        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            long size = c.arg(1);
            byte[] b = size >= 64 && c.arg(0) != 0 ? c.ctx.read(c.arg(0), (int) Math.min(size, 88)) : null;
            c.saved = b == null ? 0 : 1;
            if (b == null) {
                Fmt.ptr(o, c.arg(0));
                return;
            }
            long flags = Bytes.getLong(b, 0);
            o.append("{flags=");
            Fmt.flags(c.ctx, o, ConstantFamily.CLONE, flags);
            if ((flags & PIDFD) != 0) {
                o.append(", pidfd=");
                Fmt.ptr(o, Bytes.getLong(b, 8));
            }
            if ((flags & (CHILD_SETTID | CHILD_CLEARTID)) != 0) {
                o.append(", child_tid=");
                Fmt.ptr(o, Bytes.getLong(b, 16));
            }
            if ((flags & PARENT_SETTID) != 0) {
                o.append(", parent_tid=");
                Fmt.ptr(o, Bytes.getLong(b, 24));
            }
            long sig = Bytes.getLong(b, 32);
            o.append(", exit_signal=");
            if (sig == 0) {
                o.append('0');
            } else {
                Fmt.signal(c.ctx, o, sig);
            }
            o.append(", stack=");
            Fmt.ptr(o, Bytes.getLong(b, 40));
            o.append(", stack_size=");
            Fmt.hexOrZero(o, Bytes.getLong(b, 48));
            if ((flags & SETTLS) != 0) {
                o.append(", tls=");
                Fmt.ptr(o, Bytes.getLong(b, 56));
            }
            if (b.length >= 80 && Bytes.getLong(b, 64) != 0) {
                o.append(", set_tid=");
                Fmt.ptr(o, Bytes.getLong(b, 64));
                o.append(", set_tid_size=").append(Long.toUnsignedString(Bytes.getLong(b, 72)));
            }
            if (b.length >= 88 && (flags & INTO_CGROUP) != 0) {
                o.append(", cgroup=").append(Bytes.getLong(b, 80));
            }
            o.append('}');
        }

        @Override
        public void exit(SyscallCall c, StringBuilder o) {
            if (c.saved == 1 && c.succeeded()) {
                byte[] b = c.ctx.read(c.arg(0), 32);
                long flags = b == null ? 0 : Bytes.getLong(b, 0);
                if (b != null && (flags & PARENT_SETTID) != 0 && Bytes.getLong(b, 24) != 0) {
                    o.append(" => {parent_tid=");
                    Structs.intRef(c.ctx, o, Bytes.getLong(b, 24));
                    o.append('}');
                }
            }
            o.append(", ").append(Long.toUnsignedString(c.arg(1)));
        }
    }
}
