package dev.ptrace.core;

/**
 * A native call failed with an errno. Thrown by {@link NativeCalls} implementations only; the engine turns it into
 * a {@link dev.ptrace.PtraceException} with context ({@link Errors#translate}). No stack trace is filled in: it is
 * always caught and wrapped, and it can be frequent (ESRCH during a mass detach).
 */
public final class NativeCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
     * @param call the call and its request, e.g. {@code "ptrace(PTRACE_SEIZE)"} or {@code "process_vm_readv"}
     * @param errno the errno captured right after the call
     */
    public NativeCallException(String call, int errno) {
        super(call + " failed with errno " + errno, null, false, false);
        this.call = call;
        this.errno = errno;
    }

    /** The call that failed. */
    public String call() {
        return call;
    }

    /** The errno. */
    public int errno() {
        return errno;
    }
}
