package dev.ptrace.strace.internal;

import dev.ptrace.syscalls.SyscallArg;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decoder of a syscall without a hand-written one, built from its kernel prototype: each argument printed
 * by its C type and name, as strace prints such arguments. File descriptors in decimal (with their path under
 * {@code -y}), path and name strings quoted, sizes and ids in decimal, modes in octal, other pointers in hex,
 * and flags by name where the argument's name says which constants they are.
 */
final class TypedDecoder {
    /** Descriptor arguments, by parameter name. */
    private static final Set<String> FDS = Set.of("fd", "fd_in", "fd_out", "fdin", "fdout", "in_fd", "out_fd",
            "epfd", "oldfd", "newfd", "ufd", "pidfd", "fildes", "fanotify_fd", "fs_fd", "kernel_fd", "initrd_fd",
            "ruleset_fd", "group_fd", "mountdirfd");
    /** Directory descriptors of the *at calls ({@code AT_FDCWD}). */
    private static final Set<String> DIRFDS = Set.of("dfd", "olddfd", "newdfd", "from_dfd", "to_dfd");
    /** String arguments that are paths (never cut by the string limit). */
    private static final Set<String> PATHS = Set.of("filename", "pathname", "path", "oldname", "newname",
            "specialfile", "special", "dir_name", "dev_name", "new_root", "put_old", "from_path", "to_path",
            "library", "old", "new");
    /** Syscalls whose {@code name} argument is a path. */
    private static final Set<String> NAME_IS_PATH = Set.of("acct", "umount2", "name_to_handle_at");
    /** String arguments that are names or keys (cut by the string limit). */
    private static final Set<String> STRINGS = Set.of("name", "type", "_type", "_description", "_callout_info",
            "key", "uargs", "fs_name", "uname_ptr", "name_user");
    /** Integer arguments that are addresses. */
    private static final Set<String> ADDRESSES = Set.of("addr", "start", "new_addr", "brk", "entry", "shmaddr");
    /** The constants of a syscall's argument, by {@code syscall.argument}. */
    private static final Map<String, ConstantFamily> FAMILIES = Map.ofEntries(
            Map.entry("accept4.flags", ConstantFamily.SOCKET_FLAGS),
            Map.entry("unshare.unshare_flags", ConstantFamily.CLONE),
            Map.entry("setns.nstype", ConstantFamily.CLONE),
            Map.entry("waitid.options", ConstantFamily.WAIT_OPTIONS),
            Map.entry("sendmmsg.flags", ConstantFamily.MSG_FLAGS),
            Map.entry("recvmmsg.flags", ConstantFamily.MSG_FLAGS),
            Map.entry("linkat.flags", ConstantFamily.AT_FLAGS),
            Map.entry("fchownat.flag", ConstantFamily.AT_FLAGS),
            Map.entry("execveat.flags", ConstantFamily.AT_FLAGS),
            Map.entry("name_to_handle_at.flag", ConstantFamily.AT_FLAGS),
            Map.entry("open_by_handle_at.flags", ConstantFamily.OPEN_FLAGS),
            Map.entry("mount_setattr.flags", ConstantFamily.AT_FLAGS),
            Map.entry("inotify_init1.flags", ConstantFamily.INOTIFY_INIT_FLAGS),
            Map.entry("inotify_add_watch.mask", ConstantFamily.INOTIFY_EVENTS),
            Map.entry("flock.cmd", ConstantFamily.FLOCK_OP),
            Map.entry("renameat2.flags", ConstantFamily.RENAME_FLAGS),
            Map.entry("fallocate.mode", ConstantFamily.FALLOCATE_MODE),
            Map.entry("msync.flags", ConstantFamily.MSYNC_FLAGS),
            Map.entry("mlockall.flags", ConstantFamily.MLOCKALL_FLAGS),
            Map.entry("mlock2.flags", ConstantFamily.MLOCK_FLAGS),
            Map.entry("memfd_create.flags", ConstantFamily.MEMFD_FLAGS),
            Map.entry("eventfd2.flags", ConstantFamily.EVENTFD_FLAGS),
            Map.entry("timerfd_create.flags", ConstantFamily.TIMERFD_FLAGS),
            Map.entry("timerfd_settime.flags", ConstantFamily.TIMERFD_SETTIME_FLAGS),
            Map.entry("signalfd4.flags", ConstantFamily.SIGNALFD_FLAGS),
            Map.entry("pidfd_open.flags", ConstantFamily.PIDFD_FLAGS),
            Map.entry("setxattr.flags", ConstantFamily.XATTR_FLAGS),
            Map.entry("lsetxattr.flags", ConstantFamily.XATTR_FLAGS),
            Map.entry("fsetxattr.flags", ConstantFamily.XATTR_FLAGS),
            Map.entry("timer_settime.flags", ConstantFamily.TIMER_FLAGS));
    /** Enumerated arguments (C {@code int}s), by {@code syscall.argument}. */
    private static final Map<String, ConstantFamily> ENUMS = Map.ofEntries(
            Map.entry("waitid.which", ConstantFamily.WAITID_TYPE),
            Map.entry("ptrace.request", ConstantFamily.PTRACE_REQUEST),
            Map.entry("seccomp.op", ConstantFamily.SECCOMP_OP),
            Map.entry("getpriority.which", ConstantFamily.PRIORITY_WHICH),
            Map.entry("setpriority.which", ConstantFamily.PRIORITY_WHICH),
            Map.entry("getrusage.who", ConstantFamily.RUSAGE_WHO),
            Map.entry("madvise.behavior", ConstantFamily.MADVISE),
            Map.entry("getitimer.which", ConstantFamily.ITIMER_WHICH),
            Map.entry("setitimer.which", ConstantFamily.ITIMER_WHICH));
    /** Syscalls whose successful result is a new file descriptor. */
    private static final Set<String> FD_RESULTS = Set.of("accept", "accept4", "eventfd", "eventfd2", "signalfd",
            "signalfd4", "timerfd_create", "memfd_create", "memfd_secret", "inotify_init", "inotify_init1",
            "fanotify_init", "pidfd_open", "pidfd_getfd", "userfaultfd", "perf_event_open", "open_tree", "fsopen",
            "fsmount", "fspick", "io_uring_setup", "mq_open", "open_by_handle_at", "landlock_create_ruleset");

