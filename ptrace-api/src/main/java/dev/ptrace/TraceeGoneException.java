package dev.ptrace;

/**
 * The tracee does not exist, has exited, is not stopped, or is not traced by this tracer (ESRCH).
 */
public class TraceeGoneException extends PtraceException {
    private static final long serialVersionUID = 1L;

    /**
     * The tracee is gone or not ours.
     *
     * @param operation the call that failed
     * @param pid the tracee's pid
     * @param errno ESRCH, usually
     * @param detail an explanation appended to the message, may be null
     * @param cause the underlying exception, may be null
     */
    public TraceeGoneException(String operation, int pid, int errno, String detail, Throwable cause) {
        super(operation, pid, errno, detail, cause);
    }
}
