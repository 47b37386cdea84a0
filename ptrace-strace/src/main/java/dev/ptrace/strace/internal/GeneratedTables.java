package dev.ptrace.strace.internal;

import dev.ptrace.Arch;
import dev.ptrace.Errno;
import dev.ptrace.syscalls.Constant;
import dev.ptrace.syscalls.Constants;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallArg;
import dev.ptrace.syscalls.SyscallTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link SyscallTables} backed by the generated tables of {@code ptrace-syscalls} and {@link Errno}: every
 * family is a committed fact, nothing is read from the machine at run time. What is strace's own is kept here:
 * the order strace prints some flags in, and the aliases it never prints.
 */
final class GeneratedTables implements SyscallTables {

    /** The generated family behind each of ours. */
    private static final Map<ConstantFamily, String> GENERATED = new EnumMap<>(ConstantFamily.class);
    /** Flags strace prints in this order rather than by value; the family's other entries follow. */
    private static final Map<ConstantFamily, List<String>> PRINT_ORDER = new EnumMap<>(ConstantFamily.class);

    static {
        GENERATED.put(ConstantFamily.OPEN_FLAGS, "openFlags");
        GENERATED.put(ConstantFamily.AT_FLAGS, "atFlags");
        GENERATED.put(ConstantFamily.PROT, "protFlags");
        GENERATED.put(ConstantFamily.MAP, "mapFlags");
        GENERATED.put(ConstantFamily.CLONE, "cloneFlags");
        GENERATED.put(ConstantFamily.WAIT_OPTIONS, "waitOptions");
        GENERATED.put(ConstantFamily.FCNTL_CMD, "fcntlCommands");
        GENERATED.put(ConstantFamily.ADDRESS_FAMILY, "addressFamilies");
        GENERATED.put(ConstantFamily.SOCKET_TYPE, "socketTypes");
        GENERATED.put(ConstantFamily.SOCKET_FLAGS, "socketFlags");
        GENERATED.put(ConstantFamily.SEEK, "seekWhence");
        GENERATED.put(ConstantFamily.SIGACTION_FLAGS, "sigactionFlags");
        GENERATED.put(ConstantFamily.SIGPROCMASK_HOW, "sigprocmaskHow");
        GENERATED.put(ConstantFamily.RLIMIT, "rlimits");
        GENERATED.put(ConstantFamily.FUTEX_OP, "futexOps");
        GENERATED.put(ConstantFamily.ARCH_PRCTL, "archPrctlCodes");
        GENERATED.put(ConstantFamily.GETRANDOM_FLAGS, "getrandomFlags");
        GENERATED.put(ConstantFamily.STATX_MASK, "statxMask");
        GENERATED.put(ConstantFamily.STATX_ATTR, "statxAttributes");
        GENERATED.put(ConstantFamily.FADVISE, "fadviseAdvice");
        GENERATED.put(ConstantFamily.ACCESS_MODE, "accessModes");
        GENERATED.put(ConstantFamily.FILE_TYPE, "fileTypes");
        GENERATED.put(ConstantFamily.POLL_EVENTS, "pollEvents");
        GENERATED.put(ConstantFamily.IOCTL, "terminalIoctls");
        GENERATED.put(ConstantFamily.IPPROTO, "ipProtocols");
        GENERATED.put(ConstantFamily.CLOCK, "clocks");
        GENERATED.put(ConstantFamily.PRCTL, "prctlOptions");
        GENERATED.put(ConstantFamily.PR_SET_MM, "prSetMmOptions");
        GENERATED.put(ConstantFamily.SUID_DUMP, "suidDumpModes");
        GENERATED.put(ConstantFamily.EPOLL_EVENTS, "epollEvents");
        GENERATED.put(ConstantFamily.EPOLL_CTL, "epollCtlOps");
        GENERATED.put(ConstantFamily.MSG_FLAGS, "msgFlags");
        GENERATED.put(ConstantFamily.FS_MAGIC, "fsMagic");
        GENERATED.put(ConstantFamily.STATFS_FLAGS, "statfsFlags");
        GENERATED.put(ConstantFamily.TERMIOS_IFLAG, "termiosInputFlags");
        GENERATED.put(ConstantFamily.TERMIOS_OFLAG, "termiosOutputFlags");
        GENERATED.put(ConstantFamily.TERMIOS_CFLAG, "termiosControlFlags");
        GENERATED.put(ConstantFamily.TERMIOS_LFLAG, "termiosLocalFlags");
        GENERATED.put(ConstantFamily.BAUD, "baudRates");
        GENERATED.put(ConstantFamily.CAPABILITY, "capabilities");
        GENERATED.put(ConstantFamily.WAITID_TYPE, "waitIdTypes");
        GENERATED.put(ConstantFamily.PTRACE_REQUEST, "ptraceRequests");
        GENERATED.put(ConstantFamily.SECCOMP_OP, "seccompOps");
        GENERATED.put(ConstantFamily.FCNTL_LOCK_TYPE, "fcntlLockTypes");
        GENERATED.put(ConstantFamily.SOCKET_LEVEL, "socketLevels");
        GENERATED.put(ConstantFamily.SOCKET_OPTION, "socketOptions");
        GENERATED.put(ConstantFamily.TCP_OPTION, "tcpOptions");
        GENERATED.put(ConstantFamily.IP_OPTION, "ipOptions");
        GENERATED.put(ConstantFamily.NETLINK_PROTOCOL, "netlinkProtocols");
        GENERATED.put(ConstantFamily.MADVISE, "madviseAdvice");
        GENERATED.put(ConstantFamily.MREMAP_FLAGS, "mremapFlags");
        GENERATED.put(ConstantFamily.MSYNC_FLAGS, "msyncFlags");
        GENERATED.put(ConstantFamily.MLOCKALL_FLAGS, "mlockallFlags");
        GENERATED.put(ConstantFamily.MLOCK_FLAGS, "mlockFlags");
        GENERATED.put(ConstantFamily.MEMFD_FLAGS, "memfdFlags");
        GENERATED.put(ConstantFamily.FLOCK_OP, "flockOperations");
        GENERATED.put(ConstantFamily.RENAME_FLAGS, "renameFlags");
        GENERATED.put(ConstantFamily.FALLOCATE_MODE, "fallocateModes");
        GENERATED.put(ConstantFamily.INOTIFY_EVENTS, "inotifyEvents");
        GENERATED.put(ConstantFamily.INOTIFY_INIT_FLAGS, "inotifyInitFlags");
        GENERATED.put(ConstantFamily.PRIORITY_WHICH, "priorityWhich");
        GENERATED.put(ConstantFamily.RUSAGE_WHO, "rusageWho");
        GENERATED.put(ConstantFamily.XATTR_FLAGS, "xattrFlags");
        GENERATED.put(ConstantFamily.ITIMER_WHICH, "itimerWhich");
        GENERATED.put(ConstantFamily.TIMER_FLAGS, "timerFlags");
        GENERATED.put(ConstantFamily.TIMERFD_FLAGS, "timerfdFlags");
        GENERATED.put(ConstantFamily.TIMERFD_SETTIME_FLAGS, "timerfdSettimeFlags");
        GENERATED.put(ConstantFamily.SIGNALFD_FLAGS, "signalfdFlags");
        GENERATED.put(ConstantFamily.EVENTFD_FLAGS, "eventfdFlags");
        GENERATED.put(ConstantFamily.PIDFD_FLAGS, "pidfdFlags");
        GENERATED.put(ConstantFamily.SIGEV_NOTIFY, "sigevNotify");
        GENERATED.put(ConstantFamily.SPLICE_FLAGS, "spliceFlags");
        GENERATED.put(ConstantFamily.SCHED_POLICY, "schedPolicies");
        GENERATED.put(ConstantFamily.SIGALTSTACK_FLAGS, "sigaltstackFlags");
        GENERATED.put(ConstantFamily.MOUNT_FLAGS, "mountFlags");
        GENERATED.put(ConstantFamily.MEMPOLICY_MODE, "mempolicyModes");
        GENERATED.put(ConstantFamily.MEMPOLICY_MODE_FLAGS, "mempolicyModeFlags");
        GENERATED.put(ConstantFamily.GET_MEMPOLICY_FLAGS, "getMempolicyFlags");
        GENERATED.put(ConstantFamily.MBIND_FLAGS, "mbindFlags");
        GENERATED.put(ConstantFamily.RESOLVE_FLAGS, "resolveFlags");
        GENERATED.put(ConstantFamily.PERSONALITY_TYPE, "personalityTypes");
        GENERATED.put(ConstantFamily.PERSONALITY_FLAGS, "personalityFlags");
        GENERATED.put(ConstantFamily.KCMP_TYPE, "kcmpTypes");
        GENERATED.put(ConstantFamily.CAPABILITY_VERSION, "capabilityVersions");
        GENERATED.put(ConstantFamily.SECCOMP_RET_ACTION, "seccompReturnActions");
        GENERATED.put(ConstantFamily.SECCOMP_FILTER_FLAGS, "seccompFilterFlags");
        GENERATED.put(ConstantFamily.IPC_FLAGS, "ipcFlags");
        GENERATED.put(ConstantFamily.MSGCTL_CMD, "msgctlCommands");
        GENERATED.put(ConstantFamily.SEMCTL_CMD, "semctlCommands");
        GENERATED.put(ConstantFamily.SHMCTL_CMD, "shmctlCommands");
        GENERATED.put(ConstantFamily.MSGRCV_FLAGS, "msgrcvFlags");
        GENERATED.put(ConstantFamily.SEMOP_FLAGS, "semopFlags");
        GENERATED.put(ConstantFamily.SHMAT_FLAGS, "shmatFlags");
        GENERATED.put(ConstantFamily.SHMGET_FLAGS, "shmgetFlags");
        GENERATED.put(ConstantFamily.FSOPEN_FLAGS, "fsopenFlags");
        GENERATED.put(ConstantFamily.FSCONFIG_CMD, "fsconfigCommands");
        GENERATED.put(ConstantFamily.FSMOUNT_FLAGS, "fsmountFlags");
        GENERATED.put(ConstantFamily.MOUNT_ATTR, "mountAttributes");
        GENERATED.put(ConstantFamily.MOVE_MOUNT_FLAGS, "moveMountFlags");
        GENERATED.put(ConstantFamily.OPEN_TREE_FLAGS, "openTreeFlags");
        GENERATED.put(ConstantFamily.FSPICK_FLAGS, "fspickFlags");
        GENERATED.put(ConstantFamily.FANOTIFY_CLASS, "fanotifyClasses");
        GENERATED.put(ConstantFamily.FANOTIFY_INIT_FLAGS, "fanotifyInitFlags");
        GENERATED.put(ConstantFamily.FANOTIFY_MARK_FLAGS, "fanotifyMarkFlags");
        GENERATED.put(ConstantFamily.FANOTIFY_EVENTS, "fanotifyEvents");
        GENERATED.put(ConstantFamily.IO_URING_SETUP_FLAGS, "ioUringSetupFlags");
        GENERATED.put(ConstantFamily.IO_URING_FEATURES, "ioUringFeatures");
        GENERATED.put(ConstantFamily.IO_URING_ENTER_FLAGS, "ioUringEnterFlags");
        GENERATED.put(ConstantFamily.IO_URING_REGISTER_OP, "ioUringRegisterOps");
        GENERATED.put(ConstantFamily.KEYCTL_CMD, "keyctlCommands");
        GENERATED.put(ConstantFamily.KEY_SPEC, "keySpecs");
        GENERATED.put(ConstantFamily.BPF_CMD, "bpfCommands");
        GENERATED.put(ConstantFamily.BPF_MAP_TYPE, "bpfMapTypes");
        GENERATED.put(ConstantFamily.BPF_PROG_TYPE, "bpfProgTypes");
        GENERATED.put(ConstantFamily.BPF_ATTACH_TYPE, "bpfAttachTypes");
        GENERATED.put(ConstantFamily.BPF_MAP_FLAGS, "bpfMapFlags");
        GENERATED.put(ConstantFamily.BPF_UPDATE_FLAGS, "bpfUpdateFlags");
        GENERATED.put(ConstantFamily.BPF_ATTACH_FLAGS, "bpfAttachFlags");
        GENERATED.put(ConstantFamily.BPF_PROG_FLAGS, "bpfProgFlags");
        GENERATED.put(ConstantFamily.BPF_QUERY_FLAGS, "bpfQueryFlags");
        GENERATED.put(ConstantFamily.PERF_TYPE, "perfTypes");
        GENERATED.put(ConstantFamily.PERF_HW_ID, "perfHardwareIds");
        GENERATED.put(ConstantFamily.PERF_SW_ID, "perfSoftwareIds");
        GENERATED.put(ConstantFamily.PERF_CACHE_ID, "perfCacheIds");
        GENERATED.put(ConstantFamily.PERF_CACHE_OP, "perfCacheOps");
        GENERATED.put(ConstantFamily.PERF_CACHE_RESULT, "perfCacheResults");
        GENERATED.put(ConstantFamily.PERF_SAMPLE_FORMAT, "perfSampleFormat");
        GENERATED.put(ConstantFamily.PERF_READ_FORMAT, "perfReadFormat");
        GENERATED.put(ConstantFamily.PERF_FLAGS, "perfFlags");
        GENERATED.put(ConstantFamily.PERF_ATTR_SIZE, "perfAttrSizes");

        PRINT_ORDER.put(ConstantFamily.OPEN_FLAGS, List.of("O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND",
                "O_NONBLOCK", "O_SYNC", "O_DSYNC", "O_DIRECT", "O_LARGEFILE", "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC",
                "O_PATH", "O_TMPFILE", "O_DIRECTORY"));
        PRINT_ORDER.put(ConstantFamily.SOCKET_FLAGS, List.of("SOCK_CLOEXEC", "SOCK_NONBLOCK"));
        PRINT_ORDER.put(ConstantFamily.MSYNC_FLAGS, List.of("MS_ASYNC", "MS_SYNC", "MS_INVALIDATE"));
        PRINT_ORDER.put(ConstantFamily.TIMERFD_FLAGS, List.of("TFD_CLOEXEC", "TFD_NONBLOCK"));
        PRINT_ORDER.put(ConstantFamily.SIGNALFD_FLAGS, List.of("SFD_CLOEXEC", "SFD_NONBLOCK"));
        PRINT_ORDER.put(ConstantFamily.EVENTFD_FLAGS, List.of("EFD_SEMAPHORE", "EFD_CLOEXEC", "EFD_NONBLOCK"));
        PRINT_ORDER.put(ConstantFamily.SIGACTION_FLAGS, List.of("SA_RESTORER", "SA_ONSTACK", "SA_RESTART",
                "SA_NODEFER", "SA_RESETHAND", "SA_SIGINFO", "SA_NOCLDSTOP", "SA_NOCLDWAIT", "SA_UNSUPPORTED",
                "SA_EXPOSE_TAGBITS"));
        PRINT_ORDER.put(ConstantFamily.MSGRCV_FLAGS, List.of("MSG_NOERROR", "MSG_EXCEPT", "MSG_COPY"));
        PRINT_ORDER.put(ConstantFamily.SEMOP_FLAGS, List.of("SEM_UNDO"));
        PRINT_ORDER.put(ConstantFamily.STATX_MASK, List.of("STATX_BASIC_STATS"));
        PRINT_ORDER.put(ConstantFamily.ACCESS_MODE, List.of("R_OK", "W_OK", "X_OK"));
        PRINT_ORDER.put(ConstantFamily.STATFS_FLAGS, List.of("ST_VALID"));
        PRINT_ORDER.put(ConstantFamily.TERMIOS_LFLAG, List.of("ISIG", "ICANON", "XCASE", "ECHO", "ECHOE", "ECHOK",
                "ECHONL", "NOFLSH", "TOSTOP", "IEXTEN"));
    }

