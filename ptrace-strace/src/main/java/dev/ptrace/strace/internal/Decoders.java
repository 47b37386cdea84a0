package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

import dev.ptrace.Arch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The decoder of each syscall strace decodes and real programs call, by name. Syscalls not listed here print
 * their raw arguments in hex ({@link #generic(int)}).
 */
public final class Decoders {

    /**
     * The decoders built so far, by name; {@link #NONE} for a syscall without its own. Built on first use, so
     * that a short trace does not pay for the hundred-odd decoders it never needs.
     */
    private static final Map<String, SyscallDecoder> BY_NAME = new ConcurrentHashMap<>();
    private static final SyscallDecoder NONE = new ArgListDecoder(new Arg[0], 0, Result.DEC);

    private Decoders() {
    }

    /** The decoder for a syscall name, or a generic one printing {@code argCount} raw arguments. */
    public static SyscallDecoder of(String name, int argCount) {
        SyscallDecoder d = lookup(name);
        return d != NONE ? d : generic(argCount);
    }

    /** Whether a syscall has its own decoder. */
    public static boolean has(String name) {
        return lookup(name) != NONE;
    }

    private static SyscallDecoder lookup(String name) {
        SyscallDecoder d = BY_NAME.get(name);
        return d != null ? d : BY_NAME.computeIfAbsent(name, Decoders::createOrNone);
    }

    private static SyscallDecoder createOrNone(String name) {
        SyscallDecoder d = create(name);
        return d != null ? d : NONE;
    }

    /** Raw arguments in hex, as strace prints syscalls it does not decode. */
    public static SyscallDecoder generic(int argCount) {
        Arg[] args = new Arg[Math.max(0, Math.min(argCount, 6))];
        for (int i = 0; i < args.length; i++) {
            args[i] = A.hex(i);
        }
        return new ArgListDecoder(args, args.length, Result.DEC);
    }

    private static SyscallDecoder d(int exitFrom, Result result, Arg... args) {
        return new ArgListDecoder(args, exitFrom, result);
    }

    private static SyscallDecoder d(Arg... args) {
        return d(args.length, Result.DEC, args);
    }

    private static SyscallDecoder d(SyscallDecoder d) {
        return d;
    }

    /** The decoder of a syscall strace decodes, or null. Each is built when its syscall is first seen. */
    private static SyscallDecoder create(String name) {
        switch (name) {
            case "getpid": case "getppid": case "getuid": case "geteuid": case "getgid": case "getegid": case "gettid":
            case "fork": case "vfork": case "sched_yield": case "pause": case "sync": case "setsid": case "getpgrp":
            case "munlockall": case "inotify_init":
                return d();
            // files and descriptors
            case "read":
                return d(1, Result.DEC, A.fd(0), A.bufOut(1), A.udec(2));
            case "write":
                return d(A.fd(0), A.bufIn(1, 2), A.udec(2));
            case "pread64":
                return d(1, Result.DEC, A.fd(0), A.bufOut(1), A.udec(2), A.dec(3));
            case "pwrite64":
                return d(A.fd(0), A.bufIn(1, 2), A.udec(2), A.dec(3));
            case "readv":
                return d(1, Result.DEC, A.fd(0), (c, o) -> {
                    if (c.succeeded()) {
                        Structs.iovecs(c.ctx, o, c.arg(1), c.arg(2), c.returnValue());
                    } else {
                        Fmt.ptr(o, c.arg(1));
                    }
                }, A.i32(2));
            case "writev":
                return d(A.fd(0), (c, o) -> Structs.iovecs(c.ctx, o, c.arg(1), c.arg(2), Long.MAX_VALUE), A.i32(2));
            case "open":
                return d(new OpenDecoder(-1));
            case "openat":
                return d(new OpenDecoder(0));
            case "creat":
                return d(2, Result.FD, A.path(0), A.oct(1));
            case "close":
                return d(A.fd(0));
            case "dup":
                return d(1, Result.FD, A.fd(0));
            case "dup2":
                return d(2, Result.FD, A.fd(0), A.fd(1));
            case "dup3":
                return d(3, Result.FD, A.fd(0), A.fd(1), A.flags(2, OPEN_FLAGS));
            case "pipe":
                return d(0, Result.DEC, A.out(0, Structs::intPair));
            case "pipe2":
                return d(0, Result.DEC, A.out(0, Structs::intPair), A.flags(1, OPEN_FLAGS));
            case "lseek":
                return d(A.fd(0), A.dec(1), A.enumv(2, SEEK, "SEEK_"));
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
                return d(4, Result.DEC, A.dirfd(0), A.path(1), Decoders::statxFlags, A.flags32(3, STATX_MASK),
                        A.out(4, Structs::statx));
            case "getdents": case "getdents64":
                return d(1, Result.DEC, A.fd(0), (c, o) -> {
                    if (c.succeeded()) {
                        Structs.direntCount(c.ctx, o, c.arg(1), c.returnValue());
                    } else {
                        Fmt.ptr(o, c.arg(1));
                    }
                }, A.udec(2));
            case "fcntl":
                return d(new FcntlDecoder());
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
            case "renameat2":
                return d(A.dirfd(0), A.path(1), A.dirfd(2), A.path(3), A.hex(4));
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
            case "fsync":
                return d(A.fd(0));
            case "fdatasync":
                return d(A.fd(0));
            case "utimensat":
                return d(A.dirfd(0), A.path(1), A.ptr(2), A.flags(3, AT_FLAGS));
            case "getxattr": case "lgetxattr":
                return d(2, Result.DEC, A.path(0), A.str(1), A.bufOut(2), A.udec(3));
            case "fgetxattr":
                return d(2, Result.DEC, A.fd(0), A.str(1), A.bufOut(2), A.udec(3));
            case "setxattr": case "lsetxattr":
                return d(A.path(0), A.str(1), A.bufIn(2, 3), A.udec(3), A.i32(4));
            case "listxattr": case "llistxattr":
                return d(1, Result.DEC, A.path(0), A.bufOut(1), A.udec(2));
            // memory
            case "mmap":
                return d(6, Result.HEX, A.ptr(0), A.udec(1), Decoders::prot2, Decoders::mmapFlags, A.fd(4),
                        A.hex(5));
            case "mprotect":
                return d(A.hex(0), A.udec(1), (c, o) -> prot(c, o, 2));
            case "munmap":
                return d(A.hex(0), A.udec(1));
            case "brk":
                return d(1, Result.HEX, A.ptr(0));
            case "madvise":
                return d(A.hex(0), A.udec(1), A.i32(2));
            // process
            case "execve":
                return d(new ArgListDecoder(new Arg[] {A.path(0), (c, o) -> Structs.stringArray(c.ctx, o, c.arg(1)),
                    (c, o) -> Structs.envCount(c.ctx, o, c.arg(2))}, 3, Result.DEC));
            case "exit_group":
                return d(A.i32(0));
            case "exit":
                return d(A.i32(0));
            case "clone":
                return d(new CloneDecoder());
            case "wait4":
                return d(1, Result.DEC, A.i32(0), (c, o) -> {
                    if (c.succeeded() && c.returnValue() > 0 && c.arg(1) != 0) {
                        Structs.waitStatus(c.ctx, o, c.arg(1));
                    } else {
                        Fmt.ptr(o, c.arg(1));
                    }
                }, A.flags(2, WAIT_OPTIONS), A.ptr(3));
            case "kill":
                return d(A.i32(0), A.sig(1));
            case "tkill":
                return d(A.i32(0), A.sig(1));
            case "tgkill":
                return d(A.i32(0), A.i32(1), A.sig(2));
            case "set_tid_address":
                return d(A.ptr(0));
            case "set_robust_list":
                return d(A.ptr(0), A.udec(1));
            case "rseq":
                return d(A.ptr(0), A.hex(1), A.i32(2), A.hex(3));
            case "arch_prctl":
                return d((c, o) -> Fmt.enumValue(c.ctx, o, ARCH_PRCTL, c.arg(0), "ARCH_"), A.hex(1));
            case "prlimit64":
                return d(3, Result.DEC, A.i32(0), A.enumv(1, RLIMIT, "RLIMIT_"), A.in(2, Structs::rlimit),
                        A.out(3, Structs::rlimit));
            case "getrlimit":
                return d(1, Result.DEC, A.enumv(0, RLIMIT, "RLIMIT_"), A.out(1, Structs::rlimit));
            case "setrlimit":
                return d(A.enumv(0, RLIMIT, "RLIMIT_"), A.in(1, Structs::rlimit));
            case "getrandom":
                return d(0, Result.DEC, (c, o) -> {
                    if (c.succeeded()) {
                        int n = (int) Math.min(c.returnValue(), c.ctx.stringLimit());
                        byte[] b = c.ctx.read(c.arg(0), n);
                        if (b == null) {
                            Fmt.ptr(o, c.arg(0));
                        } else {
                            StringQuoter.quoteHex(o, b, n);
                            if (c.returnValue() > n) {
                                o.append("...");
                            }
                        }
                    } else {
                        Fmt.ptr(o, c.arg(0));
                    }
                }, A.udec(1), A.flags(2, GETRANDOM_FLAGS));
            case "uname":
                return d(0, Result.DEC, A.out(0, Structs::utsname));
            case "futex":
                return d(new FutexDecoder());
            case "nanosleep":
                return d(1, Result.DEC, A.in(0, Structs::timespec), Decoders::remaining1);
            case "clock_nanosleep":
                return d(3, Result.DEC, A.enumv(0, CLOCK, "CLOCK_"),
                        (c, o) -> o.append(c.arg(1) == 1 ? "TIMER_ABSTIME" : Long.toString(c.arg(1))),
                        A.in(2, Structs::timespec), (c, o) -> {
                            if (c.isError() && c.arg(3) != 0) {
                                Structs.timespec(c.ctx, o, c.arg(3));
                            } else {
                                Fmt.ptr(o, c.arg(3));
                            }
                        });
            case "clock_gettime":
                return d(1, Result.DEC, A.enumv(0, CLOCK, "CLOCK_"), A.out(1, Structs::timespec));
            case "alarm":
                return d(A.u32(0));
            // signals
            case "rt_sigaction":
                return d(2, Result.DEC, A.sig(0), A.in(1, Structs::sigaction), A.out(2, Structs::sigaction),
                        A.udec(3));
            case "rt_sigprocmask":
                return d(2, Result.DEC, A.enumv(0, SIGPROCMASK_HOW, "SIG_"),
                        (c, o) -> sigsetArg(c, o, 1, 3), (c, o) -> {
                            if (c.succeeded()) {
                                sigsetArg(c, o, 2, 3);
                            } else {
                                Fmt.ptr(o, c.arg(2));
                            }
                        }, A.udec(3));
            case "rt_sigreturn":
                return d(new SigreturnDecoder());
            case "rt_sigsuspend":
                return d((c, o) -> sigsetArg(c, o, 0, 1), A.udec(1));
            // network
            case "socket":
                return d((c, o) -> Fmt.enumOrDec(c.ctx, o, ADDRESS_FAMILY, c.arg(0)), Decoders::socketType,
                        Decoders::protocol);
            case "socketpair":
                return d(3, Result.DEC, (c, o) -> Fmt.enumOrDec(c.ctx, o, ADDRESS_FAMILY, c.arg(0)),
                        Decoders::socketType, Decoders::protocol, A.out(3, Structs::intPair));
            case "connect":
                return d(A.fd(0), (c, o) -> Structs.sockaddr(c.ctx, o, c.arg(1), c.arg(2)), A.u32(2));
            case "bind":
                return d(A.fd(0), (c, o) -> Structs.sockaddr(c.ctx, o, c.arg(1), c.arg(2)), A.u32(2));
            case "listen":
                return d(A.fd(0), A.i32(1));
            case "shutdown":
                return d(A.fd(0), (c, o) -> {
                    String[] how = {"SHUT_RD", "SHUT_WR", "SHUT_RDWR"};
                    int h = (int) c.arg(1);
                    o.append(h >= 0 && h < 3 ? how[h] : Integer.toString(h));
                });
            case "sendto":
                return d(A.fd(0), A.bufIn(1, 2), A.udec(2), MoreDecoders.msgFlags(3),
                        (c, o) -> Structs.sockaddr(c.ctx, o, c.arg(4), c.arg(5)), A.u32(5));
            case "recvfrom":
                return d(1, Result.DEC, A.fd(0), A.bufOut(1), A.udec(2), MoreDecoders.msgFlags(3), A.ptr(4), A.ptr(5));
            case "poll":
                return d(new PollDecoder());
            default:
                return MoreDecoders.create(name);
        }
    }

    private static void accessMode(SyscallCall c, StringBuilder o, int i) {
        Fmt.flags(c.ctx, o, c.ctx.xlat(ACCESS_MODE), c.arg(i), "F_OK");
    }

    private static void prot(SyscallCall c, StringBuilder o, int i) {
        Fmt.flags(c.ctx, o, c.ctx.xlat(PROT), c.arg(i), "PROT_NONE");
    }

    private static void prot2(SyscallCall c, StringBuilder o) {
        prot(c, o, 2);
    }

    private static void mmapFlags(SyscallCall c, StringBuilder o) {
        long flags = c.arg(3) & 0xffffffffL;
        Xlat map = c.ctx.xlat(MAP);
        String type = map.name(flags & 0xf);
        if (type == null || c.ctx.style() != dev.ptrace.strace.ConstantStyle.ABBREV) {
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

    private static void statxFlags(SyscallCall c, StringBuilder o) {
        long flags = c.arg(2) & 0xffffffffL;
        long sync = flags & 0x6000;
        o.append(sync == 0 ? "AT_STATX_SYNC_AS_STAT" : sync == 0x2000 ? "AT_STATX_FORCE_SYNC"
                : sync == 0x4000 ? "AT_STATX_DONT_SYNC" : "0x6000");
        long rest = flags & ~0x6000L;
        if (rest != 0) {
            o.append('|');
            c.ctx.xlat(AT_FLAGS).appendFlags(o, rest);
        }
    }

    private static void sigsetArg(SyscallCall c, StringBuilder o, int set, int size) {
        long addr = c.arg(set);
        if (addr == 0) {
            o.append("NULL");
        } else {
            Structs.sigset(c.ctx, o, addr, c.arg(size));
        }
    }

    private static void remaining1(SyscallCall c, StringBuilder o) {
        if (c.isError() && c.arg(1) != 0) {
            Structs.timespec(c.ctx, o, c.arg(1));
        } else {
            Fmt.ptr(o, c.arg(1));
        }
    }

    private static void socketType(SyscallCall c, StringBuilder o) {
        long t = c.arg(1) & 0xffffffffL;
        long flags = t & ~0xfL;
        Fmt.enumOrDec(c.ctx, o, SOCKET_TYPE, t & 0xf);
        if (flags != 0) {
            o.append('|');
            c.ctx.xlat(SOCKET_FLAGS).appendFlags(o, flags);
        }
    }

    private static void protocol(SyscallCall c, StringBuilder o) {
        long family = c.arg(0);
        if (family == 2 || family == 10) {
            Fmt.enumOrDec(c.ctx, o, IPPROTO, c.arg(2));
        } else {
            Fmt.integer(o, c.arg(2));
        }
    }

    /** open and openat: the mode is only an argument when the flags create a file. */
    private static final class OpenDecoder implements SyscallDecoder {
        private final int dirfd;

        OpenDecoder(int dirfd) {
            this.dirfd = dirfd;
        }

        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            int p = 0;
            if (dirfd >= 0) {
                Fmt.dirfd(c.ctx, o, c.arg(0));
                o.append(", ");
                p = 1;
            }
            Fmt.path(c.ctx, o, c.arg(p));
            o.append(", ");
            long flags = c.arg(p + 1) & 0xffffffffL;
            openFlags(c.ctx, o, flags);
            Long creat = c.ctx.xlat(OPEN_FLAGS).value("O_CREAT");
            Long tmpfile = c.ctx.xlat(OPEN_FLAGS).value("O_TMPFILE");
            boolean hasMode = creat != null && (flags & creat) != 0
                    || tmpfile != null && (flags & tmpfile) == tmpfile;
            if (hasMode) {
                o.append(", ");
                Fmt.octal(o, c.arg(p + 2) & 0xffffffffL);
            }
        }

        @Override
        public void result(SyscallCall c, StringBuilder o) {
            Result.FD.print(c, o);
        }
    }

    /** Open flags: the access mode by name, then the other flags. */
    static void openFlags(DecodeContext ctx, StringBuilder o, long flags) {
        StringBuilder names = new StringBuilder();
        long acc = flags & 3;
        names.append(acc == 0 ? "O_RDONLY" : acc == 1 ? "O_WRONLY" : acc == 2 ? "O_RDWR" : "O_ACCMODE");
        long rest = flags & ~3L;
        if (rest != 0) {
            names.append('|');
            ctx.xlat(OPEN_FLAGS).appendFlags(names, rest);
        }
        StringBuilder raw = new StringBuilder();
        Fmt.hexOrZero(raw, flags);
        Fmt.styledText(ctx, o, raw.toString(), names);
    }

    /** fcntl: the third argument and the result depend on the command. */
    private static final class FcntlDecoder implements SyscallDecoder {
        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            Fmt.fd(c.ctx, o, c.arg(0));
            o.append(", ");
            int cmd = (int) c.arg(1);
            Fmt.enumValue(c.ctx, o, FCNTL_CMD, cmd, "F_");
            String name = c.ctx.xlat(FCNTL_CMD).name(cmd);
            if (name == null) {
                o.append(", ");
                Fmt.hex(o, c.arg(2));
                return;
            }
            switch (name) {
                case "F_GETFD": case "F_GETFL": case "F_GETOWN": case "F_GETSIG": case "F_GETLEASE":
                case "F_GETPIPE_SZ": case "F_GET_SEALS":
                    break;
                case "F_SETFD":
                    o.append(", ").append(c.arg(2) == 1 ? "FD_CLOEXEC" : Long.toString(c.arg(2)));
                    break;
                case "F_SETFL":
                    o.append(", ");
                    openFlags(c.ctx, o, c.arg(2) & 0xffffffffL);
                    break;
                case "F_DUPFD": case "F_DUPFD_CLOEXEC": case "F_SETOWN": case "F_SETSIG": case "F_SETPIPE_SZ":
                case "F_NOTIFY": case "F_SETLEASE": case "F_ADD_SEALS":
                    o.append(", ").append((int) c.arg(2));
                    break;
                default:
                    o.append(", ");
                    Fmt.ptr(o, c.arg(2));
            }
        }

        @Override
        public void result(SyscallCall c, StringBuilder o) {
            String name = c.ctx.xlat(FCNTL_CMD).name((int) c.arg(1));
            long r = c.returnValue();
            if ("F_GETFD".equals(name)) {
                Fmt.hex(o, r);
                if (r == 1) {
                    o.append(" (flags FD_CLOEXEC)");
                }
            } else if ("F_GETFL".equals(name)) {
                Fmt.hex(o, r);
                o.append(" (flags ");
                openFlags(c.ctx, o, r);
                o.append(')');
            } else if ("F_DUPFD".equals(name) || "F_DUPFD_CLOEXEC".equals(name)) {
                Result.FD.print(c, o);
            } else {
                o.append(r);
            }
        }
    }

    /** clone: the argument order differs between architectures, and some are only printed for some flags. */
    private static final class CloneDecoder implements SyscallDecoder {
        private static final long SETTLS = 0x00080000;
        private static final long PARENT_SETTID = 0x00100000;
        private static final long CHILD_CLEARTID = 0x00200000;
        private static final long CHILD_SETTID = 0x01000000;

        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            long flags = c.arg(0);
            o.append("child_stack=");
            Fmt.ptr(o, c.arg(1));
            o.append(", flags=");
            long known = flags & ~0xffL;
            boolean any = false;
            if (known != 0) {
                Fmt.flags(c.ctx, o, CLONE, known);
                any = true;
            }
            int sig = (int) (flags & 0xff);
            if (sig != 0) {
                if (any) {
                    o.append('|');
                }
                Fmt.signal(c.ctx, o, sig);
                any = true;
            }
            if (!any) {
                o.append('0');
            }
        }

        @Override
        public void exit(SyscallCall c, StringBuilder o) {
            long flags = c.arg(0);
            boolean x86 = c.ctx.tables().arch() == Arch.X86_64;
            long ptid = c.arg(2);
            long ctid = x86 ? c.arg(3) : c.arg(4);
            long tls = x86 ? c.arg(4) : c.arg(3);
            if ((flags & PARENT_SETTID) != 0) {
                o.append(", parent_tid=");
                if (c.succeeded()) {
                    Structs.intRef(c.ctx, o, ptid);
                } else {
                    Fmt.ptr(o, ptid);
                }
            }
            if ((flags & (CHILD_SETTID | CHILD_CLEARTID)) != 0) {
                o.append(", child_tidptr=");
                Fmt.ptr(o, ctid);
            }
            if ((flags & SETTLS) != 0) {
                o.append(", tls=");
                Fmt.ptr(o, tls);
            }
        }
    }

    /** futex: how many arguments are printed depends on the operation. */
    private static final class FutexDecoder implements SyscallDecoder {
        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            Fmt.ptr(o, c.arg(0));
            o.append(", ");
            long op = c.arg(1) & 0xffffffffL;
            long cmd = op & ~256L;
            Xlat x = c.ctx.xlat(FUTEX_OP);
            String name = x.name(cmd);
            if (name == null) {
                Fmt.hex(o, op);
            } else {
                o.append(name);
                if ((op & 256) != 0) {
                    o.append("|FUTEX_CLOCK_REALTIME");
                }
            }
            int base = (int) (cmd & 127);
            o.append(", ").append((int) c.arg(2));
            switch (base) {
                case 0: // WAIT
                case 11: // WAIT_REQUEUE_PI
                case 6: // LOCK_PI
                    o.append(", ");
                    timeout(c, o, 3);
                    break;
                case 9: // WAIT_BITSET
                    o.append(", ");
                    timeout(c, o, 3);
                    o.append(", ");
                    bitset(o, c.arg(5));
                    break;
                case 10: // WAKE_BITSET
                    o.append(", ");
                    bitset(o, c.arg(5));
                    break;
                case 1: // WAKE
                case 7: // UNLOCK_PI
                    break;
                case 3: // CMP_REQUEUE
                    o.append(", ").append(c.arg(3)).append(", ");
                    Fmt.ptr(o, c.arg(4));
                    o.append(", ").append((int) c.arg(5));
                    break;
                case 4: // REQUEUE
                    o.append(", ").append(c.arg(3)).append(", ");
                    Fmt.ptr(o, c.arg(4));
                    break;
                default:
                    o.append(", ");
                    Fmt.hexOrZero(o, c.arg(3));
                    o.append(", ");
                    Fmt.ptr(o, c.arg(4));
                    o.append(", ");
                    Fmt.hexOrZero(o, c.arg(5));
            }
        }

        private static void timeout(SyscallCall c, StringBuilder o, int i) {
            if (c.arg(i) == 0) {
                o.append("NULL");
            } else {
                Structs.timespec(c.ctx, o, c.arg(i));
            }
        }

        private static void bitset(StringBuilder o, long v) {
            if ((v & 0xffffffffL) == 0xffffffffL) {
                o.append("FUTEX_BITSET_MATCH_ANY");
            } else {
                Fmt.hex(o, v & 0xffffffffL);
            }
        }
    }

    /** rt_sigreturn: the signal mask restored from the signal frame on the stack. */
    private static final class SigreturnDecoder implements SyscallDecoder {
        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            long offset = c.ctx.tables().arch() == Arch.X86_64 ? 40 + 256 : 128 + 40;
            byte[] mask = c.stackPointer == 0 ? null : c.ctx.read(c.stackPointer + offset, 8);
            o.append("{mask=");
            if (mask == null) {
                o.append('?');
            } else {
                Structs.sigsetBits(o, mask, 64);
            }
            o.append('}');
        }
    }

    /** poll: the events asked at entry, the events returned after the result. */
    private static final class PollDecoder implements SyscallDecoder {
        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            Structs.pollfds(c.ctx, o, c.arg(0), c.arg(1), false);
            o.append(", ").append(c.arg(1) & 0xffffffffL).append(", ").append((int) c.arg(2));
        }

        @Override
        public void result(SyscallCall c, StringBuilder o) {
            long r = c.returnValue();
            o.append(r);
            if (r == 0) {
                o.append(" (Timeout)");
            } else if (r > 0) {
                o.append(" (");
                Structs.pollfds(c.ctx, o, c.arg(0), c.arg(1), true);
                o.append(')');
            }
        }
    }
}
