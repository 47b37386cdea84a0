package dev.ptrace.strace;

import java.util.Set;

/**
 * The syscall classes of strace's {@code -e trace=%class} (see strace(1), "Filtering"). The members are what
 * strace 6.1 selects on x86_64 (found by tracing every syscall number with {@code -e trace=%class}), plus names
 * of other architectures where the class is evident.
 */
public enum SyscallClass {
    /** Syscalls that take a file name. */
    FILE("file",
            "access", "acct", "chdir", "chmod", "chown", "chroot", "creat", "execve", "execveat", "faccessat",
            "faccessat2", "fanotify_mark", "fchmodat", "fchmodat2", "fchownat", "fsconfig", "fspick", "futimesat",
            "getcwd", "getxattr", "inotify_add_watch", "lchown", "lgetxattr", "link", "linkat", "listxattr",
            "llistxattr", "lremovexattr", "lsetxattr", "lstat", "mkdir", "mkdirat", "mknod", "mknodat", "mount",
            "mount_setattr", "move_mount", "name_to_handle_at", "newfstatat", "open", "open_tree", "openat", "openat2",
            "pivot_root", "quotactl", "readlink", "readlinkat", "removexattr", "rename", "renameat", "renameat2",
            "rmdir", "setxattr", "stat", "statfs", "statx", "swapoff", "swapon", "symlink", "symlinkat", "truncate",
            "umount2", "unlink", "unlinkat", "uselib", "utime", "utimensat", "utimes"),
    /** Process management. */
    PROCESS("process",
            "clone", "clone3", "execve", "execveat", "exit", "exit_group", "fork", "kill", "pidfd_send_signal",
            "rt_sigqueueinfo", "rt_tgsigqueueinfo", "tgkill", "tkill", "vfork", "wait4", "waitid"),
    /** Network (also spelt %net). */
    NETWORK("network",
            "accept", "accept4", "bind", "connect", "getpeername", "getpmsg", "getsockname", "getsockopt", "listen",
            "putpmsg", "recvfrom", "recvmmsg", "recvmsg", "sendfile", "sendmmsg", "sendmsg", "sendto", "setsockopt",
            "shutdown", "socket", "socketpair"),
    /** Signal related. */
    SIGNAL("signal",
            "io_uring_enter", "kill", "pause", "pidfd_send_signal", "rt_sigaction", "rt_sigpending", "rt_sigprocmask",
            "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_tgsigqueueinfo", "sigaltstack",
            "signalfd", "signalfd4", "tgkill", "tkill"),
    /** System V IPC and POSIX message queues. */
    IPC("ipc",
            "msgctl", "msgget", "msgrcv", "msgsnd", "semctl", "semget", "semop", "semtimedop", "shmat", "shmctl",
            "shmdt", "shmget"),
    /** Syscalls that take or return a file descriptor. */
    DESC("desc",
            "bpf", "close", "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create", "epoll_create1",
            "epoll_ctl", "epoll_pwait", "epoll_pwait2", "epoll_wait", "eventfd", "eventfd2", "execveat", "faccessat",
            "faccessat2", "fadvise64", "fallocate", "fanotify_init", "fanotify_mark", "fchdir", "fchmod", "fchmodat",
            "fchown", "fchownat", "fcntl", "fdatasync", "fgetxattr", "finit_module", "flistxattr", "flock",
            "fremovexattr", "fsconfig", "fsetxattr", "fsmount", "fsopen", "fspick", "fstat", "fstatfs", "fsync",
            "ftruncate", "futimesat", "getdents", "getdents64", "inotify_add_watch", "inotify_init", "inotify_init1",
            "inotify_rm_watch", "io_uring_enter", "io_uring_register", "io_uring_setup", "ioctl", "kexec_file_load",
            "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "linkat", "lseek", "memfd_create",
            "memfd_secret", "mkdirat", "mknodat", "mmap", "mount_setattr", "move_mount", "mq_getsetattr", "mq_notify",
            "mq_open", "mq_timedreceive", "mq_timedsend", "name_to_handle_at", "newfstatat", "open",
            "open_by_handle_at", "open_tree", "openat", "openat2", "perf_event_open", "pidfd_getfd", "pidfd_open",
            "pidfd_send_signal", "pipe", "pipe2", "poll", "ppoll", "pread64", "preadv", "preadv2", "process_madvise",
            "process_mrelease", "pselect6", "pwrite64", "pwritev", "pwritev2", "quotactl_fd", "read", "readahead",
            "readlinkat", "readv", "renameat", "renameat2", "select", "sendfile", "setns", "signalfd", "signalfd4",
            "splice", "statx", "symlinkat", "sync_file_range", "syncfs", "tee", "timerfd_create", "timerfd_gettime",
            "timerfd_settime", "unlinkat", "userfaultfd", "utimensat", "vmsplice", "write", "writev"),
    /** Memory mapping. */
    MEMORY("memory",
            "brk", "get_mempolicy", "io_destroy", "io_setup", "io_uring_register", "madvise", "mbind", "migrate_pages",
            "mincore", "mlock", "mlock2", "mlockall", "mmap", "move_pages", "mprotect", "mremap", "msync", "munlock",
            "munlockall", "munmap", "pkey_mprotect", "remap_file_pages", "set_mempolicy", "set_mempolicy_home_node",
            "shmat", "shmdt"),
    /** Reading and changing user and group ids and capabilities. */
    CREDS("creds",
            "capget", "capset", "getegid", "geteuid", "getgid", "getgroups", "getresgid", "getresuid", "getuid",
            "setfsgid", "setfsuid", "setgid", "setgroups", "setregid", "setresgid", "setresuid", "setreuid", "setuid"),
    /** Reading and changing clocks. */
    CLOCK("clock",
            "adjtimex", "clock_adjtime", "clock_getres", "clock_gettime", "clock_settime", "gettimeofday",
            "settimeofday", "time"),
    /** The stat variants (%stat). */
    STAT("stat",
            "stat"),
    /** The lstat variants (%lstat). */
    LSTAT("lstat",
            "lstat"),
    /** The fstat and fstatat variants (%fstat). */
    FSTAT("fstat",
            "fstat", "newfstatat", "statx"),
    /** Every stat-like syscall (%%stat). */
    STAT_LIKE("%stat",
            "fstat", "lstat", "newfstatat", "stat", "statx"),
    /** The statfs variants (%statfs). */
    STATFS("statfs",
            "statfs"),
    /** The fstatfs variants (%fstatfs). */
    FSTATFS("fstatfs",
            "fstatfs"),
    /** Every statfs-like syscall (%%statfs). */
    STATFS_LIKE("%statfs",
            "fstatfs", "statfs", "ustat"),
    /** Syscalls that always succeed and take no arguments (%pure). */
    PURE("pure",
            "getegid", "geteuid", "getgid", "getpgrp", "getpid", "getppid", "gettid", "getuid");

    private final String spelling;
    private final Set<String> names;

    SyscallClass(String spelling, String... names) {
        this.spelling = spelling;
        this.names = Set.of(names);
    }

    /**
     * {@return the class strace spells so after {@code %}, or null} ({@code net} is {@code network})
     *
     * @param spelling for example {@code file}, {@code %stat}, {@code net}
     */
    public static SyscallClass forName(String spelling) {
        String s = spelling.equals("net") ? "network" : spelling;
        for (SyscallClass c : values()) {
            if (c.spelling.equals(s)) {
                return c;
            }
        }
        return null;
    }

    /** {@return the syscall names in this class} */
    public Set<String> names() {
        return names;
    }

    /**
     * {@return whether a syscall belongs to this class}
     *
     * @param syscall the syscall's name
     */
    public boolean contains(String syscall) {
        return names.contains(syscall);
    }
}
