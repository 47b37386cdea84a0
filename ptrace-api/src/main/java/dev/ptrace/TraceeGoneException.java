package dev.ptrace;

/**
 * The tracee does not exist, has exited, is not stopped, or is not traced by this tracer (ESRCH).
 */
public class TraceeGoneException extends PtraceException {
    private static final long serialVersionUID = 1L;

    public TraceeGoneException(String operation, int pid, int errno, String detail, Throwable cause) {
        super(operation, pid, errno, detail, cause);
    }
}
