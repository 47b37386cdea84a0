package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Mounting: mount, umount2 and the file descriptor based mount API (strace's mount, umount and fs* sources). */
final class MountDecoders extends DecoderGroup {
    /** The magic number old programs put in the high half of mount's flags, and its mask. */
    private static final long MS_MGC_VAL = 0xc0ed0000L;
    private static final long MS_MGC_MSK = 0xffff0000L;
    private static final long MS_REMOUNT = 0x20;
    private static final long O_CLOEXEC = 0x80000;
    private static final int FSCONFIG_SET_STRING = 1;
    private static final int FSCONFIG_SET_PATH = 3;
    private static final int FSCONFIG_SET_PATH_EMPTY = 4;
    private static final int FSCONFIG_SET_FD = 5;
    /** Flags with which the kernel ignores the type, and the data too: bind, move and propagation changes. */
    /**
     * umount2's flags (umount2(2); only the C library's {@code sys/mount.h} defines them, as an enum the
     * generator does not read).
     */
    private static final Xlat UMOUNT_FLAGS = Xlat.of("MNT_FORCE", 1, "MNT_DETACH", 2, "MNT_EXPIRE", 4,
            "UMOUNT_NOFOLLOW", 8);
    private static final long MS_BIND_MOVE_PROPAGATION = 0x1000 | 0x2000 | 0x100000 | 0x40000 | 0x80000 | 0x20000;

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "mount":
                return d(A.path(0), A.path(1), (c, o) -> {
                    if (ignoresType(c.arg(3))) {
                        Fmt.ptr(o, c.arg(2));
                    } else {
                        Fmt.string(c.ctx, o, c.arg(2));
                    }
                }, MountDecoders::mountFlags, (c, o) -> {
                    if ((flagsWithoutMagic(c.arg(3)) & MS_BIND_MOVE_PROPAGATION) != 0
                            && (flagsWithoutMagic(c.arg(3)) & MS_REMOUNT) == 0) {
                        Fmt.ptr(o, c.arg(4));
                    } else {
                        Fmt.string(c.ctx, o, c.arg(4));
                    }
                });
            case "umount2":
                return d(A.path(0), (c, o) -> Fmt.flags(c.ctx, o, UMOUNT_FLAGS, c.arg(1) & 0xffffffffL, "0"));
            case "fsopen":
                return d(1, Result.FD, A.str(0), A.flags32(1, FSOPEN_FLAGS));
            case "fsconfig":
                return d(A.fd(0), A.enumv(1, FSCONFIG_CMD, "FSCONFIG_"), A.str(2), MountDecoders::fsconfigValue,
                        MountDecoders::fsconfigAux);
            case "fsmount":
                return d(1, Result.FD, A.fd(0), A.flags32(1, FSMOUNT_FLAGS), A.flags32(2, MOUNT_ATTR));
            case "move_mount":
                return d(A.dirfd(0), A.path(1), A.dirfd(2), A.path(3), A.flags32(4, MOVE_MOUNT_FLAGS));
            case "open_tree":
                return d(3, Result.FD, A.dirfd(0), A.path(1), (c, o) -> {
                    long flags = c.arg(2) & 0xffffffffL;
                    long own = flags & (1 | O_CLOEXEC);
                    StringBuilder names = new StringBuilder();
                    if ((own & 1) != 0) {
                        names.append("OPEN_TREE_CLONE");
                    }
                    if ((own & O_CLOEXEC) != 0) {
                        names.append(names.length() > 0 ? "|" : "").append("OPEN_TREE_CLOEXEC");
                    }
                    long rest = flags & ~own;
                    if (rest != 0 || names.length() == 0) {
                        if (names.length() > 0) {
                            names.append('|');
                        }
                        c.ctx.xlat(AT_FLAGS).appendFlags(names, rest);
                        if (rest == 0) {
                            names.append('0');
                        }
                    }
                    StringBuilder raw = new StringBuilder();
                    Fmt.hexOrZero(raw, flags);
                    Fmt.styledText(c.ctx, o, raw.toString(), names);
                });
            case "fspick":
                return d(3, Result.FD, A.dirfd(0), A.path(1), A.flags32(2, FSPICK_FLAGS));
            case "mount_setattr":
                return d(A.dirfd(0), A.path(1), A.flags32(2, AT_FLAGS), A.in(3, MountDecoders::mountAttr), A.udec(4));
            default:
                return null;
        }
    }

    /** fsconfig's value: a string, a path, or (flags, binary data, descriptors, commands) its pointer. */
    private static void fsconfigValue(SyscallCall c, StringBuilder o) {
        int cmd = (int) c.arg(1);
        if (cmd == FSCONFIG_SET_STRING) {
            Fmt.string(c.ctx, o, c.arg(3));
        } else if (cmd == FSCONFIG_SET_PATH || cmd == FSCONFIG_SET_PATH_EMPTY) {
            Fmt.path(c.ctx, o, c.arg(3));
        } else {
            Fmt.ptr(o, c.arg(3));
        }
    }

    /** fsconfig's aux: the directory of a path, the descriptor of SET_FD, the length of binary data. */
    private static void fsconfigAux(SyscallCall c, StringBuilder o) {
        int cmd = (int) c.arg(1);
        if (cmd == FSCONFIG_SET_PATH || cmd == FSCONFIG_SET_PATH_EMPTY) {
            Fmt.dirfd(c.ctx, o, (int) c.arg(4));
        } else if (cmd == FSCONFIG_SET_FD) {
            Fmt.fd(c.ctx, o, (int) c.arg(4));
        } else {
            o.append((int) c.arg(4));
        }
    }

    /** {@code struct mount_attr}: attributes to set and clear, propagation, the user namespace of an idmap. */
    private static void mountAttr(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 32);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{attr_set=");
        Fmt.flags(ctx, o, MOUNT_ATTR, Bytes.getLong(b, 0));
        o.append(", attr_clr=");
        Fmt.flags(ctx, o, MOUNT_ATTR, Bytes.getLong(b, 8));
        o.append(", propagation=");
        long propagation = Bytes.getLong(b, 16);
        String name = ctx.xlat(MOUNT_FLAGS).name(propagation);
        if (name != null && propagation != 0) {
            Fmt.styled(ctx, o, propagation, name, true);
        } else {
            Fmt.hexOrZero(o, propagation);
            o.append(" /* MS_??? */");
        }
        o.append(", userns_fd=").append(Bytes.getLong(b, 24)).append('}');
    }

    private static long flagsWithoutMagic(long flags) {
        return (flags & MS_MGC_MSK) == MS_MGC_VAL ? flags & ~MS_MGC_MSK : flags;
    }

    private static boolean ignoresType(long flags) {
        long f = flagsWithoutMagic(flags);
        return (f & (MS_REMOUNT | MS_BIND_MOVE_PROPAGATION)) != 0;
    }

    /** {@code MS_MGC_VAL|MS_MOVE}: the magic first where the high half holds it, then the flags. */
    private static void mountFlags(SyscallCall c, StringBuilder o) {
        long flags = c.arg(3);
        if ((flags & MS_MGC_MSK) == MS_MGC_VAL && c.ctx.style() == dev.ptrace.strace.ConstantStyle.ABBREV) {
            o.append("MS_MGC_VAL");
            flags &= ~MS_MGC_MSK;
            if (flags == 0) {
                return;
            }
            o.append('|');
        }
        Fmt.flags(c.ctx, o, MOUNT_FLAGS, flags);
    }
}
