package dev.ptrace.strace;

import java.util.Set;

/** The syscall classes of strace's {@code -e trace=%class} (see strace(1), "Filtering"). */
public enum SyscallClass {
    /** Syscalls that take a file name. */
    FILE("open", "openat", "openat2", "creat", "access", "faccessat", "faccessat2", "stat", "lstat", "newfstatat",
            "statx", "statfs", "truncate", "chdir", "chroot", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat",
            "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "readlink", "readlinkat",
            "chmod", "fchmodat", "fchmodat2", "chown", "lchown", "fchownat", "utime", "utimes", "futimesat",
            "utimensat", "mknod", "mknodat", "execve", "execveat", "mount", "umount2", "swapon", "swapoff",
            "getxattr", "lgetxattr", "setxattr", "lsetxattr", "listxattr", "llistxattr", "removexattr",
            "lremovexattr", "inotify_add_watch", "fanotify_mark", "name_to_handle_at", "acct", "pivot_root",
            "quotactl", "uselib", "open_tree", "move_mount", "fspick", "mount_setattr"),
    /** Process management. */
    PROCESS("fork", "vfork", "clone", "clone3", "execve", "execveat", "exit", "exit_group", "wait4", "waitid",
            "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal", "unshare"),
    /** Network. */
    NETWORK("socket", "socketpair", "bind", "listen", "accept", "accept4", "connect", "getsockname",
            "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown",
            "setsockopt", "getsockopt"),
    /** Signal related. */
    SIGNAL("rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending", "rt_sigsuspend",
            "rt_sigtimedwait", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "sigaltstack", "kill", "tkill", "tgkill",
            "pause", "signalfd", "signalfd4", "pidfd_send_signal"),
    /** Syscalls that take or return a file descriptor. */
    DESC("read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2",
            "open", "openat", "openat2", "creat", "close", "close_range", "dup", "dup2", "dup3", "pipe", "pipe2",
            "fcntl", "ioctl", "lseek", "fstat", "newfstatat", "statx", "fstatfs", "fsync", "fdatasync",
            "ftruncate", "fchmod", "fchown", "fchdir", "getdents", "getdents64", "select", "pselect6", "poll",
            "ppoll", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2",
            "eventfd", "eventfd2", "signalfd", "signalfd4", "timerfd_create", "timerfd_settime",
            "timerfd_gettime", "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch",
            "fanotify_init", "fanotify_mark", "memfd_create", "mmap", "sendfile", "splice", "tee", "vmsplice",
            "copy_file_range", "fadvise64", "fallocate", "flock", "readahead", "sync_file_range", "faccessat",
            "faccessat2", "fchmodat", "fchownat", "futimesat", "utimensat", "linkat", "mkdirat", "mknodat",
            "readlinkat", "renameat", "renameat2", "symlinkat", "unlinkat", "execveat", "name_to_handle_at",
            "open_by_handle_at", "syncfs", "setns", "pidfd_open", "pidfd_getfd", "fsetxattr", "fgetxattr",
            "flistxattr", "fremovexattr", "io_uring_setup", "io_uring_enter", "io_uring_register",
            "userfaultfd", "perf_event_open", "socket", "socketpair", "bind", "listen", "accept", "accept4",
            "connect", "getsockname", "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg",
            "recvmmsg", "shutdown", "setsockopt", "getsockopt"),
    /** Memory mapping. */
    MEMORY("brk", "mmap", "munmap", "mremap", "mprotect", "pkey_mprotect", "madvise", "mlock", "mlock2",
            "munlock", "mlockall", "munlockall", "mincore", "msync", "remap_file_pages", "mbind",
            "get_mempolicy", "set_mempolicy", "migrate_pages", "move_pages", "process_madvise");

    private final Set<String> names;

    SyscallClass(String... names) {
        this.names = Set.of(names);
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
