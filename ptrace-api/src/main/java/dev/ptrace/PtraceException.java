package dev.ptrace;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A ptrace operation failed. The message names the operation, the pid and the errno, for example
 * {@code ptrace(PTRACE_SEIZE, pid=4242) failed: EPERM (Operation not permitted)}, followed by a hint where one
 * helps. Subclasses stand for the failures callers handle: {@link TraceeGoneException},
 * {@link TracePermissionException}, {@link TraceeMemoryException}, {@link NoBackendException}.
 */
public class PtraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The call that failed. */
    private final String operation;
    /** The tracee's pid, or -1. */
    private final int pid;
    /** The errno, or 0. */
    private final int errno;

    /**
     * A failure of a call with the errno it set; the message is built from the parts.
     *
     * @param operation the call that failed, e.g. {@code ptrace(PTRACE_SEIZE)} or {@code spawn}
     * @param pid the tracee's pid, or -1 if none
     * @param errno the errno, or 0 if the failure has none
     * @param detail a hint or explanation appended to the message, may be null
     * @param cause the underlying exception, may be null
     */
    public PtraceException(String operation, int pid, int errno, String detail, Throwable cause) {
        super(format(operation, pid, errno, detail), cause);
        this.operation = operation;
        this.pid = pid;
        this.errno = errno;
    }

    /**
     * A failure without errno.
     *
     * @param message the whole message
     * @param cause the underlying exception, may be null
     */
    public PtraceException(String message, Throwable cause) {
        super(message, cause);
        this.operation = "";
        this.pid = -1;
        this.errno = 0;
    }

    /**
     * {@return the operation that failed, for example {@code ptrace(PTRACE_GETREGSET)}; empty if the failure is
     * not a call}
     */
    public String operation() {
        return operation;
    }

    /** {@return the pid of the tracee concerned, if any} */
    public OptionalInt pid() {
        return pid < 0 ? OptionalInt.empty() : OptionalInt.of(pid);
    }

    /** {@return the errno, if the failure has one with a name} */
    public Optional<Errno> errno() {
        return Errno.of(errno);
    }

    /** {@return the errno number, 0 if none} */
    public int errnoNumber() {
        return errno;
    }

    /** Formats {@code op(, pid=N) failed: ENAME (message) — detail}. */
    static String format(String operation, int pid, int errno, String detail) {
        StringBuilder sb = new StringBuilder(operation);
        if (pid >= 0) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) == ')') {
                sb.setLength(sb.length() - 1);
                sb.append(", pid=").append(pid).append(')');
            } else {
                sb.append(" (pid=").append(pid).append(')');
            }
        }
        sb.append(" failed");
        if (errno != 0) {
            sb.append(": ").append(Errno.of(errno).map(e -> e.name() + " (" + e.description() + ")")
                    .orElse("errno " + errno));
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(" — ").append(detail);
        }
        return sb.toString();
    }
}
