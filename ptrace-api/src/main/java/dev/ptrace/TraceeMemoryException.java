package dev.ptrace;

/** Tracee memory could not be read or written at an address (EFAULT or EIO). */
public class TraceeMemoryException extends PtraceException {
    private static final long serialVersionUID = 1L;

    /** The first address that could not be accessed. */
    private final long address;

    /**
     * A memory access that failed.
     *
     * @param operation the call that failed, e.g. {@code process_vm_readv}
     * @param pid the tracee's pid
     * @param errno EFAULT or EIO, usually
     * @param address the first address that could not be accessed
     * @param cause the underlying exception, may be null
     */
    public TraceeMemoryException(String operation, int pid, int errno, long address, Throwable cause) {
        super(operation, pid, errno, "address 0x" + Long.toHexString(address), cause);
        this.address = address;
    }

    /** {@return the first address that could not be accessed} */
    public long address() {
        return address;
    }
}
