package dev.ptrace.strace.internal;

/**
 * Constant tables the generated families of {@code ptrace-syscalls} do not carry yet. Values are taken from the
 * Linux 6.1 uapi headers named on each table (identical on x86_64 and aarch64); the order is the order the
 * installed strace prints the names in.
 */
final class LocalXlats {
    private LocalXlats() {
    }

    /** {@code linux/eventpoll.h}: epoll event bits. */
    static final Xlat EPOLL_EVENTS = Xlat.of("EPOLLIN", 0x1, "EPOLLPRI", 0x2, "EPOLLOUT", 0x4, "EPOLLERR", 0x8,
            "EPOLLHUP", 0x10, "EPOLLNVAL", 0x20, "EPOLLRDNORM", 0x40, "EPOLLRDBAND", 0x80, "EPOLLWRNORM", 0x100,
            "EPOLLWRBAND", 0x200, "EPOLLMSG", 0x400, "EPOLLRDHUP", 0x2000, "EPOLL_URING_WAKE", 1L << 27,
            "EPOLLEXCLUSIVE", 1L << 28, "EPOLLWAKEUP", 1L << 29, "EPOLLONESHOT", 1L << 30, "EPOLLET", 1L << 31);

    /** {@code linux/eventpoll.h}: epoll_ctl operations. */
    static final Xlat EPOLL_CTL = Xlat.of("EPOLL_CTL_ADD", 1, "EPOLL_CTL_DEL", 2, "EPOLL_CTL_MOD", 3);

    /** {@code linux/socket.h} (kernel): send/recv flags. */
    static final Xlat MSG_FLAGS = Xlat.of("MSG_OOB", 0x1, "MSG_PEEK", 0x2, "MSG_DONTROUTE", 0x4, "MSG_CTRUNC", 0x8,
            "MSG_PROBE", 0x10, "MSG_TRUNC", 0x20, "MSG_DONTWAIT", 0x40, "MSG_EOR", 0x80, "MSG_WAITALL", 0x100,
            "MSG_FIN", 0x200, "MSG_SYN", 0x400, "MSG_CONFIRM", 0x800, "MSG_RST", 0x1000, "MSG_ERRQUEUE", 0x2000,
            "MSG_NOSIGNAL", 0x4000, "MSG_MORE", 0x8000, "MSG_WAITFORONE", 0x10000, "MSG_BATCH", 0x40000,
            "MSG_ZEROCOPY", 0x4000000, "MSG_FASTOPEN", 0x20000000, "MSG_CMSG_CLOEXEC", 0x40000000);

    /** {@code linux/magic.h}: file system magic numbers of statfs's {@code f_type}. */
    static final Xlat FS_MAGIC = Xlat.of("EXT2_SUPER_MAGIC", 0xEF53, "TMPFS_MAGIC", 0x01021994,
            "PROC_SUPER_MAGIC", 0x9fa0, "SYSFS_MAGIC", 0x62656572, "DEVPTS_SUPER_MAGIC", 0x1cd1,
            "PIPEFS_MAGIC", 0x50495045, "SOCKFS_MAGIC", 0x534F434B, "ANON_INODE_FS_MAGIC", 0x09041934,
            "CGROUP_SUPER_MAGIC", 0x27e0eb, "CGROUP2_SUPER_MAGIC", 0x63677270, "OVERLAYFS_SUPER_MAGIC", 0x794c7630,
            "BTRFS_SUPER_MAGIC", 0x9123683EL, "XFS_SUPER_MAGIC", 0x58465342, "F2FS_SUPER_MAGIC", 0xF2F52010L,
            "FUSE_SUPER_MAGIC", 0x65735546, "NFS_SUPER_MAGIC", 0x6969, "SQUASHFS_MAGIC", 0x73717368,
            "ISOFS_SUPER_MAGIC", 0x9660, "MSDOS_SUPER_MAGIC", 0x4d44, "EXFAT_SUPER_MAGIC", 0x2011BAB0,
            "DEBUGFS_MAGIC", 0x64626720, "TRACEFS_MAGIC", 0x74726163, "SECURITYFS_MAGIC", 0x73636673,
            "SELINUX_MAGIC", 0xf97cff8cL, "BPF_FS_MAGIC", 0xcafe4a11L, "RAMFS_MAGIC", 0x858458f6L,
            "HUGETLBFS_MAGIC", 0x958458f6L, "AUTOFS_SUPER_MAGIC", 0x0187, "V9FS_MAGIC", 0x01021997,
            "BINFMTFS_MAGIC", 0x42494e4d, "NSFS_MAGIC", 0x6e736673, "CIFS_SUPER_MAGIC", 0xFF534D42L,
            "SMB2_SUPER_MAGIC", 0xFE534D42L, "CEPH_SUPER_MAGIC", 0x00c36400, "EFIVARFS_MAGIC", 0xde5e81e4L,
            "PSTOREFS_MAGIC", 0x6165676C, "SECRETMEM_MAGIC", 0x5345434d,
            "DMA_BUF_MAGIC", 0x444d4142, "BDEVFS_MAGIC", 0x62646576, "ZONEFS_MAGIC", 0x5a4f4653,
            "UDF_SUPER_MAGIC", 0x15013346, "EROFS_SUPER_MAGIC_V1", 0xE0F5E1E2L);