    /** Aliases strace never prints. */
    private static final Set<String> ALIASES = Set.of("O_NDELAY", "WUNTRACED", "AF_LOCAL", "AF_ROUTE",
            "AT_STATX_FORCE_SYNC", "AT_STATX_DONT_SYNC", "PROT_NONE");

    /** Names strace spells as the C library does rather than as the kernel headers do. */
    private static final Map<String, String> STRACE_SPELLING = Map.of("SCHED_NORMAL", "SCHED_OTHER");

    private final Arch arch;
    private final SyscallTable table;
    private final Constants constants;
    private final Map<ConstantFamily, Xlat> families = new EnumMap<>(ConstantFamily.class);

    GeneratedTables(Arch arch) {
        this.arch = arch;
        this.table = SyscallTable.of(arch);
        this.constants = Constants.of(arch);
    }

    @Override
    public Arch arch() {
        return arch;
    }

    @Override
    public String syscallName(int number) {
        return table.nameOf(number);
    }

    @Override
    public OptionalInt syscallNumber(String name) {
        return table.byName(name).map(s -> OptionalInt.of(s.number())).orElse(OptionalInt.empty());
    }

    @Override
    public Collection<String> syscallNames() {
        Set<String> names = new TreeSet<>();
        for (Syscall s : table.all()) {
            names.add(s.name());
        }
        return names;
    }

