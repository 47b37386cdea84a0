package dev.ptrace;

/**
 * No native backend could be selected: none on the classpath, the pinned one missing or unusable, or tracing
 * switched off with {@code -Dptrace.backend=none}. The message lists every candidate and why it was not used;
 * the causes are attached as suppressed exceptions.
 */
public class NoBackendException extends PtraceException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the whole explanation as its message.
     *
     * @param message every candidate and why it was not used
     */
    public NoBackendException(String message) {
        super(message, null);
    }

    /**
     * With the exception that made the pinned backend unusable.
     *
     * @param message every candidate and why it was not used
     * @param cause why the pinned backend is unusable
     */
    public NoBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
