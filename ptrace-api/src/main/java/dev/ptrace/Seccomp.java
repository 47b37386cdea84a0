package dev.ptrace;

import java.util.List;

/**
 * A tracee's seccomp state: {@code PTRACE_EVENT_SECCOMP} stops, and the filters installed in its process, read
 * with {@code PTRACE_SECCOMP_GET_FILTER} and {@code PTRACE_SECCOMP_GET_METADATA}.
 *
 * <p>Reading filters needs a stopped tracee, {@code CAP_SYS_ADMIN} in the tracer, a tracer that does not run under
 * seccomp itself, and a kernel built with {@code CONFIG_SECCOMP_FILTER} and {@code CONFIG_CHECKPOINT_RESTORE}.
 * Failures say which of these is missing: {@link TracePermissionException} for EACCES, a
 * {@link PtraceException} naming the condition otherwise (EINVAL: the process has no filter; ENOENT: no filter with
 * that index; EMEDIUMTYPE: an eBPF filter, which has no classic program to return; EIO: the kernel lacks the
 * requests). Index 0 is the filter installed first (the oldest), as the kernel counts.
 */
public interface Seccomp {

    /** {@code SECCOMP_RET_KILL_PROCESS}. */
    int RET_KILL_PROCESS = 0x80000000;
    /** {@code SECCOMP_RET_KILL_THREAD} (also {@code SECCOMP_RET_KILL}). */
    int RET_KILL_THREAD = 0x00000000;
    /** {@code SECCOMP_RET_TRAP}. */
    int RET_TRAP = 0x00030000;
    /** {@code SECCOMP_RET_ERRNO}; the errno is in the low 16 bits. */
    int RET_ERRNO = 0x00050000;
    /** {@code SECCOMP_RET_USER_NOTIF}. */
    int RET_USER_NOTIF = 0x7fc00000;
    /** {@code SECCOMP_RET_TRACE}; the low 16 bits reach the tracer as the event message. */
    int RET_TRACE = 0x7ff00000;
    /** {@code SECCOMP_RET_LOG}. */
    int RET_LOG = 0x7ffc0000;
    /** {@code SECCOMP_RET_ALLOW}. */
    int RET_ALLOW = 0x7fff0000;
    /** {@code SECCOMP_RET_ACTION_FULL}: the mask of the action bits. */
    int RET_ACTION_FULL = 0xffff0000;
    /** {@code SECCOMP_RET_DATA}: the mask of the data bits. */
    int RET_DATA = 0x0000ffff;

    /**
     * Turns on {@code PTRACE_O_TRACESECCOMP}, keeping the other options: a filter's {@code SECCOMP_RET_TRACE}
     * verdict then stops the tracee with a {@link Stop.EventStop} of {@link PtraceEvent#SECCOMP}.
     */
    void enableEvents();

    /**
     * What the filter saw at the current {@link PtraceEvent#SECCOMP} stop.
     *
     * @return the syscall number, architecture, instruction pointer, arguments and the verdict's data
     * @throws IllegalStateException if the tracee is not at a seccomp stop
     */
    SeccompData data();

    /** {@return whether the kernel supports seccomp filters (from {@code /proc}: the tracee's status and sysctls)} */
    boolean supported();

    /**
     * The seccomp mode of the tracee from {@code /proc/<pid>/status}: 0 disabled, 1 strict, 2 filter; -1 if the
     * kernel does not report it.
     *
     * @return the mode
     */
    int mode();

    /**
     * Whether the process has a filter with this index (0 is the first installed, the oldest).
     *
     * @param index the filter's index, 0 for the first installed (the oldest)
     * @return whether it has
     * @throws TracePermissionException if the filters cannot be read (see the class description)
     */
    boolean filterAvailable(int index);

    /**
     * {@return the number of filters of the process, found by probing indexes until {@link #filterAvailable} is false}
     */
    int filterCount();

    /**
     * {@code PTRACE_SECCOMP_GET_METADATA} for one filter. The kernel reports only the flags it keeps
     * ({@code SECCOMP_FILTER_FLAG_LOG}); {@link SeccompMetadata#filterOffset()} is the index asked for.
     *
     * @param index the filter's index, 0 for the first installed (the oldest)
     * @return the metadata
     */
    SeccompMetadata metadata(int index);

    /**
     * {@return the names of the flags of {@link #metadata(int)}, for example {@code ["log"]}}
     *
     * @param index the filter's index, 0 for the first installed (the oldest)
     */
    default List<String> metadataFlagNames(int index) {
        return metadata(index).flagNames();
    }

    /**
     * {@return the classic BPF program of one filter ({@code PTRACE_SECCOMP_GET_FILTER})}
     *
     * @param index the filter's index, 0 for the first installed (the oldest)
     */
    List<BpfInstruction> filter(int index);

    /**
     * {@return a readable listing of one filter, see {@link BpfDisassembler}}
     *
     * @param index the filter's index, 0 for the first installed (the oldest)
     */
    default String disassemble(int index) {
        return BpfDisassembler.disassemble(filter(index));
    }
}
