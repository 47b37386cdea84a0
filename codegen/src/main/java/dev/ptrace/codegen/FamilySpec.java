package dev.ptrace.codegen;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which macros make up one constant family: the headers that may define them, a name pattern, names to leave
 * out, and for bit-flag families the macro that masks an enumerated field (such as {@code O_ACCMODE}).
 *
 * @param key       the family's name in the generated code ("openFlags")
 * @param flags     true for bit flags, false for enumerated values
 * @param files     header names (relative to the include roots, or "kernel:..." for the kernel tree)
 * @param names     pattern the macro name must match
 * @param exclude   pattern of names to leave out, or null
 * @param mask      name of the field mask macro, or null
 * @param enumTag   when set, only enumerators of {@code enum enumTag} count
 * @param javadoc   one-line description for the generated accessor
 */
record FamilySpec(String key, boolean flags, List<String> files, Pattern names, Pattern exclude, String mask,
                  String enumTag, String javadoc) {

    static final String KERNEL_SOCKET = "kernel:include/linux/socket.h";
    static final String KERNEL_NET = "kernel:include/linux/net.h";
    static final String KERNEL_STATFS = "kernel:include/linux/statfs.h";
    static final String KERNEL_COREDUMP = "kernel:include/linux/sched/coredump.h";
    static final String KERNEL_EVENTFD = "kernel:include/linux/eventfd.h";
    static final String KERNEL_SPLICE = "kernel:include/linux/splice.h";
    /** The C library's {@code unistd.h}: the access(2) modes are defined by no uapi header. */
    static final String LIBC_UNISTD = "libc:unistd.h";

    private static final List<String> FCNTL = List.of("asm/fcntl.h", "asm-generic/fcntl.h", "linux/fcntl.h");
    private static final List<String> MMAN = List.of("asm/mman.h", "asm-generic/mman.h",
            "asm-generic/mman-common.h", "linux/mman.h");
    private static final List<String> PTRACE = List.of("linux/ptrace.h", "asm/ptrace.h", "asm/ptrace-abi.h");
    private static final List<String> SECCOMP = List.of("linux/seccomp.h");
    private static final List<String> BPF = List.of("linux/bpf.h");
    private static final List<String> PERF = List.of("linux/perf_event.h");
    private static final List<String> SIGNAL = List.of("asm/signal.h", "asm-generic/signal.h",
            "asm-generic/signal-defs.h");
    private static final List<String> STAT = List.of("linux/stat.h");
    private static final List<String> TERMBITS = List.of("asm/termbits.h", "asm-generic/termbits.h",
            "asm-generic/termbits-common.h");

    /** The uapi headers that are read, in this order, for every architecture. */
    static final List<String> UAPI_HEADERS = List.of("asm/signal.h", "linux/fcntl.h", "asm/mman.h",
            "linux/mman.h", "linux/sched.h", "linux/wait.h", "linux/seccomp.h", "linux/ptrace.h", "linux/fs.h",
            "asm/resource.h", "linux/futex.h", "asm/prctl.h", "linux/random.h", "linux/stat.h", "linux/fadvise.h",
            "asm/poll.h", "asm/ioctls.h", "linux/in.h", "linux/time.h", "linux/prctl.h", "linux/eventpoll.h",
            "linux/magic.h", "asm/termbits.h", "linux/capability.h", "asm/socket.h", "linux/tcp.h",
            "linux/netlink.h", "linux/memfd.h", "linux/falloc.h", "linux/inotify.h", "linux/resource.h",
            "linux/xattr.h", "linux/timerfd.h", "linux/signalfd.h", "linux/pidfd.h", "asm/siginfo.h",
            "linux/signal.h", "linux/mount.h", "linux/mempolicy.h", "linux/openat2.h", "linux/personality.h", "linux/kcmp.h", "linux/ipc.h",
            "linux/msg.h", "linux/sem.h", "linux/shm.h", "linux/fanotify.h", "linux/io_uring.h", "linux/keyctl.h",
            "linux/bpf.h", "linux/perf_event.h");

    /** Uapi headers that only some architectures have (x86's {@code arch_prctl} codes). */
    static final Map<String, String> ARCH_ONLY_HEADERS = Map.of("asm/prctl.h", "x86_64");

    /** The C library headers read (without following their includes), for families no uapi header has. */
    static final List<String> LIBC_HEADERS = List.of("unistd.h");

    /** The kernel (non-uapi) headers read after them: the socket constants are not in uapi. */
    static final List<String> KERNEL_HEADERS = List.of("include/linux/socket.h", "include/linux/net.h",
            "include/linux/statfs.h", "include/linux/sched/coredump.h", "include/linux/eventfd.h", "include/linux/splice.h");

    /** All families, in the order they are generated. */
    static final List<FamilySpec> ALL = List.of(
            values("signals", List.of("asm/signal.h", "asm-generic/signal.h"), "SIG[A-Z0-9]+", "SIGSTKSZ",
                    "Signal names and numbers, aliases included (the first name of a number is canonical)."),
            flags("openFlags", FCNTL, "O_\\w+", "O_ACCMODE|O_TMPFILE_MASK", "O_ACCMODE",
                    "open(2) flags; the access mode is the field under {@code O_ACCMODE}."),
            flags("atFlags", List.of("linux/fcntl.h"), "AT_\\w+", "AT_FDCWD|AT_STATX_SYNC_TYPE|AT_STATX_SYNC_AS_STAT", null,
                    "{@code AT_*} flags of the *at(2) calls (some share a value: read them per call)."),
            values("atDirfds", List.of("linux/fcntl.h"), "AT_FDCWD", null,
                    "Special directory descriptors of the *at(2) calls ({@code AT_FDCWD})."),
            values("fcntlCommands", FCNTL, "F_\\w+",
                    "F_(RDLCK|WRLCK|UNLCK|EXLCK|SHLCK|LINUX_SPECIFIC_BASE)|F_OWNER_\\w+|F_SEAL_\\w+",
                    "fcntl(2) commands."),
            values("fcntlLockTypes", FCNTL, "F_(RDLCK|WRLCK|UNLCK|EXLCK|SHLCK)", null,
                    "Lock types of {@code struct flock}."),
            flags("fcntlSeals", FCNTL, "F_SEAL_\\w+", null, null, "File seals ({@code F_ADD_SEALS})."),
            flags("fdFlags", FCNTL, "FD_CLOEXEC", null, null, "File descriptor flags ({@code F_GETFD})."),
            values("seekWhence", List.of("linux/fs.h", "unistd.h"), "SEEK_\\w+", "SEEK_MAX",
                    "lseek(2) whence values (linux/shm.h includes the C library's unistd.h, which defines them too)."),
            flags("protFlags", MMAN, "PROT_\\w+", null, null, "mmap(2)/mprotect(2) protection flags."),
            flags("mapFlags", MMAN, "MAP_\\w+", "MAP_TYPE|MAP_HUGE_\\w+|MAP_FILE", "MAP_TYPE",
                    "mmap(2) flags; the mapping type is the field under {@code MAP_TYPE}."),
            flags("cloneFlags", List.of("linux/sched.h"), "CLONE_\\w+", "CLONE_ARGS_\\w+", null,
                    "clone(2)/clone3(2)/unshare(2) flags. The low byte of clone(2) flags ({@code CSIGNAL}) is the "
                            + "exit signal: take it off before formatting."),
            flags("waitOptions", List.of("linux/wait.h"), "(__)?W[A-Z]+", null, null,
                    "wait4(2)/waitid(2) options."),
            values("waitIdTypes", List.of("linux/wait.h"), "P_[A-Z]+", null, "waitid(2) id types."),
            values("addressFamilies", List.of(KERNEL_SOCKET), "AF_\\w+", "AF_MAX", "Socket address families."),
            new FamilySpec("socketTypes", false, List.of(KERNEL_NET), Pattern.compile("SOCK_\\w+"),
                    Pattern.compile("SOCK_MAX"), null, "sock_type", "Socket types (the low bits of socket(2)'s type)."),
            flags("socketFlags", List.of(KERNEL_NET), "SOCK_(NONBLOCK|CLOEXEC)", null, null,
                    "Flags that socket(2) accepts in its type argument."),
            values("seccompOps", SECCOMP, "SECCOMP_(SET|GET)_\\w+", null, "seccomp(2) operations."),
            values("seccompModes", SECCOMP, "SECCOMP_MODE_\\w+", null, "Seccomp modes (prctl PR_SET_SECCOMP)."),
            flags("seccompFilterFlags", SECCOMP, "SECCOMP_FILTER_FLAG_\\w+", null, null,
                    "Flags of {@code SECCOMP_SET_MODE_FILTER}."),
            values("seccompReturnActions", SECCOMP, "SECCOMP_RET_\\w+", "SECCOMP_RET_(ACTION|ACTION_FULL|DATA)",
                    "Seccomp filter return actions."),
            values("ptraceRequests", PTRACE, "PTRACE_\\w+",
                    "PTRACE_(O|EVENT|SYSCALL_INFO|EVENTMSG)_\\w+|PTRACE_PEEKSIGINFO_SHARED",
                    "ptrace(2) requests, the architecture's own included."),
            flags("ptraceOptions", PTRACE, "PTRACE_O_\\w+", "PTRACE_O_MASK", null,
                    "{@code PTRACE_SETOPTIONS} options."),
            values("ptraceEvents", PTRACE, "PTRACE_EVENT_\\w+", null,
                    "ptrace stop events (status >> 16)."),
            values("ptraceSyscallInfoOps", PTRACE, "PTRACE_SYSCALL_INFO_\\w+", null,
                    "{@code op} values of {@code struct ptrace_syscall_info}."),
            flags("sigactionFlags", SIGNAL, "SA_\\w+", "SA_NOMASK|SA_ONESHOT", null,
                    "{@code sa_flags} of rt_sigaction(2) (the aliases {@code SA_NOMASK}, {@code SA_ONESHOT} left out)."),
            values("sigprocmaskHow", SIGNAL, "SIG_(BLOCK|UNBLOCK|SETMASK)", null,
                    "{@code how} of rt_sigprocmask(2)."),
            values("rlimits", List.of("asm/resource.h", "asm-generic/resource.h"), "RLIMIT_\\w+", null,
                    "Resource limits of getrlimit(2)/setrlimit(2)/prlimit64(2)."),
            values("futexOps", List.of("linux/futex.h"), "FUTEX_\\w+",
                    "FUTEX_(PRIVATE_FLAG|CLOCK_REALTIME|CMD_MASK|32|WAITV_MAX|WAITERS|OWNER_DIED|TID_MASK"
                            + "|BITSET_MATCH_ANY|OP_\\w+)",
                    "futex(2) operations, with their {@code _PRIVATE} forms; {@code FUTEX_CLOCK_REALTIME} (0x100) "
                            + "is a flag on top of them."),
            values("archPrctlCodes", List.of("asm/prctl.h"), "ARCH_\\w+", null,
                    "arch_prctl(2) codes (x86_64 only: empty on other architectures)."),
            flags("getrandomFlags", List.of("linux/random.h"), "GRND_\\w+", null, null, "getrandom(2) flags."),
            flags("statxMask", STAT, "STATX_(?!ATTR_)\\w+", "STATX_ALL|STATX__RESERVED", null,
                    "statx(2) mask bits, {@code STATX_BASIC_STATS} included."),
            flags("statxAttributes", STAT, "STATX_ATTR_\\w+", null, null,
                    "{@code stx_attributes} bits of statx(2)."),
            values("fadviseAdvice", List.of("linux/fadvise.h"), "POSIX_FADV_\\w+", null,
                    "posix_fadvise(2) advice."),
            flags("accessModes", List.of(LIBC_UNISTD), "[RWXF]_OK", null, null,
                    "access(2) modes; {@code F_OK} is 0. From the C library's {@code unistd.h}: no uapi header "
                            + "defines them."),
            values("fileTypes", STAT, "S_IF[A-Z]+", "S_IFMT",
                    "File types, the field of a mode under {@code S_IFMT} (0170000)."),
            flags("pollEvents", List.of("asm/poll.h", "asm-generic/poll.h"), "POLL[A-Z]+", "POLLFREE", null,
                    "poll(2) events."),
            values("terminalIoctls", List.of("asm/ioctls.h", "asm-generic/ioctls.h"), "(TC|TIOC|FIO)[A-Z0-9_]+",
                    "TIOCPKT_\\w+|TIOCSER_TEMT",
                    "Terminal and file ioctl(2) requests of {@code asm/ioctls.h} (those whose number encodes the "
                            + "size of a struct are left out)."),
            values("ipProtocols", List.of("linux/in.h"), "IPPROTO_\\w+", "IPPROTO_MAX", "IP protocols."),
            values("clocks", List.of("linux/time.h"), "CLOCK_\\w+", null, "Clock ids of clock_gettime(2)."),
            values("prctlOptions", List.of("linux/prctl.h"), "PR_\\w+",
                    "PR_(UNALIGN|FPEMU|FP_EXC|TIMING|ENDIAN|TSC|FP_MODE|SPEC|TAGGED_ADDR|MTE|SYS_DISPATCH)_\\w+"
                            + "|PR_SET_MM_\\w+|PR_SET_PTRACER_ANY|PR_MCE_KILL_(?!GET$)\\w+|PR_CAP_AMBIENT_\\w+"
                            + "|PR_(SVE|SME)_(SET_VL_ONEXEC|VL_\\w+)|PR_PAC_AP\\w+KEY|PR_SCHED_CORE_\\w+"
                            + "|PR_SET_VMA_\\w+",
                    "prctl(2) options (the values of their arguments are left out)."),
            values("prSetMmOptions", List.of("linux/prctl.h"), "PR_SET_MM_\\w+", null,
                    "{@code PR_SET_MM} sub-options of prctl(2)."),
            values("suidDumpModes", List.of(KERNEL_COREDUMP), "SUID_DUMP_\\w+", null,
                    "{@code PR_SET_DUMPABLE}/{@code PR_GET_DUMPABLE} values, from the kernel's "
                            + "{@code linux/sched/coredump.h}."),
            flags("epollEvents", List.of("linux/eventpoll.h"), "EPOLL[A-Z_]+", "EPOLL_CTL_\\w+|EPOLL_CLOEXEC|EPOLL_PACKED",
                    null, "epoll(7) event bits."),
            values("epollCtlOps", List.of("linux/eventpoll.h"), "EPOLL_CTL_\\w+", null, "epoll_ctl(2) operations."),
            flags("msgFlags", List.of(KERNEL_SOCKET), "MSG_\\w+",
                    "MSG_(TRYHARD|EOF|SENDPAGE_\\w+|NO_SHARED_FRAGS|SPLICE_PAGES|CMSG_COMPAT|INTERNAL_\\w+)", null,
                    "send(2)/recv(2) flags, without the kernel-internal ones and the aliases {@code MSG_TRYHARD}, "
                            + "{@code MSG_EOF}."),
            values("fsMagic", List.of("linux/magic.h"), "\\w+_MAGIC\\w*", "__\\w+|\\w+_STRING|\\w+_MAGIC_WEND",
                    "File system magic numbers ({@code f_type} of statfs(2)), in header order."),
            flags("statfsFlags", List.of(KERNEL_STATFS), "ST_\\w+", null, null,
                    "Mount flags of statfs(2)'s {@code f_flags}, from the kernel's {@code linux/statfs.h}."),
            flags("termiosInputFlags", TERMBITS,
                    "IGNBRK|BRKINT|IGNPAR|PARMRK|INPCK|ISTRIP|INLCR|IGNCR|ICRNL|IUCLC|IXON|IXANY|IXOFF|IMAXBEL|IUTF8",
                    null, null, "termios {@code c_iflag} bits."),
            flags("termiosOutputFlags", TERMBITS, "OPOST|OLCUC|ONLCR|OCRNL|ONOCR|ONLRET|OFILL|OFDEL", null, null,
                    "termios {@code c_oflag} bits (the delay fields {@code NLDLY} ... left out)."),
            flags("termiosControlFlags", TERMBITS, "CSTOPB|CREAD|PARENB|PARODD|HUPCL|CLOCAL|CMSPAR|CRTSCTS", null,
                    null, "termios {@code c_cflag} bits (speed and character size fields left out)."),
            flags("termiosLocalFlags", TERMBITS,
                    "ISIG|ICANON|XCASE|ECHO|ECHOE|ECHOK|ECHONL|NOFLSH|TOSTOP|ECHOCTL|ECHOPRT|ECHOKE|FLUSHO|PENDIN"
                            + "|IEXTEN|EXTPROC", null, null, "termios {@code c_lflag} bits."),
            values("baudRates", TERMBITS, "B[0-9]+|BOTHER", null,
                    "Speeds of the {@code CBAUD} field of termios {@code c_cflag}."),
            values("capabilities", List.of("linux/capability.h"), "CAP_[A-Z_]+", "CAP_LAST_CAP",
                    "Capability numbers ({@code CAP_*})."),
            values("socketLevels", List.of("asm/socket.h", "asm-generic/socket.h", KERNEL_SOCKET), "SOL_\\w+", null,
                    "Socket option levels of setsockopt(2)/getsockopt(2) ({@code SOL_SOCKET}, {@code SOL_TCP} ...)."),
            values("socketOptions", List.of("asm/socket.h", "asm-generic/socket.h"), "SO_\\w+",
                    "SO_(TIMESTAMP|TIMESTAMPNS|TIMESTAMPING|RCVTIMEO|SNDTIMEO)",
                    "{@code SOL_SOCKET} options ({@code SO_REUSEADDR} ...)."),
            values("tcpOptions", List.of("linux/tcp.h"), "TCP_[A-Z_0-9]+",
                    "TCP_(MSS_\\w+|REPAIR_(ON|OFF|OFF_NO_WP)|CM_INQ|\\w+_MAX|\\w+_SHIFT|\\w+_MASK|MAXSEG_\\w+"
                            + "|FLAG_\\w+|DATA_OFFSET|COOKIE_\\w+|[A-Z]+_DEFAULT|RECEIVE_ZEROCOPY_\\w+|S_\\w+|NLA_\\w+"
                            + "|(NO|RECV|SEND)_QUEUE|QUEUES_NR|CA_\\w+|MD5SIG_(MAXKEYLEN|FLAG_\\w+))",
                    "{@code SOL_TCP} options ({@code TCP_NODELAY} ...)."),
            values("ipOptions", List.of("linux/in.h"), "IP_[A-Z_]+",
                    "IP_(PMTUDISC_\\w+|DEFAULT_MULTICAST_\\w+|MAX_MEMBERSHIPS|RECVRETOPTS|MSFILTER_SIZE)",
                    "{@code SOL_IP} options ({@code IP_TOS} ...)."),
            values("netlinkProtocols", List.of("linux/netlink.h"),
                    "NETLINK_(ROUTE|UNUSED|USERSOCK|FIREWALL|SOCK_DIAG|NFLOG|XFRM|SELINUX|ISCSI|AUDIT|FIB_LOOKUP"
                            + "|CONNECTOR|NETFILTER|IP6_FW|DNRTMSG|KOBJECT_UEVENT|GENERIC|SCSITRANSPORT|ECRYPTFS"
                            + "|RDMA|CRYPTO|SMC)", null, "Netlink protocols, the third argument of socket(2)."),
            values("madviseAdvice", MMAN, "MADV_\\w+", null, "madvise(2) advice."),
            flags("mremapFlags", List.of("linux/mman.h"), "MREMAP_\\w+", null, null, "mremap(2) flags."),
            flags("msyncFlags", MMAN, "MS_(ASYNC|INVALIDATE|SYNC)", null, null, "msync(2) flags."),
            flags("mlockallFlags", MMAN, "MCL_\\w+", null, null, "mlockall(2) flags."),
            flags("mlockFlags", MMAN, "MLOCK_\\w+", null, null, "mlock2(2) flags."),
            flags("memfdFlags", List.of("linux/memfd.h"), "MFD_\\w+", "MFD_HUGE_\\w+", null,
                    "memfd_create(2) flags (the huge page sizes left out)."),
            flags("flockOperations", FCNTL, "LOCK_\\w+", null, null, "flock(2) operations."),
            flags("renameFlags", List.of("linux/fs.h"), "RENAME_\\w+", null, null, "renameat2(2) flags."),
            flags("fallocateModes", List.of("linux/falloc.h"), "FALLOC_FL_\\w+", null, null,
                    "fallocate(2) modes."),
            flags("inotifyEvents", List.of("linux/inotify.h"), "IN_[A-Z_]+",
                    "IN_(ALL_EVENTS|CLOSE|MOVE|CLOEXEC|NONBLOCK)", null,
                    "inotify(7) event bits (the composite {@code IN_CLOSE}, {@code IN_MOVE} left out)."),
            flags("inotifyInitFlags", List.of("linux/inotify.h"), "IN_(CLOEXEC|NONBLOCK)", null, null,
                    "inotify_init1(2) flags."),
            values("priorityWhich", List.of("linux/resource.h"), "PRIO_(PROCESS|PGRP|USER)", null,
                    "getpriority(2)/setpriority(2) {@code which}."),
            values("rusageWho", List.of("linux/resource.h"), "RUSAGE_\\w+", null, "getrusage(2) {@code who}."),
            values("schedPolicies", List.of("linux/sched.h"), "SCHED_[A-Z]+", "SCHED_RESET_ON_FORK",
                    "Scheduling policies ({@code SCHED_OTHER} ...)."),
            flags("xattrFlags", List.of("linux/xattr.h"), "XATTR_(CREATE|REPLACE)", null, null,
                    "setxattr(2) flags."),
            values("itimerWhich", List.of("linux/time.h"), "ITIMER_\\w+", null, "Interval timers of setitimer(2)."),
            flags("timerFlags", List.of("linux/time.h"), "TIMER_ABSTIME", null, null,
                    "timer_settime(2)/clock_nanosleep(2) flags."),
            flags("timerfdFlags", List.of("linux/timerfd.h"), "TFD_(CLOEXEC|NONBLOCK)", null, null,
                    "timerfd_create(2) flags."),
            flags("timerfdSettimeFlags", List.of("linux/timerfd.h"), "TFD_TIMER_\\w+", null, null,
                    "timerfd_settime(2) flags."),
            flags("signalfdFlags", List.of("linux/signalfd.h"), "SFD_\\w+", null, null, "signalfd4(2) flags."),
            flags("eventfdFlags", List.of(KERNEL_EVENTFD), "EFD_(SEMAPHORE|CLOEXEC|NONBLOCK)", null, null,
                    "eventfd2(2) flags, from the kernel's {@code linux/eventfd.h} (no uapi header has them)."),
            values("sigevNotify", List.of("asm/siginfo.h", "asm-generic/siginfo.h"), "SIGEV_(SIGNAL|NONE|THREAD|THREAD_ID)",
                    null, "{@code sigev_notify} of {@code struct sigevent}."),
            flags("sigaltstackFlags", List.of("linux/signal.h"), "SS_(ONSTACK|DISABLE|AUTODISARM)", null, null,
                    "{@code ss_flags} of sigaltstack(2)."),
            flags("spliceFlags", List.of(KERNEL_SPLICE), "SPLICE_F_(MOVE|NONBLOCK|MORE|GIFT)", null, null,
                    "splice(2)/tee(2)/vmsplice(2) flags, from the kernel's {@code linux/splice.h}."),
            flags("pidfdFlags", List.of("linux/pidfd.h"), "PIDFD_\\w+", null, null, "pidfd_open(2) flags."),
            flags("mountFlags", List.of("linux/mount.h"), "MS_\\w+", "MS_(RMT_MASK|MGC_VAL|MGC_MSK|VERBOSE)", null,
                    "mount(2) flags (the magic {@code MS_MGC_VAL} of the high half is printed apart)."),
            values("mempolicyModes", List.of("linux/mempolicy.h"), "MPOL_[A-Z_]+",
                    "MPOL_(MAX|F_\\w+|MF_\\w+|MODE_FLAGS)", "NUMA memory policy modes ({@code MPOL_BIND} ...)."),
            flags("mempolicyModeFlags", List.of("linux/mempolicy.h"), "MPOL_F_(STATIC|RELATIVE)_NODES|MPOL_F_NUMA_BALANCING",
                    null, null, "Mode flags of set_mempolicy(2)/mbind(2), in the mode argument's high bits."),
            flags("getMempolicyFlags", List.of("linux/mempolicy.h"), "MPOL_F_(NODE|ADDR|MEMS_ALLOWED)", null, null,
                    "get_mempolicy(2) flags."),
            flags("mbindFlags", List.of("linux/mempolicy.h"), "MPOL_MF_(STRICT|MOVE|MOVE_ALL|LAZY)", null, null,
                    "mbind(2) flags."),
            flags("resolveFlags", List.of("linux/openat2.h"), "RESOLVE_\\w+", null, null,
                    "{@code resolve} flags of openat2(2)'s {@code struct open_how}."),
            values("personalityTypes", List.of("linux/personality.h"), "PER_\\w+", "PER_(MASK|CLEAR_ON_SETID)",
                    "Execution domains of personality(2); the type is the low byte ({@code PER_MASK})."),
            flags("personalityFlags", List.of("linux/personality.h"),
                    "UNAME26|ADDR_\\w+|FDPIC_FUNCPTRS|MMAP_PAGE_ZERO|READ_IMPLIES_EXEC|SHORT_INODE|WHOLE_SECONDS"
                            + "|STICKY_TIMEOUTS", null, null, "personality(2) flags, above the type's byte."),
            values("kcmpTypes", List.of("linux/kcmp.h"), "KCMP_\\w+", "KCMP_TYPES", "kcmp(2) resource types."),
            values("capabilityVersions", List.of("linux/capability.h"), "_LINUX_CAPABILITY_VERSION_\\d", null,
                    "{@code version} of capget(2)/capset(2)'s header."),
            flags("ipcFlags", List.of("linux/ipc.h"), "IPC_(CREAT|EXCL|NOWAIT)", null, null,
                    "System V IPC get flags (the low nine bits are the permissions)."),
            values("msgctlCommands", List.of("linux/ipc.h", "linux/msg.h"), "IPC_(RMID|SET|STAT|INFO)|MSG_(STAT|INFO|STAT_ANY)",
                    null, "msgctl(2) commands."),
            values("semctlCommands", List.of("linux/ipc.h", "linux/sem.h"),
                    "IPC_(RMID|SET|STAT|INFO)|SEM_(STAT|INFO|STAT_ANY)|GET(PID|VAL|ALL|NCNT|ZCNT)|SET(VAL|ALL)", null,
                    "semctl(2) commands."),
            values("shmctlCommands", List.of("linux/ipc.h", "linux/shm.h"),
                    "IPC_(RMID|SET|STAT|INFO)|SHM_(LOCK|UNLOCK|STAT|INFO|STAT_ANY)", null, "shmctl(2) commands."),
            flags("msgrcvFlags", List.of("linux/msg.h", "linux/ipc.h"), "MSG_(NOERROR|EXCEPT|COPY)|IPC_NOWAIT", null,
                    null, "msgrcv(2)/msgsnd(2) flags."),
            flags("semopFlags", List.of("linux/sem.h", "linux/ipc.h"), "SEM_UNDO|IPC_NOWAIT", null, null,
                    "{@code sem_flg} of semop(2)."),
            flags("shmatFlags", List.of("linux/shm.h"), "SHM_(RDONLY|RND|REMAP|EXEC)", null, null, "shmat(2) flags."),
            flags("shmgetFlags", List.of("linux/ipc.h", "linux/shm.h"), "IPC_(CREAT|EXCL)|SHM_(HUGETLB|NORESERVE)",
                    null, null, "shmget(2) flags (the low nine bits are the permissions)."),
            flags("fsopenFlags", List.of("linux/mount.h"), "FSOPEN_\\w+", null, null, "fsopen(2) flags."),
            values("fsconfigCommands", List.of("linux/mount.h"), "FSCONFIG_\\w+", null, "fsconfig(2) commands."),
            flags("fsmountFlags", List.of("linux/mount.h"), "FSMOUNT_\\w+", null, null, "fsmount(2) flags."),
            flags("mountAttributes", List.of("linux/mount.h"), "MOUNT_ATTR_\\w+",
                    "MOUNT_ATTR_(_ATIME|RELATIME|SIZE_VER\\d)", null,
                    "Mount attributes of fsmount(2) and mount_setattr(2) ({@code MOUNT_ATTR_RELATIME} is 0)."),
            flags("moveMountFlags", List.of("linux/mount.h"), "MOVE_MOUNT_\\w+", "MOVE_MOUNT__MASK", null,
                    "move_mount(2) flags."),
            flags("openTreeFlags", List.of("linux/mount.h"), "OPEN_TREE_CLONE", null, null,
                    "open_tree(2) flags of its own ({@code OPEN_TREE_CLOEXEC} is {@code O_CLOEXEC})."),
            flags("fspickFlags", List.of("linux/mount.h"), "FSPICK_\\w+", null, null, "fspick(2) flags."),
            values("fanotifyClasses", List.of("linux/fanotify.h"), "FAN_CLASS_\\w+", null,
                    "fanotify_init(2) notification classes."),
            flags("fanotifyInitFlags", List.of("linux/fanotify.h"),
                    "FAN_(CLOEXEC|NONBLOCK|UNLIMITED_QUEUE|UNLIMITED_MARKS|ENABLE_AUDIT|REPORT_(PIDFD|TID|FID|DIR_FID"
                            + "|NAME|TARGET_FID))", null, null, "fanotify_init(2) flags beside the class."),
            flags("fanotifyMarkFlags", List.of("linux/fanotify.h"), "FAN_MARK_\\w+",
                    "FAN_MARK_(INODE|IGNORE_SURV|TYPE_MASK)", null, "fanotify_mark(2) flags."),
            flags("fanotifyEvents", List.of("linux/fanotify.h"),
                    "FAN_(ACCESS|MODIFY|ATTRIB|CLOSE_WRITE|CLOSE_NOWRITE|OPEN|MOVED_FROM|MOVED_TO|CREATE|DELETE"
                            + "|DELETE_SELF|MOVE_SELF|OPEN_EXEC|Q_OVERFLOW|FS_ERROR|OPEN_PERM|ACCESS_PERM|OPEN_EXEC_PERM"
                            + "|EVENT_ON_CHILD|RENAME|ONDIR)", null, null, "fanotify event bits."),
            flags("ioUringSetupFlags", List.of("linux/io_uring.h"), "IORING_SETUP_\\w+", null, null,
                    "io_uring_setup(2) flags."),
            flags("ioUringFeatures", List.of("linux/io_uring.h"), "IORING_FEAT_\\w+", null, null,
                    "io_uring features the kernel reports."),
            flags("ioUringEnterFlags", List.of("linux/io_uring.h"), "IORING_ENTER_\\w+", null, null,
                    "io_uring_enter(2) flags."),
            values("ioUringRegisterOps", List.of("linux/io_uring.h"), "IORING_(UN)?REGISTER_\\w+",
                    "IORING_REGISTER_(LAST|FILES_SKIP|USE_REGISTERED_RING)", "io_uring_register(2) opcodes."),
            values("keyctlCommands", List.of("linux/keyctl.h"), "KEYCTL_[A-Z_]+",
                    "KEYCTL_(SUPPORTS|CAPS\\d|MOVE_EXCL)\\w*", "keyctl(2) commands."),
            values("keySpecs", List.of("linux/keyctl.h"), "KEY_SPEC_\\w+", null,
                    "Special key serial numbers ({@code KEY_SPEC_SESSION_KEYRING}...)."),
            tagged("bpfCommands", false, BPF, "BPF_\\w+", "bpf_cmd", "bpf(2) commands."),
            tagged("bpfMapTypes", false, BPF, "BPF_MAP_TYPE_\\w+", "bpf_map_type", "bpf(2) map types."),
            tagged("bpfProgTypes", false, BPF, "BPF_PROG_TYPE_\\w+", "bpf_prog_type", "bpf(2) program types."),
            tagged("bpfAttachTypes", false, BPF, "BPF_\\w+", "bpf_attach_type", "bpf(2) attach types."),
            flags("bpfMapFlags", BPF, "BPF_F_(NO_PREALLOC|NO_COMMON_LRU|NUMA_NODE|RDONLY|WRONLY|STACK_BUILD_ID"
                    + "|ZERO_SEED|RDONLY_PROG|WRONLY_PROG|CLONE|MMAPABLE|PRESERVE_ELEMS|INNER_MAP)", null, null,
                    "Flags of {@code BPF_MAP_CREATE}."),
            values("bpfUpdateFlags", BPF, "BPF_(ANY|NOEXIST|EXIST|F_LOCK)", null,
                    "Flags of the {@code BPF_MAP_*_ELEM} commands."),
            flags("bpfAttachFlags", BPF, "BPF_F_(ALLOW_OVERRIDE|ALLOW_MULTI|REPLACE)", null, null,
                    "Flags of {@code BPF_PROG_ATTACH}."),
            flags("bpfProgFlags", BPF, "BPF_F_(STRICT_ALIGNMENT|ANY_ALIGNMENT|TEST_RND_HI32|TEST_STATE_FREQ"
                    + "|SLEEPABLE|XDP_HAS_FRAGS)", null, null, "Flags of {@code BPF_PROG_LOAD}."),
            flags("bpfQueryFlags", BPF, "BPF_F_QUERY_EFFECTIVE", null, null, "Flags of {@code BPF_PROG_QUERY}."),
            tagged("perfTypes", false, PERF, "PERF_TYPE_\\w+", "perf_type_id", "perf_event_open(2) event types."),
            tagged("perfHardwareIds", false, PERF, "PERF_COUNT_HW_\\w+", "perf_hw_id",
                    "Generalized hardware events ({@code PERF_TYPE_HARDWARE} configs)."),
            tagged("perfCacheIds", false, PERF, "PERF_COUNT_HW_CACHE_\\w+", "perf_hw_cache_id",
                    "Hardware caches (bits 0-7 of a {@code PERF_TYPE_HW_CACHE} config)."),
            tagged("perfCacheOps", false, PERF, "PERF_COUNT_HW_CACHE_OP_\\w+", "perf_hw_cache_op_id",
                    "Cache operations (bits 8-15 of a {@code PERF_TYPE_HW_CACHE} config)."),
            tagged("perfCacheResults", false, PERF, "PERF_COUNT_HW_CACHE_RESULT_\\w+", "perf_hw_cache_op_result_id",
                    "Cache operation results (bits 16-23 of a {@code PERF_TYPE_HW_CACHE} config)."),
            tagged("perfSoftwareIds", false, PERF, "PERF_COUNT_SW_\\w+", "perf_sw_ids",
                    "Software events ({@code PERF_TYPE_SOFTWARE} configs)."),
            tagged("perfSampleFormat", true, PERF, "PERF_SAMPLE_\\w+", "perf_event_sample_format",
                    "Bits of {@code perf_event_attr.sample_type}."),
            tagged("perfReadFormat", true, PERF, "PERF_FORMAT_\\w+", "perf_event_read_format",
                    "Bits of {@code perf_event_attr.read_format}."),
            flags("perfFlags", PERF, "PERF_FLAG_\\w+", null, null, "perf_event_open(2) flags."),
            values("perfAttrSizes", PERF, "PERF_ATTR_SIZE_VER\\d+", null,
                    "Published sizes of {@code struct perf_event_attr}."));

    /** Enumerators of one C enum; names with {@code MAX} in them (bounds, not values) are left out. */
    private static FamilySpec tagged(String key, boolean flags, List<String> files, String names, String tag,
                                     String doc) {
        return new FamilySpec(key, flags, files, Pattern.compile(names), Pattern.compile("\\w*MAX\\w*|PERF_SAMPLE_WEIGHT_TYPE"),
                null, tag, doc);
    }

    private static FamilySpec values(String key, List<String> files, String names, String exclude, String doc) {
        return new FamilySpec(key, false, files, Pattern.compile(names),
                exclude == null ? null : Pattern.compile(exclude), null, null, doc);
    }

    private static FamilySpec flags(String key, List<String> files, String names, String exclude, String mask,
                                    String doc) {
        return new FamilySpec(key, true, files, Pattern.compile(names),
                exclude == null ? null : Pattern.compile(exclude), mask, null, doc);
    }
}
