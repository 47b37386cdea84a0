package dev.ptrace;

/** Tracee memory could not be read or written at an address (EFAULT or EIO). */
public class TraceeMemoryException extends PtraceException {
    private static final long serialVersionUID = 1L;

    private final long address;

    public TraceeMemoryException(String operation, int pid, int errno, long address, Throwable cause) {
        super(operation, pid, errno, "address 0x" + Long.toHexString(address), cause);
        this.address = address;
    }

    /** {@return the first address that could not be accessed} */
    public long address() {
        return address;
    }
}
