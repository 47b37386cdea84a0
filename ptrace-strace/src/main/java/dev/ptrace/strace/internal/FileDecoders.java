package dev.ptrace.strace.internal;

import dev.ptrace.strace.ConstantStyle;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Files and directories: paths, metadata, links, permissions, extended attributes, file systems (strace's file, open, stat, statfs, xattr sources). */
final class FileDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "open":
                return (new OpenDecoder(-1));
            case "openat":
                return (new OpenDecoder(0));
            case "openat2":
                return d(4, Result.FD, A.dirfd(0), A.path(1), A.in(2, FileDecoders::openHow), A.udec(3));
            case "creat":
                return d(2, Result.FD, A.path(0), A.oct(1));
            case "access":
                return d(A.path(0), (c, o) -> accessMode(c, o, 1));
            case "faccessat":
                return d(A.dirfd(0), A.path(1), (c, o) -> accessMode(c, o, 2));
            case "faccessat2":
                return d(A.dirfd(0), A.path(1), (c, o) -> accessMode(c, o, 2), A.flags(3, AT_FLAGS));
            case "newfstatat":
                return d(2, Result.DEC, A.dirfd(0), A.path(1), A.out(2, Structs::stat), A.flags(3, AT_FLAGS));
            case "fstat":
                return d(1, Result.DEC, A.fd(0), A.out(1, Structs::stat));
            case "stat":
                return d(1, Result.DEC, A.path(0), A.out(1, Structs::stat));
            case "lstat":
                return d(1, Result.DEC, A.path(0), A.out(1, Structs::stat));
            case "statx":
                return d(4, Result.DEC, A.dirfd(0), A.path(1), FileDecoders::statxFlags, A.flags32(3, STATX_MASK),
                        A.out(4, Structs::statx));
            case "getdents": case "getdents64":
                return d(1, Result.DEC, A.fd(0), (c, o) -> {
                    if (c.succeeded()) {
                        Structs.direntCount(c.ctx, o, c.arg(1), c.returnValue());
                    } else {
                        Fmt.ptr(o, c.arg(1));
                    }
                }, A.udec(2));
            case "fadvise64":
                return d(A.fd(0), A.dec(1), A.dec(2), A.enumv(3, FADVISE, "POSIX_FADV_"));
            case "getcwd":
                return d(0, Result.DEC, (c, o) -> {
                    if (c.succeeded()) {
                        Fmt.path(c.ctx, o, c.arg(0));
                    } else {
                        Fmt.ptr(o, c.arg(0));
                    }
                }, A.udec(1));
            case "chdir":
                return d(A.path(0));
            case "fchdir":
                return d(A.fd(0));
            case "chroot":
                return d(A.path(0));
            case "mkdir":
                return d(A.path(0), A.oct(1));
            case "mkdirat":
                return d(A.dirfd(0), A.path(1), A.oct(2));
            case "rmdir":
                return d(A.path(0));
            case "unlink":
                return d(A.path(0));
            case "unlinkat":
                return d(A.dirfd(0), A.path(1), (c, o) -> {
                    if (c.arg(2) == 0x200) {
                        o.append("AT_REMOVEDIR");
                    } else {
                        Fmt.flags(c.ctx, o, AT_FLAGS, c.arg(2));
                    }
                });
            case "rename":
                return d(A.path(0), A.path(1));
            case "renameat":
                return d(A.dirfd(0), A.path(1), A.dirfd(2), A.path(3));
            case "link":
                return d(A.path(0), A.path(1));
            case "linkat":
                return d(A.dirfd(0), A.path(1), A.dirfd(2), A.path(3), A.flags(4, AT_FLAGS));
            case "symlink":
                return d(A.path(0), A.path(1));
            case "symlinkat":
                return d(A.path(0), A.dirfd(1), A.path(2));
            case "readlink":
                return d(1, Result.DEC, A.path(0), A.bufOut(1), A.udec(2));
            case "readlinkat":
                return d(2, Result.DEC, A.dirfd(0), A.path(1), A.bufOut(2), A.udec(3));
            case "chmod":
                return d(A.path(0), A.oct(1));
            case "fchmod":
                return d(A.fd(0), A.oct(1));
            case "fchmodat":
                return d(A.dirfd(0), A.path(1), A.oct(2));
            case "chown":
                return d(A.path(0), A.i32(1), A.i32(2));
            case "lchown":
                return d(A.path(0), A.i32(1), A.i32(2));
            case "fchown":
                return d(A.fd(0), A.i32(1), A.i32(2));
            case "fchownat":
                return d(A.dirfd(0), A.path(1), A.i32(2), A.i32(3), A.flags(4, AT_FLAGS));
            case "truncate":
                return d(A.path(0), A.dec(1));
            case "ftruncate":
                return d(A.fd(0), A.dec(1));
            case "umask":
                return d(1, Result.OCT, A.oct(0));
            case "utimensat":
                return d(A.dirfd(0), A.path(1), A.in(2, FileTimes::timespecPair), A.flags(3, AT_FLAGS));
            case "utimes":
                return d(A.path(0), A.in(1, FileTimes::timevalPair));
            case "futimesat":
                return d(A.dirfd(0), A.path(1), A.in(2, FileTimes::timevalPair));
            case "utime":
                return d(A.path(0), A.in(1, FileTimes::utimbuf));
            case "getxattr": case "lgetxattr":
                return d(2, Result.DEC, A.path(0), A.str(1), A.bufOut(2), A.udec(3));
            case "fgetxattr":
                return d(2, Result.DEC, A.fd(0), A.str(1), A.bufOut(2), A.udec(3));
            case "setxattr": case "lsetxattr":
                return d(A.path(0), A.str(1), A.bufIn(2, 3), A.udec(3), A.flags32(4, XATTR_FLAGS));
            case "flistxattr":
                return d(1, Result.DEC, A.fd(0), A.bufOut(1), A.udec(2));
            case "listxattr": case "llistxattr":
                return d(1, Result.DEC, A.path(0), A.bufOut(1), A.udec(2));
            case "statfs":
                return d(1, Result.DEC, A.path(0), A.out(1, FileDecoders::statfs));
            case "fstatfs":
                return d(1, Result.DEC, A.fd(0), A.out(1, FileDecoders::statfs));
            case "sync":
                return d();
            default:
                return null;
        }
    }

    /** openat2's {@code struct open_how}: flags, the mode where they create a file, resolve flags. */
    static void openHow(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 24);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        long flags = Bytes.getLong(b, 0);
        o.append("{flags=");
        OpenDecoder.openFlags(ctx, o, flags);
        if (OpenDecoder.createsFile(ctx, flags)) {
            o.append(", mode=");
            Fmt.octal(o, Bytes.getLong(b, 8));
        }
        o.append(", resolve=");
        Fmt.flags(ctx, o, RESOLVE_FLAGS, Bytes.getLong(b, 16));
        o.append('}');
    }

    static void accessMode(SyscallCall c, StringBuilder o, int i) {
        Fmt.flags(c.ctx, o, c.ctx.xlat(ACCESS_MODE), c.arg(i), "F_OK");
    }

    /**
     * statx's flags: the sync type, then the other AT_ flags. Under {@code -X raw} strace 6.1 prints nothing for
     * AT_STATX_SYNC_AS_STAT (zero), so {@code AT_SYMLINK_NOFOLLOW} alone is {@code |0x100}; that is followed here.
     */
    static void statxFlags(SyscallCall c, StringBuilder o) {
        long flags = c.arg(2) & 0xffffffffL;
        long sync = flags & 0x6000;
        String name = sync == 0 ? "AT_STATX_SYNC_AS_STAT" : sync == 0x2000 ? "AT_STATX_FORCE_SYNC"
                : sync == 0x4000 ? "AT_STATX_DONT_SYNC" : null;
        if (name == null) {
            Fmt.hex(o, sync);
        } else if (sync != 0 || c.ctx.style() != ConstantStyle.RAW) {
            Fmt.styled(c.ctx, o, sync, name, true);
        }
        long rest = flags & ~0x6000L;
        if (rest != 0) {
            o.append('|');
            Fmt.flags(c.ctx, o, AT_FLAGS, rest);
        }
    }

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
        if (magic != null && ctx.style() == ConstantStyle.ABBREV) {
            o.append(magic);
        } else {
            Fmt.hex(o, type);
            if (magic != null && ctx.style() == ConstantStyle.VERBOSE) {
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
}
