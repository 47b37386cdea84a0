package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Mounting: mount, umount2 (strace's mount and umount sources). */
final class MountDecoders extends DecoderGroup {
    /** The magic number old programs put in the high half of mount's flags, and its mask. */
    private static final long MS_MGC_VAL = 0xc0ed0000L;
    private static final long MS_MGC_MSK = 0xffff0000L;
    private static final long MS_REMOUNT = 0x20;
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
            default:
                return null;
        }
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