    @Override
    public List<SyscallArg> prototype(int number) {
        return table.byNumber(number).filter(Syscall::hasPrototype).map(Syscall::args).orElse(null);
    }

    @Override
    public int argumentCount(int number) {
        return table.byNumber(number).map(s -> s.argCount().orElse(6)).orElse(6);
    }

    @Override
    public synchronized Xlat constants(ConstantFamily family) {
        return families.computeIfAbsent(family, this::load);
    }

    private Xlat load(ConstantFamily family) {
        if (family == ConstantFamily.ERRNO) {
            List<Xlat.Entry> entries = new ArrayList<>();
            for (Errno e : Errno.values()) {
                entries.add(new Xlat.Entry(e.name(), e.number()));
            }
            return new Xlat(entries);
        }
        String generated = GENERATED.get(family);
        dev.ptrace.syscalls.ConstantFamily f = generated == null ? null : constants.family(generated).orElse(null);
        if (f == null) {
            return Xlat.empty();
        }
        Map<String, Long> picked = new LinkedHashMap<>();
        boolean flags = f.kind() == dev.ptrace.syscalls.ConstantFamily.Kind.FLAGS;
        for (Constant c : f.entries()) {
            if (ALIASES.contains(c.name())) {
                continue;
            }
            if (flags && family != ConstantFamily.MAP && f.fieldMask() != 0 && (c.value() & ~f.fieldMask()) == 0) {
                continue;
            }
            if (flags && c.value() == 0) {
                continue; // F_OK: the decoders print the zero name themselves
            }
            picked.putIfAbsent(STRACE_SPELLING.getOrDefault(c.name(), c.name()), c.value());
        }
        List<Xlat.Entry> entries = new ArrayList<>();
        for (String n : PRINT_ORDER.getOrDefault(family, List.of())) {
            Long v = picked.remove(n);
            if (v != null) {
                entries.add(new Xlat.Entry(n, v));
            }
        }
        picked.forEach((n, v) -> entries.add(new Xlat.Entry(n, v)));
        return new Xlat(entries);
    }
}