    private TypedDecoder() {
    }

    /** The decoder for a syscall with this prototype. */
    static SyscallDecoder of(String syscall, List<SyscallArg> prototype) {
        int n = Math.min(prototype.size(), 6);
        Arg[] args = new Arg[n];
        for (int i = 0; i < n; i++) {
            SyscallArg next = i + 1 < n ? prototype.get(i + 1) : null;
            args[i] = arg(syscall, i, prototype.get(i), next);
        }
        return new ArgListDecoder(args, n, FD_RESULTS.contains(syscall) ? Result.FD : Result.DEC);
    }

    /** How argument {@code i} of {@code syscall} is printed; {@code next} is the argument after it, or null. */
    static Arg arg(String syscall, int i, SyscallArg a, SyscallArg next) {
        Arg known = typed(syscall, i, a, next);
        return known != null ? known : A.hex(i);
    }

    /** Whether a rule knows how to print this argument (else it is printed in hex). */
    static boolean knows(SyscallArg a) {
        return typed("", 0, a, null) != null;
    }

    private static Arg typed(String syscall, int i, SyscallArg a, SyscallArg next) {
        String type = a.type();
        String name = a.name();
        String key = syscall + "." + name;
        if (a.isPointer()) {
            boolean chars = type.equals("const char *") || type.equals("char *");
            if (chars && (PATHS.contains(name) || name.equals("name") && NAME_IS_PATH.contains(syscall))) {
                return A.path(i);
            }
            if (chars && name.equals("name") && next != null && next.name().equals("len")) {
                return A.bufIn(i, i + 1); // sethostname, setdomainname
            }
            if (type.startsWith("const ") && chars && STRINGS.contains(name)) {
                return A.str(i);
            }
            if ((type.equals("const char *") || type.equals("const void *")) && next != null
                    && isSize(next)) {
                return A.bufIn(i, i + 1);
            }
            return A.ptr(i);
        }
        if (FDS.contains(name) && isInteger(type)) {
            return A.fd(i);
        }
        if (DIRFDS.contains(name)) {
            return A.dirfd(i);
        }
        ConstantFamily family = FAMILIES.get(key);
        if (family != null) {
            return A.flags32(i, family);
        }
        ConstantFamily values = ENUMS.get(key);
        if (values != null) {
            return (c, o) -> Fmt.enumValue(c.ctx, o, values, (int) c.arg(i));
        }
        switch (type) {
            case "umode_t":
                return A.oct(i);
            case "clockid_t":
                return A.enumv(i, ConstantFamily.CLOCK, "CLOCK_");
            case "int":
                if (name.equals("sig")) {
                    return A.sig(i);
                }
                if (name.equals("resource")) {
                    return A.enumv(i, ConstantFamily.RLIMIT, "RLIMIT_");
                }
                return isFlags(name) ? A.hex(i) : A.i32(i);
            case "pid_t": case "uid_t": case "gid_t": case "key_t": case "mqd_t": case "__s32": case "timer_t":
            case "key_serial_t":
                return A.i32(i);
            case "long": case "loff_t": case "off_t": case "enum landlock_rule_type":
                return A.dec(i);
            case "unsigned int": case "unsigned": case "u32": case "__u32": case "uint32_t": case "qid_t": case "rwf_t":
                if (name.equals("whence")) {
                    return A.enumv(i, ConstantFamily.SEEK, "SEEK_");
                }
                if (name.equals("resource")) {
                    return A.enumv(i, ConstantFamily.RLIMIT, "RLIMIT_");
                }
                return isFlags(name) || type.equals("rwf_t") ? A.hex(i) : A.u32(i);
            case "size_t": case "u64":
                return A.udec(i);
            case "unsigned long":
                if (ADDRESSES.contains(name)) {
                    return A.ptr(i);
                }
                return isFlags(name) || name.startsWith("arg") || name.equals("data") ? A.hex(i) : A.udec(i);
            case "aio_context_t": case "cap_user_header_t": case "cap_user_data_t": case "const cap_user_data_t":
                return A.ptr(i);
            default:
                return null;
        }
    }

    private static boolean isInteger(String type) {
        return type.equals("int") || type.equals("unsigned int") || type.equals("unsigned long");
    }

    private static boolean isSize(SyscallArg a) {
        return !a.isPointer() && (a.type().equals("size_t") || a.name().equals("len") || a.name().equals("size")
                || a.name().equals("count"));
    }

    /** Bit sets and commands without constants of their own are printed in hex, as strace prints unknown bits. */
    private static boolean isFlags(String name) {
        return name.equals("flags") || name.equals("flag") || name.endsWith("_flags") || name.endsWith("flg")
                || name.equals("mask") || name.equals("cmd") || name.equals("op") || name.equals("mode");
    }
}
