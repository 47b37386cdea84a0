package dev.ptrace.codegen;

import java.util.List;
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

    private static final List<String> FCNTL = List.of("asm/fcntl.h", "asm-generic/fcntl.h", "linux/fcntl.h");
    private static final List<String> MMAN = List.of("asm/mman.h", "asm-generic/mman.h",
            "asm-generic/mman-common.h", "linux/mman.h");
    private static final List<String> PTRACE = List.of("linux/ptrace.h", "asm/ptrace.h", "asm/ptrace-abi.h");
    private static final List<String> SECCOMP = List.of("linux/seccomp.h");

    /** The uapi headers that are read, in this order, for every architecture. */
    static final List<String> UAPI_HEADERS = List.of("asm/signal.h", "linux/fcntl.h", "asm/mman.h",
            "linux/mman.h", "linux/sched.h", "linux/wait.h", "linux/seccomp.h", "linux/ptrace.h", "linux/fs.h");

    /** The kernel (non-uapi) headers read after them: the socket constants are not in uapi. */
    static final List<String> KERNEL_HEADERS = List.of("include/linux/socket.h", "include/linux/net.h");

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
            values("seekWhence", List.of("linux/fs.h"), "SEEK_\\w+", "SEEK_MAX", "lseek(2) whence values."),
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
                    "{@code op} values of {@code struct ptrace_syscall_info}."));

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
