package dev.ptrace.syscalls;

import dev.ptrace.Arch;
import dev.ptrace.syscalls.generated.Aarch64Constants;
import dev.ptrace.syscalls.generated.X86_64Constants;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The constant families of one architecture, generated from the uapi headers: what a syscall decoder needs to
 * turn flag and command arguments into names. Values that differ between architectures (such as
 * {@code O_DIRECTORY}, or the arch-specific ptrace requests) are per arch.
 *
 * <pre>{@code
 * Constants c = Constants.of(Arch.X86_64);
 * c.openFlags().format(0x80000)           // "O_RDONLY|O_CLOEXEC"
 * c.ptraceRequests().format(0x4206)       // "PTRACE_SEIZE"
 * }</pre>
 */
public final class Constants {
    private static final Map<Arch, Constants> CACHE = new EnumMap<>(Arch.class);

    private final Arch arch;
    private final Map<String, ConstantFamily> families;

    private Constants(Arch arch, List<ConstantFamily> list) {
        this.arch = arch;
        Map<String, ConstantFamily> m = new LinkedHashMap<>();
        for (ConstantFamily f : list) {
            m.put(f.name(), f);
        }
        this.families = m;
    }

    /**
     * {@return the constants of an architecture}
     *
     * @param arch the architecture
     */
    public static Constants of(Arch arch) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(arch, a -> new Constants(a, load(a)));
        }
    }

    private static List<ConstantFamily> load(Arch arch) {
        switch (arch) {
            case X86_64:
                return X86_64Constants.families();
            case AARCH64:
                return Aarch64Constants.families();
            default:
                throw new IllegalArgumentException("no constants for " + arch);
        }
    }

    /** {@return the architecture} */
    public Arch arch() {
        return arch;
    }

    /** {@return every family, in a fixed order} */
    public List<ConstantFamily> families() {
        return List.copyOf(families.values());
    }

    /**
     * {@return the family with this name, if there is one}
     *
     * @param name the name of the accessor that returns it: "openFlags", "mapFlags" ...
     */
    public Optional<ConstantFamily> family(String name) {
        return Optional.ofNullable(families.get(name));
    }

    private ConstantFamily get(String name) {
        ConstantFamily f = families.get(name);
        if (f == null) {
            throw new NoSuchElementException("no constant family " + name + " for " + arch);
        }
        return f;
    }

    /** {@return signal names and numbers from {@code asm/signal.h}, aliases included (SIGRTMIN 32, SIGRTMAX 64)} */
    public ConstantFamily signals() {
        return get("signals");
    }

    /** {@return open(2) flags; the access mode ({@code O_RDONLY} ...) is the field under {@code O_ACCMODE}} */
    public ConstantFamily openFlags() {
        return get("openFlags");
    }

    /** {@return the {@code AT_*} flags of the *at(2) calls; several share a value, so pick names per call} */
    public ConstantFamily atFlags() {
        return get("atFlags");
    }

    /** {@return special directory descriptors of the *at(2) calls: {@code AT_FDCWD}} */
    public ConstantFamily atDirfds() {
        return get("atDirfds");
    }

    /** {@return fcntl(2) commands} */
    public ConstantFamily fcntlCommands() {
        return get("fcntlCommands");
    }

    /** {@return lock types of {@code struct flock} ({@code F_RDLCK} ...)} */
    public ConstantFamily fcntlLockTypes() {
        return get("fcntlLockTypes");
    }

    /** {@return file seals of {@code F_ADD_SEALS}} */
    public ConstantFamily fcntlSeals() {
        return get("fcntlSeals");
    }

    /** {@return file descriptor flags of {@code F_GETFD}/{@code F_SETFD}} */
    public ConstantFamily fdFlags() {
        return get("fdFlags");
    }

    /** {@return lseek(2) whence values} */
    public ConstantFamily seekWhence() {
        return get("seekWhence");
    }

    /** {@return mmap(2)/mprotect(2) {@code PROT_*} flags} */
    public ConstantFamily protFlags() {
        return get("protFlags");
    }

    /** {@return mmap(2) {@code MAP_*} flags; the mapping type is the field under {@code MAP_TYPE}} */
    public ConstantFamily mapFlags() {
        return get("mapFlags");
    }

    /**
     * clone(2)/clone3(2)/unshare(2) flags. For clone(2) the low byte is the exit signal ({@code CSIGNAL}):
     * format {@code flags & ~0xff} here and the low byte with {@link #signals()}.
     *
     * @return the family
     */
    public ConstantFamily cloneFlags() {
        return get("cloneFlags");
    }

    /** {@return wait4(2)/waitid(2) options} */
    public ConstantFamily waitOptions() {
        return get("waitOptions");
    }

    /** {@return waitid(2) id types ({@code P_ALL} ...)} */
    public ConstantFamily waitIdTypes() {
        return get("waitIdTypes");
    }

    /** {@return socket address families ({@code AF_*})} */
    public ConstantFamily addressFamilies() {
        return get("addressFamilies");
    }

    /** {@return socket types ({@code SOCK_STREAM} ...), the low bits of socket(2)'s type argument} */
    public ConstantFamily socketTypes() {
        return get("socketTypes");
    }

    /** {@return the flags socket(2) accepts in its type argument ({@code SOCK_NONBLOCK}, {@code SOCK_CLOEXEC})} */
    public ConstantFamily socketFlags() {
        return get("socketFlags");
    }

    /** {@return seccomp(2) operations} */
    public ConstantFamily seccompOps() {
        return get("seccompOps");
    }

    /** {@return seccomp modes} */
    public ConstantFamily seccompModes() {
        return get("seccompModes");
    }

    /** {@return the {@code SECCOMP_FILTER_FLAG_*} flags} */
    public ConstantFamily seccompFilterFlags() {
        return get("seccompFilterFlags");
    }

    /** {@return seccomp filter return actions ({@code SECCOMP_RET_*})} */
    public ConstantFamily seccompReturnActions() {
        return get("seccompReturnActions");
    }

    /** {@return ptrace(2) requests, including this architecture's own} */
    public ConstantFamily ptraceRequests() {
        return get("ptraceRequests");
    }

    /** {@return the {@code PTRACE_O_*} options} */
    public ConstantFamily ptraceOptions() {
        return get("ptraceOptions");
    }

    /** {@return the {@code PTRACE_EVENT_*} stop events} */
    public ConstantFamily ptraceEvents() {
        return get("ptraceEvents");
    }

    /** {@return the {@code PTRACE_SYSCALL_INFO_*} values of {@code struct ptrace_syscall_info.op}} */
    public ConstantFamily ptraceSyscallInfoOps() {
        return get("ptraceSyscallInfoOps");
    }

    /** {@return {@code sa_flags} of rt_sigaction(2) ({@code SA_RESTART} ...)} */
    public ConstantFamily sigactionFlags() {
        return get("sigactionFlags");
    }

    /** {@return {@code how} of rt_sigprocmask(2): {@code SIG_BLOCK}, {@code SIG_UNBLOCK}, {@code SIG_SETMASK}} */
    public ConstantFamily sigprocmaskHow() {
        return get("sigprocmaskHow");
    }

    /** {@return resource limits ({@code RLIMIT_*})} */
    public ConstantFamily rlimits() {
        return get("rlimits");
    }

    /**
     * {@return futex(2) operations with their {@code _PRIVATE} forms ({@code FUTEX_WAIT_PRIVATE} is 128); the
     * flag {@code FUTEX_CLOCK_REALTIME} (256) is not part of the family}
     */
    public ConstantFamily futexOps() {
        return get("futexOps");
    }

    /** {@return arch_prctl(2) codes ({@code ARCH_SET_FS} ...); x86_64 only, empty on other architectures} */
    public ConstantFamily archPrctlCodes() {
        return get("archPrctlCodes");
    }

    /** {@return getrandom(2) flags ({@code GRND_*})} */
    public ConstantFamily getrandomFlags() {
        return get("getrandomFlags");
    }

    /** {@return statx(2) mask bits ({@code STATX_*}, {@code STATX_BASIC_STATS} included)} */
    public ConstantFamily statxMask() {
        return get("statxMask");
    }

    /** {@return statx(2) attribute bits ({@code STATX_ATTR_*})} */
    public ConstantFamily statxAttributes() {
        return get("statxAttributes");
    }

    /** {@return posix_fadvise(2) advice ({@code POSIX_FADV_*})} */
    public ConstantFamily fadviseAdvice() {
        return get("fadviseAdvice");
    }

    /**
     * {@return access(2) modes {@code R_OK}, {@code W_OK}, {@code X_OK} and {@code F_OK} (0); no uapi header has
     * them: they come from the C library's {@code unistd.h}}
     */
    public ConstantFamily accessModes() {
        return get("accessModes");
    }

    /** {@return file types of a mode, the field under {@code S_IFMT} ({@code S_IFREG} ...)} */
    public ConstantFamily fileTypes() {
        return get("fileTypes");
    }

    /** {@return poll(2) events ({@code POLLIN} ...)} */
    public ConstantFamily pollEvents() {
        return get("pollEvents");
    }

    /** {@return terminal and file ioctl(2) requests of {@code asm/ioctls.h} ({@code TCGETS}, {@code FIONREAD} ...)} */
    public ConstantFamily terminalIoctls() {
        return get("terminalIoctls");
    }

    /** {@return iP protocols ({@code IPPROTO_*})} */
    public ConstantFamily ipProtocols() {
        return get("ipProtocols");
    }

    /** {@return clock ids ({@code CLOCK_*})} */
    public ConstantFamily clocks() {
        return get("clocks");
    }

    /** {@return prctl(2) options ({@code PR_SET_NAME} ...), without the values of their arguments} */
    public ConstantFamily prctlOptions() {
        return get("prctlOptions");
    }

    /** {@return the {@code PR_SET_MM_*} sub-options of prctl(2)'s {@code PR_SET_MM}} */
    public ConstantFamily prSetMmOptions() {
        return get("prSetMmOptions");
    }

    /** {@return the {@code SUID_DUMP_*} values of {@code PR_SET_DUMPABLE}/{@code PR_GET_DUMPABLE}, from the kernel's {@code linux/sched/coredump.h}} */
    public ConstantFamily suidDumpModes() {
        return get("suidDumpModes");
    }

    /** {@return epoll(7) event bits ({@code EPOLLIN} ...)} */
    public ConstantFamily epollEvents() {
        return get("epollEvents");
    }

    /** {@return epoll_ctl(2) operations ({@code EPOLL_CTL_ADD} ...)} */
    public ConstantFamily epollCtlOps() {
        return get("epollCtlOps");
    }

    /** {@return send(2)/recv(2) {@code MSG_*} flags, without the kernel-internal ones and the aliases} */
    public ConstantFamily msgFlags() {
        return get("msgFlags");
    }

    /** {@return file system magic numbers of statfs(2)'s {@code f_type}, in header order (the first name of a value is canonical)} */
    public ConstantFamily fsMagic() {
        return get("fsMagic");
    }

    /** {@return the {@code ST_*} mount flags of statfs(2)'s {@code f_flags}, from the kernel's {@code linux/statfs.h}} */
    public ConstantFamily statfsFlags() {
        return get("statfsFlags");
    }

    /** {@return termios {@code c_iflag} bits} */
    public ConstantFamily termiosInputFlags() {
        return get("termiosInputFlags");
    }

    /** {@return termios {@code c_oflag} bits, without the delay fields ({@code NLDLY} ...)} */
    public ConstantFamily termiosOutputFlags() {
        return get("termiosOutputFlags");
    }

    /** {@return termios {@code c_cflag} bits, without the speed and character size fields} */
    public ConstantFamily termiosControlFlags() {
        return get("termiosControlFlags");
    }

    /** {@return termios {@code c_lflag} bits} */
    public ConstantFamily termiosLocalFlags() {
        return get("termiosLocalFlags");
    }

    /** {@return the speeds of termios's {@code CBAUD} field ({@code B0} ... {@code B4000000}, {@code BOTHER})} */
    public ConstantFamily baudRates() {
        return get("baudRates");
    }

    /** {@return capability numbers ({@code CAP_CHOWN} ...)} */
    public ConstantFamily capabilities() {
        return get("capabilities");
    }

    /** {@return socket option levels ({@code SOL_SOCKET}, {@code SOL_TCP} ...)} */
    public ConstantFamily socketLevels() {
        return get("socketLevels");
    }

    /** {@return {@code SOL_SOCKET} options ({@code SO_REUSEADDR} ...)} */
    public ConstantFamily socketOptions() {
        return get("socketOptions");
    }

    /** {@return {@code SOL_TCP} options ({@code TCP_NODELAY} ...)} */
    public ConstantFamily tcpOptions() {
        return get("tcpOptions");
    }

    /** {@return {@code SOL_IP} options ({@code IP_TOS} ...)} */
    public ConstantFamily ipOptions() {
        return get("ipOptions");
    }

    /** {@return netlink protocols, socket(2)'s third argument for {@code AF_NETLINK}} */
    public ConstantFamily netlinkProtocols() {
        return get("netlinkProtocols");
    }

    /** {@return madvise(2) advice ({@code MADV_*})} */
    public ConstantFamily madviseAdvice() {
        return get("madviseAdvice");
    }

    /** {@return mremap(2) flags ({@code MREMAP_*})} */
    public ConstantFamily mremapFlags() {
        return get("mremapFlags");
    }

    /** {@return msync(2) flags ({@code MS_ASYNC} ...)} */
    public ConstantFamily msyncFlags() {
        return get("msyncFlags");
    }

    /** {@return mlockall(2) flags ({@code MCL_*})} */
    public ConstantFamily mlockallFlags() {
        return get("mlockallFlags");
    }

    /** {@return mlock2(2) flags ({@code MLOCK_ONFAULT})} */
    public ConstantFamily mlockFlags() {
        return get("mlockFlags");
    }

    /** {@return memfd_create(2) flags ({@code MFD_*}, the huge page sizes left out)} */
    public ConstantFamily memfdFlags() {
        return get("memfdFlags");
    }

    /** {@return flock(2) operations ({@code LOCK_*})} */
    public ConstantFamily flockOperations() {
        return get("flockOperations");
    }

    /** {@return renameat2(2) flags ({@code RENAME_*})} */
    public ConstantFamily renameFlags() {
        return get("renameFlags");
    }

    /** {@return fallocate(2) modes ({@code FALLOC_FL_*})} */
    public ConstantFamily fallocateModes() {
        return get("fallocateModes");
    }

    /** {@return inotify(7) event bits ({@code IN_*}, without the composites)} */
    public ConstantFamily inotifyEvents() {
        return get("inotifyEvents");
    }

    /** {@return inotify_init1(2) flags ({@code IN_NONBLOCK}, {@code IN_CLOEXEC})} */
    public ConstantFamily inotifyInitFlags() {
        return get("inotifyInitFlags");
    }

    /** {@return {@code which} of getpriority(2)/setpriority(2) ({@code PRIO_*})} */
    public ConstantFamily priorityWhich() {
        return get("priorityWhich");
    }

    /** {@return {@code who} of getrusage(2) ({@code RUSAGE_*})} */
    public ConstantFamily rusageWho() {
        return get("rusageWho");
    }

    /** {@return scheduling policies ({@code SCHED_*}; the kernel's name for 0 is {@code SCHED_NORMAL})} */
    public ConstantFamily schedPolicies() {
        return get("schedPolicies");
    }

    /** {@return setxattr(2) flags ({@code XATTR_CREATE}, {@code XATTR_REPLACE})} */
    public ConstantFamily xattrFlags() {
        return get("xattrFlags");
    }

    /** {@return interval timers of setitimer(2) ({@code ITIMER_*})} */
    public ConstantFamily itimerWhich() {
        return get("itimerWhich");
    }

    /** {@return timer_settime(2)/clock_nanosleep(2) flags ({@code TIMER_ABSTIME})} */
    public ConstantFamily timerFlags() {
        return get("timerFlags");
    }

    /** {@return timerfd_create(2) flags ({@code TFD_CLOEXEC}, {@code TFD_NONBLOCK})} */
    public ConstantFamily timerfdFlags() {
        return get("timerfdFlags");
    }

    /** {@return timerfd_settime(2) flags ({@code TFD_TIMER_*})} */
    public ConstantFamily timerfdSettimeFlags() {
        return get("timerfdSettimeFlags");
    }

    /** {@return signalfd4(2) flags ({@code SFD_*})} */
    public ConstantFamily signalfdFlags() {
        return get("signalfdFlags");
    }

    /** {@return eventfd2(2) flags ({@code EFD_*}), from the kernel's {@code linux/eventfd.h}} */
    public ConstantFamily eventfdFlags() {
        return get("eventfdFlags");
    }

    /** {@return {@code sigev_notify} of {@code struct sigevent} ({@code SIGEV_*})} */
    public ConstantFamily sigevNotify() {
        return get("sigevNotify");
    }

    /** {@return {@code ss_flags} of sigaltstack(2) ({@code SS_ONSTACK} ...)} */
    public ConstantFamily sigaltstackFlags() {
        return get("sigaltstackFlags");
    }

    /** {@return splice(2)/tee(2)/vmsplice(2) flags ({@code SPLICE_F_*}), from the kernel's {@code linux/splice.h}} */
    public ConstantFamily spliceFlags() {
        return get("spliceFlags");
    }

    /** {@return pidfd_open(2) flags ({@code PIDFD_NONBLOCK})} */
    public ConstantFamily pidfdFlags() {
        return get("pidfdFlags");
    }

    /** {@return mount(2) flags ({@code MS_*})} */
    public ConstantFamily mountFlags() {
        return get("mountFlags");
    }

    /** {@return NUMA memory policy modes ({@code MPOL_*})} */
    public ConstantFamily mempolicyModes() {
        return get("mempolicyModes");
    }

    /** {@return memory policy mode flags ({@code MPOL_F_STATIC_NODES}...)} */
    public ConstantFamily mempolicyModeFlags() {
        return get("mempolicyModeFlags");
    }

    /** {@return get_mempolicy(2) flags} */
    public ConstantFamily getMempolicyFlags() {
        return get("getMempolicyFlags");
    }

    /** {@return mbind(2) flags ({@code MPOL_MF_*})} */
    public ConstantFamily mbindFlags() {
        return get("mbindFlags");
    }

    /** {@return openat2(2) resolve flags ({@code RESOLVE_*})} */
    public ConstantFamily resolveFlags() {
        return get("resolveFlags");
    }

    /** {@return personality(2) execution domains ({@code PER_*})} */
    public ConstantFamily personalityTypes() {
        return get("personalityTypes");
    }

    /** {@return personality(2) flags} */
    public ConstantFamily personalityFlags() {
        return get("personalityFlags");
    }

    /** {@return kcmp(2) types ({@code KCMP_*})} */
    public ConstantFamily kcmpTypes() {
        return get("kcmpTypes");
    }

    /** {@return capability header versions} */
    public ConstantFamily capabilityVersions() {
        return get("capabilityVersions");
    }

    /** {@return System V IPC get flags ({@code IPC_CREAT}...)} */
    public ConstantFamily ipcFlags() {
        return get("ipcFlags");
    }

    /** {@return msgctl(2) commands} */
    public ConstantFamily msgctlCommands() {
        return get("msgctlCommands");
    }

    /** {@return semctl(2) commands} */
    public ConstantFamily semctlCommands() {
        return get("semctlCommands");
    }

    /** {@return shmctl(2) commands} */
    public ConstantFamily shmctlCommands() {
        return get("shmctlCommands");
    }

    /** {@return msgsnd(2)/msgrcv(2) flags} */
    public ConstantFamily msgrcvFlags() {
        return get("msgrcvFlags");
    }

    /** {@return semop(2) {@code sem_flg} flags} */
    public ConstantFamily semopFlags() {
        return get("semopFlags");
    }

    /** {@return shmat(2) flags} */
    public ConstantFamily shmatFlags() {
        return get("shmatFlags");
    }

    /** {@return shmget(2) flags} */
    public ConstantFamily shmgetFlags() {
        return get("shmgetFlags");
    }

    /** {@return fsopen flags} */
    public ConstantFamily fsopenFlags() {
        return get("fsopenFlags");
    }

    /** {@return fsconfig commands} */
    public ConstantFamily fsconfigCommands() {
        return get("fsconfigCommands");
    }

    /** {@return fsmount flags} */
    public ConstantFamily fsmountFlags() {
        return get("fsmountFlags");
    }

    /** {@return mount attributes {@code MOUNT_ATTR_*}} */
    public ConstantFamily mountAttributes() {
        return get("mountAttributes");
    }

    /** {@return move_mount flags} */
    public ConstantFamily moveMountFlags() {
        return get("moveMountFlags");
    }

    /** {@return open_tree flags of its own} */
    public ConstantFamily openTreeFlags() {
        return get("openTreeFlags");
    }

    /** {@return fspick flags} */
    public ConstantFamily fspickFlags() {
        return get("fspickFlags");
    }

    /** {@return fanotify classes} */
    public ConstantFamily fanotifyClasses() {
        return get("fanotifyClasses");
    }

    /** {@return fanotify_init flags} */
    public ConstantFamily fanotifyInitFlags() {
        return get("fanotifyInitFlags");
    }

    /** {@return fanotify_mark flags} */
    public ConstantFamily fanotifyMarkFlags() {
        return get("fanotifyMarkFlags");
    }

    /** {@return fanotify event bits} */
    public ConstantFamily fanotifyEvents() {
        return get("fanotifyEvents");
    }

    /** {@return io_uring_setup flags} */
    public ConstantFamily ioUringSetupFlags() {
        return get("ioUringSetupFlags");
    }

    /** {@return io_uring features} */
    public ConstantFamily ioUringFeatures() {
        return get("ioUringFeatures");
    }

    /** {@return io_uring_enter flags} */
    public ConstantFamily ioUringEnterFlags() {
        return get("ioUringEnterFlags");
    }

    /** {@return io_uring_register opcodes} */
    public ConstantFamily ioUringRegisterOps() {
        return get("ioUringRegisterOps");
    }

    /** {@return keyctl commands} */
    public ConstantFamily keyctlCommands() {
        return get("keyctlCommands");
    }

    /** {@return special key serial numbers {@code KEY_SPEC_*}} */
    public ConstantFamily keySpecs() {
        return get("keySpecs");
    }

    /** {@return bpf(2) commands} */
    public ConstantFamily bpfCommands() {
        return get("bpfCommands");
    }

    /** {@return bpf(2) map types} */
    public ConstantFamily bpfMapTypes() {
        return get("bpfMapTypes");
    }

    /** {@return bpf(2) program types} */
    public ConstantFamily bpfProgTypes() {
        return get("bpfProgTypes");
    }

    /** {@return bpf(2) attach types} */
    public ConstantFamily bpfAttachTypes() {
        return get("bpfAttachTypes");
    }

    /** {@return flags of BPF_MAP_CREATE} */
    public ConstantFamily bpfMapFlags() {
        return get("bpfMapFlags");
    }

    /** {@return flags of the BPF_MAP_*_ELEM commands} */
    public ConstantFamily bpfUpdateFlags() {
        return get("bpfUpdateFlags");
    }

    /** {@return flags of BPF_PROG_ATTACH} */
    public ConstantFamily bpfAttachFlags() {
        return get("bpfAttachFlags");
    }

    /** {@return flags of BPF_PROG_LOAD} */
    public ConstantFamily bpfProgFlags() {
        return get("bpfProgFlags");
    }

    /** {@return flags of BPF_PROG_QUERY} */
    public ConstantFamily bpfQueryFlags() {
        return get("bpfQueryFlags");
    }

    /** {@return perf_event_open event types} */
    public ConstantFamily perfTypes() {
        return get("perfTypes");
    }

    /** {@return generalized hardware events} */
    public ConstantFamily perfHardwareIds() {
        return get("perfHardwareIds");
    }

    /** {@return software events} */
    public ConstantFamily perfSoftwareIds() {
        return get("perfSoftwareIds");
    }

    /** {@return hardware caches of a PERF_TYPE_HW_CACHE config} */
    public ConstantFamily perfCacheIds() {
        return get("perfCacheIds");
    }

    /** {@return cache operations of a PERF_TYPE_HW_CACHE config} */
    public ConstantFamily perfCacheOps() {
        return get("perfCacheOps");
    }

    /** {@return cache operation results of a PERF_TYPE_HW_CACHE config} */
    public ConstantFamily perfCacheResults() {
        return get("perfCacheResults");
    }

    /** {@return perf sample_type bits} */
    public ConstantFamily perfSampleFormat() {
        return get("perfSampleFormat");
    }

    /** {@return perf read_format bits} */
    public ConstantFamily perfReadFormat() {
        return get("perfReadFormat");
    }

    /** {@return perf_event_open flags} */
    public ConstantFamily perfFlags() {
        return get("perfFlags");
    }

    /** {@return published sizes of struct perf_event_attr} */
    public ConstantFamily perfAttrSizes() {
        return get("perfAttrSizes");
    }

    /**
     * The name strace gives a signal number: the header's first name for 1 to 31, {@code SIGRTMIN} for 32,
     * {@code SIGRT_n} for 32 + n up to {@code SIGRTMAX}, and the number itself otherwise.
     *
     * @param number a signal number
     * @return its name
     */
    public String signalName(int number) {
        ConstantFamily s = signals();
        long rtmin = s.valueOf("SIGRTMIN").orElse(32L);
        long rtmax = s.valueOf("SIGRTMAX").orElse(64L);
        if (number > rtmin && number <= rtmax) {
            return "SIGRT_" + (number - rtmin);
        }
        if (number == rtmin) {
            return "SIGRTMIN";
        }
        return s.byValue(number).map(Constant::name).orElse(Integer.toString(number));
    }

    /** The architecture and family names, for diagnostics. */
    @Override
    public String toString() {
        return "Constants[" + arch + ", " + families.keySet() + "]";
    }
}
