package dev.ptrace;

/**
 * The fields of a {@code siginfo_t} that a tracer prints (see sigaction(2)). Which fields are meaningful depends
 * on the signal and {@code code}; the others are 0.
 *
 * @param signal si_signo
 * @param errno si_errno
 * @param code si_code (SI_USER 0, SI_KERNEL 0x80, SI_TKILL -6, CLD_EXITED 1 ...)
 * @param pid si_pid of the sender or child
 * @param uid si_uid of the sender
 * @param status si_status (SIGCHLD) or 0
 * @param address si_addr (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP) or si_call_addr (SIGSYS)
 * @param syscall si_syscall (SIGSYS) or 0
 * @param auditArch si_arch (SIGSYS) or 0
 * @param value si_value (sigqueue, timers) or 0
 * @param userTime si_utime of a SIGCHLD from the kernel, in clock ticks, else 0
 * @param systemTime si_stime of a SIGCHLD from the kernel, in clock ticks, else 0
 */
public record SignalInfo(Signal signal, int errno, int code, int pid, int uid, int status, long address,
                         int syscall, int auditArch, long value, long userTime, long systemTime) {

    /**
     * A siginfo without child CPU times.
     *
     * @param signal si_signo
     * @param errno si_errno
     * @param code si_code
     * @param pid si_pid of the sender or child
     * @param uid si_uid of the sender
     * @param status si_status (SIGCHLD) or 0
     * @param address si_addr or si_call_addr, or 0
     * @param syscall si_syscall (SIGSYS) or 0
     * @param auditArch si_arch (SIGSYS) or 0
     * @param value si_value (sigqueue, timers) or 0
     */
    public SignalInfo(Signal signal, int errno, int code, int pid, int uid, int status, long address, int syscall,
                      int auditArch, long value) {
        this(signal, errno, code, pid, uid, status, address, syscall, auditArch, value, 0, 0);
    }

    /** si_code of a signal sent by kill(2). */
    public static final int SI_USER = 0;
    /** si_code of a signal sent by the kernel. */
    public static final int SI_KERNEL = 0x80;
    /** si_code of a signal sent by sigqueue(3). */
    public static final int SI_QUEUE = -1;
    /** si_code of a signal sent by tkill(2) or tgkill(2). */
    public static final int SI_TKILL = -6;
}
