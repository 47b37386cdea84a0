package dev.ptrace.strace.internal;

import dev.ptrace.strace.ConstantStyle;

/** ioctl: the request by name; the terminal structs of the requests that read or fill one. */
final class IoctlDecoder implements SyscallDecoder {
    private static final long TCGETS = 0x5401;
    private static final long TCSETS = 0x5402;
    private static final long TCSETSW = 0x5403;
    private static final long TCSETSF = 0x5404;
    private static final long TIOCGWINSZ = 0x5413;
    private static final long TIOCSWINSZ = 0x5414;
    private static final long FIONCLEX = 0x5450;
    private static final long FIOCLEX = 0x5451;
    /** _IOW(0x94, 9, int): clone a file's blocks from another descriptor; btrfs's request of the same number. */
    private static final long FICLONE = 0x40049409L;
    private static final String[] DIRECTIONS = {"_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"};

    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        Fmt.fd(c.ctx, o, c.arg(0));
        o.append(", ");
        long req = c.arg(1) & 0xffffffffL;
        boolean abbrev = c.ctx.style() == ConstantStyle.ABBREV;
        // strace names the three TCSETS* numbers after the OSS sequencer requests that share them too
        if (abbrev && req == TCSETS) {
            o.append("SNDCTL_TMR_START or TCSETS");
        } else if (abbrev && req == TCSETSW) {
            o.append("SNDCTL_TMR_STOP or TCSETSW");
        } else if (abbrev && req == TCSETSF) {
            o.append("SNDCTL_TMR_CONTINUE or TCSETSF");
        } else if (abbrev && req == FICLONE) {
            o.append("BTRFS_IOC_CLONE or FICLONE");
        } else {
            request(c.ctx, o, req);
        }
        if (req == FICLONE) {
            o.append(", ").append((int) c.arg(2));
        } else if (req == TCSETS || req == TCSETSW || req == TCSETSF) {
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
        if (req == TCSETS || req == TCSETSW || req == TCSETSF || req == TIOCSWINSZ || req == FIOCLEX
                || req == FIONCLEX || req == FICLONE) {
            return;
        }
        o.append(", ");
        String name = c.ctx.xlat(ConstantFamily.IOCTL).name(req);
        if (name == null) {
            Fmt.hexOrZero(o, c.arg(2));
        } else if (!c.succeeded()) {
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

    /**
     * A request by name; one without a name by its fields, as strace decodes the number:
     * {@code _IOC(_IOC_READ|_IOC_WRITE, 0x12, 0x34, 0x8)} (the number itself under {@code -X raw}).
     */
    private static void request(DecodeContext ctx, StringBuilder o, long req) {
        String name = ctx.xlat(ConstantFamily.IOCTL).name(req);
        if (name != null) {
            Fmt.styled(ctx, o, req, name, true);
            return;
        }
        StringBuilder fields = new StringBuilder("_IOC(").append(DIRECTIONS[(int) (req >>> 30) & 3]).append(", ");
        Fmt.hexOrZero(fields, (req >>> 8) & 0xff);
        fields.append(", ");
        Fmt.hexOrZero(fields, req & 0xff);
        fields.append(", ");
        Fmt.hexOrZero(fields, (req >>> 16) & 0x3fff);
        fields.append(')');
        Fmt.styled(ctx, o, req, fields.toString(), true);
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
}
