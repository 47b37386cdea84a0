package dev.ptrace;

/**
 * The kernel refused to let this process trace the target (EPERM or EACCES). The message carries the reason
 * found by {@link PtracePermissions}: another tracer, Yama's ptrace_scope, a missing CAP_SYS_PTRACE, a seccomp
 * profile.
 */
public class TracePermissionException extends PtraceException {
    private static final long serialVersionUID = 1L;

    private final String hint;

    public TracePermissionException(String operation, int pid, int errno, String hint, Throwable cause) {
        super(operation, pid, errno, hint, cause);
        this.hint = hint == null ? "" : hint;
    }

    /** {@return what to do about it} */
    public String hint() {
        return hint;
    }
}