    /** {@code linux/statfs.h} (kernel): the mount flags statfs reports in {@code f_flags}. */
    static final Xlat STATFS_FLAGS = Xlat.of("ST_VALID", 0x20, "ST_RDONLY", 0x1, "ST_NOSUID", 0x2,
            "ST_NODEV", 0x4, "ST_NOEXEC", 0x8, "ST_SYNCHRONOUS", 0x10, "ST_MANDLOCK", 0x40, "ST_WRITE", 0x80,
            "ST_APPEND", 0x100, "ST_IMMUTABLE", 0x200, "ST_NOATIME", 0x400, "ST_NODIRATIME", 0x800,
            "ST_RELATIME", 0x1000, "ST_NOSYMFOLLOW", 0x2000);

    /** {@code asm-generic/termbits.h}: input modes. */
    static final Xlat TERMIOS_IFLAG = Xlat.of("IGNBRK", 0x1, "BRKINT", 0x2, "IGNPAR", 0x4, "PARMRK", 0x8,
            "INPCK", 0x10, "ISTRIP", 0x20, "INLCR", 0x40, "IGNCR", 0x80, "ICRNL", 0x100, "IUCLC", 0x200,
            "IXON", 0x400, "IXANY", 0x800, "IXOFF", 0x1000, "IMAXBEL", 0x2000, "IUTF8", 0x4000);

    /** {@code asm-generic/termbits.h}: output mode flags (the delay fields are printed apart). */
    static final Xlat TERMIOS_OFLAG = Xlat.of("OPOST", 0x1, "OLCUC", 0x2, "ONLCR", 0x4, "OCRNL", 0x8,
            "ONOCR", 0x10, "ONLRET", 0x20, "OFILL", 0x40, "OFDEL", 0x80);

    /** {@code asm-generic/termbits.h}: control mode flags (speed and character size are printed apart). */
    static final Xlat TERMIOS_CFLAG = Xlat.of("CSTOPB", 0x40, "CREAD", 0x80, "PARENB", 0x100, "PARODD", 0x200,
            "HUPCL", 0x400, "CLOCAL", 0x800, "CMSPAR", 0x40000000, "CRTSCTS", 0x80000000L);

    /** {@code asm-generic/termbits.h}: local modes. */
    static final Xlat TERMIOS_LFLAG = Xlat.of("ISIG", 0x1, "ICANON", 0x2, "XCASE", 0x4, "ECHO", 0x8,
            "ECHOE", 0x10, "ECHOK", 0x20, "ECHONL", 0x40, "NOFLSH", 0x80, "TOSTOP", 0x100,
            "IEXTEN", 0x8000, "ECHOCTL", 0x200,
            "ECHOPRT", 0x400, "ECHOKE", 0x800, "FLUSHO", 0x1000, "PENDIN", 0x4000,
            "EXTPROC", 0x10000);

    /** {@code asm-generic/termbits.h}: the speeds of {@code CBAUD}, by value. */
    static final Xlat BAUD = Xlat.of("B0", 0, "B50", 1, "B75", 2, "B110", 3, "B134", 4, "B150", 5, "B200", 6,
            "B300", 7, "B600", 8, "B1200", 9, "B1800", 10, "B2400", 11, "B4800", 12, "B9600", 13, "B19200", 14,
            "B38400", 15, "BOTHER", 0x1000, "B57600", 0x1001, "B115200", 0x1002, "B230400", 0x1003,
            "B460800", 0x1004, "B500000", 0x1005, "B576000", 0x1006, "B921600", 0x1007, "B1000000", 0x1008,
            "B1152000", 0x1009, "B1500000", 0x100a, "B2000000", 0x100b, "B2500000", 0x100c, "B3000000", 0x100d,
            "B3500000", 0x100e, "B4000000", 0x100f);

    /** {@code linux/capability.h}: capability numbers. */
    static final String[] CAPABILITIES = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
        "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
        "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG",
        "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON",
        "CAP_BPF", "CAP_CHECKPOINT_RESTORE"};

    /** {@code linux/prctl.h}: PR_SET_MM sub-options. */
    static final Xlat PR_SET_MM = Xlat.of("PR_SET_MM_START_CODE", 1, "PR_SET_MM_END_CODE", 2,
            "PR_SET_MM_START_DATA", 3, "PR_SET_MM_END_DATA", 4, "PR_SET_MM_START_STACK", 5, "PR_SET_MM_START_BRK", 6,
            "PR_SET_MM_BRK", 7, "PR_SET_MM_ARG_START", 8, "PR_SET_MM_ARG_END", 9, "PR_SET_MM_ENV_START", 10,
            "PR_SET_MM_ENV_END", 11, "PR_SET_MM_AUXV", 12, "PR_SET_MM_EXE_FILE", 13, "PR_SET_MM_MAP", 14,
            "PR_SET_MM_MAP_SIZE", 15);

    /** {@code linux/sched/coredump.h} values of PR_SET_DUMPABLE / PR_GET_DUMPABLE. */
    static final Xlat SUID_DUMP = Xlat.of("SUID_DUMP_DISABLE", 0, "SUID_DUMP_USER", 1, "SUID_DUMP_ROOT", 2);
}
