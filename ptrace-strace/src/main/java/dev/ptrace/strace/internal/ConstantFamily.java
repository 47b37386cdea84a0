package dev.ptrace.strace.internal;

/**
 * The families of named constants the decoders print. The syscall tables supply the values for each family; the
 * decoders only name the family they need.
 */
public enum ConstantFamily {
    /** open(2) flags, {@code O_*} (without the access mode). */
    OPEN_FLAGS,
    /** {@code AT_*} flags of the *at syscalls. */
    AT_FLAGS,
    /** {@code PROT_*} memory protections. */
    PROT,
    /** {@code MAP_*} mmap flags. */
    MAP,
    /** {@code CLONE_*} flags. */
    CLONE,
    /** wait options {@code W*}. */
    WAIT_OPTIONS,
    /** fcntl commands {@code F_*}. */
    FCNTL_CMD,
    /** address families {@code AF_*}. */
    ADDRESS_FAMILY,
    /** socket types {@code SOCK_*}. */
    SOCKET_TYPE,
    /** socket type flags {@code SOCK_NONBLOCK}, {@code SOCK_CLOEXEC}. */
    SOCKET_FLAGS,
    /** lseek whence {@code SEEK_*}. */
    SEEK,
    /** sigaction flags {@code SA_*}. */
    SIGACTION_FLAGS,
    /** sigprocmask how {@code SIG_BLOCK}... */
    SIGPROCMASK_HOW,
    /** resource limits {@code RLIMIT_*}. */
    RLIMIT,
    /** futex commands {@code FUTEX_*}. */
    FUTEX_OP,
    /** arch_prctl codes {@code ARCH_*} (x86_64). */
    ARCH_PRCTL,
    /** getrandom flags {@code GRND_*}. */
    GETRANDOM_FLAGS,
    /** statx mask bits {@code STATX_*}. */
    STATX_MASK,
    /** statx attribute bits {@code STATX_ATTR_*}. */
    STATX_ATTR,
    /** posix_fadvise advice {@code POSIX_FADV_*}. */
    FADVISE,
    /** access(2) modes {@code R_OK}, {@code W_OK}, {@code X_OK}. */
    ACCESS_MODE,
    /** file type bits of a mode {@code S_IF*}. */
    FILE_TYPE,
    /** poll events {@code POLL*}. */
    POLL_EVENTS,
    /** ioctl requests (terminal ones, {@code TC*}/{@code TIOC*}/{@code FIO*}). */
    IOCTL,
    /** IP protocols {@code IPPROTO_*}. */
    IPPROTO,
    /** clock ids {@code CLOCK_*}. */
    CLOCK,
    /** prctl options {@code PR_*}. */
    PRCTL,
    /** {@code PR_SET_MM_*} sub-options of prctl PR_SET_MM. */
    PR_SET_MM,
    /** {@code SUID_DUMP_*} values of PR_SET_DUMPABLE. */
    SUID_DUMP,
    /** epoll event bits {@code EPOLL*}. */
    EPOLL_EVENTS,
    /** epoll_ctl operations {@code EPOLL_CTL_*}. */
    EPOLL_CTL,
    /** send/recv flags {@code MSG_*}. */
    MSG_FLAGS,
    /** file system magic numbers of statfs's {@code f_type}. */
    FS_MAGIC,
    /** statfs mount flags {@code ST_*}. */
    STATFS_FLAGS,
    /** termios input modes. */
    TERMIOS_IFLAG,
    /** termios output mode flags (the delay fields are printed apart). */
    TERMIOS_OFLAG,
    /** termios control mode flags (speed and character size are printed apart). */
    TERMIOS_CFLAG,
    /** termios local modes. */
    TERMIOS_LFLAG,
    /** termios speeds {@code B*} of {@code CBAUD}, by value. */
    BAUD,
    /** capability numbers {@code CAP_*}. */
    CAPABILITY,
    /** waitid id types {@code P_*}. */
    WAITID_TYPE,
    /** ptrace requests {@code PTRACE_*}. */
    PTRACE_REQUEST,
    /** seccomp operations {@code SECCOMP_SET_MODE_*}, {@code SECCOMP_GET_*}. */
    SECCOMP_OP,
    /** fcntl lock types {@code F_RDLCK}, {@code F_WRLCK}, {@code F_UNLCK}. */
    FCNTL_LOCK_TYPE,
    /** socket option levels {@code SOL_*}. */
    SOCKET_LEVEL,
    /** {@code SOL_SOCKET} options {@code SO_*}. */
    SOCKET_OPTION,
    /** {@code SOL_TCP} options {@code TCP_*}. */
    TCP_OPTION,
    /** {@code SOL_IP} options {@code IP_*}. */
    IP_OPTION,
    /** netlink protocols {@code NETLINK_*}. */
    NETLINK_PROTOCOL,
    /** madvise advice {@code MADV_*}. */
    MADVISE,
    /** mremap flags {@code MREMAP_*}. */
    MREMAP_FLAGS,
    /** msync flags {@code MS_*}. */
    MSYNC_FLAGS,
    /** mlockall flags {@code MCL_*}. */
    MLOCKALL_FLAGS,
    /** mlock2 flags {@code MLOCK_*}. */
    MLOCK_FLAGS,
    /** memfd_create flags {@code MFD_*}. */
    MEMFD_FLAGS,
    /** flock operations {@code LOCK_*}. */
    FLOCK_OP,
    /** renameat2 flags {@code RENAME_*}. */
    RENAME_FLAGS,
    /** fallocate modes {@code FALLOC_FL_*}. */
    FALLOCATE_MODE,
    /** inotify event bits {@code IN_*}. */
    INOTIFY_EVENTS,
    /** inotify_init1 flags. */
    INOTIFY_INIT_FLAGS,
    /** getpriority/setpriority which {@code PRIO_*}. */
    PRIORITY_WHICH,
    /** getrusage who {@code RUSAGE_*}. */
    RUSAGE_WHO,
    /** setxattr flags {@code XATTR_*}. */
    XATTR_FLAGS,
    /** interval timers {@code ITIMER_*}. */
    ITIMER_WHICH,
    /** timer flags {@code TIMER_ABSTIME}. */
    TIMER_FLAGS,
    /** timerfd_create flags {@code TFD_*}. */
    TIMERFD_FLAGS,
    /** timerfd_settime flags {@code TFD_TIMER_*}. */
    TIMERFD_SETTIME_FLAGS,
    /** signalfd4 flags {@code SFD_*}. */
    SIGNALFD_FLAGS,
    /** eventfd2 flags {@code EFD_*}. */
    EVENTFD_FLAGS,
    /** pidfd_open flags {@code PIDFD_*}. */
    PIDFD_FLAGS,
    /** {@code sigev_notify} kinds {@code SIGEV_*}. */
    SIGEV_NOTIFY,
    /** sigaltstack flags {@code SS_*}. */
    SIGALTSTACK_FLAGS,
    /** splice/tee flags {@code SPLICE_F_*}. */
    SPLICE_FLAGS,
    /** scheduling policies {@code SCHED_*} ({@code SCHED_OTHER} for 0, as strace spells it). */
    SCHED_POLICY,
    /** mount(2) flags {@code MS_*}. */
    MOUNT_FLAGS,
    /** NUMA memory policy modes {@code MPOL_*}. */
    MEMPOLICY_MODE,
    /** mode flags {@code MPOL_F_STATIC_NODES}... in the high bits of a memory policy mode. */
    MEMPOLICY_MODE_FLAGS,
    /** get_mempolicy(2) flags {@code MPOL_F_NODE}... */
    GET_MEMPOLICY_FLAGS,
    /** mbind(2) flags {@code MPOL_MF_*}. */
    MBIND_FLAGS,
    /** openat2 resolve flags {@code RESOLVE_*}. */
    RESOLVE_FLAGS,
    /** personality(2) execution domains {@code PER_*} (their low byte is the type). */
    PERSONALITY_TYPE,
    /** personality(2) flags ({@code ADDR_NO_RANDOMIZE}...). */
    PERSONALITY_FLAGS,
    /** kcmp(2) types {@code KCMP_*}. */
    KCMP_TYPE,
    /** capability header versions {@code _LINUX_CAPABILITY_VERSION_*}. */
    CAPABILITY_VERSION,
    /** seccomp filter actions {@code SECCOMP_RET_*}. */
    SECCOMP_RET_ACTION,
    /** seccomp filter flags {@code SECCOMP_FILTER_FLAG_*}. */
    SECCOMP_FILTER_FLAGS,
    /** System V IPC get flags {@code IPC_CREAT}... */
    IPC_FLAGS,
    /** msgctl(2) commands. */
    MSGCTL_CMD,
    /** semctl(2) commands. */
    SEMCTL_CMD,
    /** shmctl(2) commands. */
    SHMCTL_CMD,
    /** msgsnd(2)/msgrcv(2) flags. */
    MSGRCV_FLAGS,
    /** {@code sem_flg} of semop(2). */
    SEMOP_FLAGS,
    /** shmat(2) flags {@code SHM_*}. */
    SHMAT_FLAGS,
    /** shmget(2) flags. */
    SHMGET_FLAGS,
    /** fsopen flags. */
    FSOPEN_FLAGS,
    /** fsconfig commands. */
    FSCONFIG_CMD,
    /** fsmount flags. */
    FSMOUNT_FLAGS,
    /** mount attributes {@code MOUNT_ATTR_*}. */
    MOUNT_ATTR,
    /** move_mount flags. */
    MOVE_MOUNT_FLAGS,
    /** open_tree flags of its own. */
    OPEN_TREE_FLAGS,
    /** fspick flags. */
    FSPICK_FLAGS,
    /** fanotify classes. */
    FANOTIFY_CLASS,
    /** fanotify_init flags. */
    FANOTIFY_INIT_FLAGS,
    /** fanotify_mark flags. */
    FANOTIFY_MARK_FLAGS,
    /** fanotify event bits. */
    FANOTIFY_EVENTS,
    /** io_uring_setup flags. */
    IO_URING_SETUP_FLAGS,
    /** io_uring features. */
    IO_URING_FEATURES,
    /** io_uring_enter flags. */
    IO_URING_ENTER_FLAGS,
    /** io_uring_register opcodes. */
    IO_URING_REGISTER_OP,
    /** keyctl commands. */
    KEYCTL_CMD,
    /** special key serial numbers {@code KEY_SPEC_*}. */
    KEY_SPEC,
    /** bpf(2) commands. */
    BPF_CMD,
    /** bpf(2) map types. */
    BPF_MAP_TYPE,
    /** bpf(2) program types. */
    BPF_PROG_TYPE,
    /** bpf(2) attach types. */
    BPF_ATTACH_TYPE,
    /** flags of BPF_MAP_CREATE. */
    BPF_MAP_FLAGS,
    /** flags of the BPF_MAP_*_ELEM commands. */
    BPF_UPDATE_FLAGS,
    /** flags of BPF_PROG_ATTACH. */
    BPF_ATTACH_FLAGS,
    /** flags of BPF_PROG_LOAD. */
    BPF_PROG_FLAGS,
    /** flags of BPF_PROG_QUERY. */
    BPF_QUERY_FLAGS,
    /** perf_event_open event types. */
    PERF_TYPE,
    /** generalized hardware events. */
    PERF_HW_ID,
    /** software events. */
    PERF_SW_ID,
    /** hardware caches of a PERF_TYPE_HW_CACHE config. */
    PERF_CACHE_ID,
    /** cache operations of a PERF_TYPE_HW_CACHE config. */
    PERF_CACHE_OP,
    /** cache operation results of a PERF_TYPE_HW_CACHE config. */
    PERF_CACHE_RESULT,
    /** perf sample_type bits. */
    PERF_SAMPLE_FORMAT,
    /** perf read_format bits. */
    PERF_READ_FORMAT,
    /** perf_event_open flags. */
    PERF_FLAGS,
    /** published sizes of struct perf_event_attr. */
    PERF_ATTR_SIZE,
    /** errno names, {@code E*} (only used where the API's Errno has no name). */
    ERRNO
}
