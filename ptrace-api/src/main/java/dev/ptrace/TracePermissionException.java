package dev.ptrace;

/**
 * The kernel refused to let this process trace the target (EPERM or EACCES). The message carries the reason
 * found by {@link PtracePermissions}: another tracer, Yama's ptrace_scope, a missing CAP_SYS_PTRACE, a seccomp
 * profile.
 */
public class TracePermissionException extends PtraceException {
    private static final long serialVersionUID = 1L;

    /** What to do about it; empty if nothing is known. */
    private final String hint;

    /**
     * A refused request with the diagnosis.
     *
     * @param operation the call that failed
     * @param pid the target's pid
     * @param errno EPERM or EACCES
     * @param hint why, and what to do about it (may be null)
     * @param cause the underlying exception, may be null
     */
    public TracePermissionException(String operation, int pid, int errno, String hint, Throwable cause) {
        super(operation, pid, errno, hint, cause);
        this.hint = hint == null ? "" : hint;
    }

    /** {@return what to do about it} */
    public String hint() {
        return hint;
    }
}
