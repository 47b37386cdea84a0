package dev.ptrace;

import java.util.Optional;

/**
 * Linux errno values with their messages.
 *
 * <p>PLACEHOLDER until codegen generates this file from the asm-generic errno headers: keep this shape
 * (constants {@code NAME(number, "message")}, {@link #number()}, {@link #description()}, {@link #of(int)}).
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    ESRCH(3, "No such process"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    ECHILD(10, "No child processes"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EINVAL(22, "Invalid argument"),
    ENOSYS(38, "Function not implemented"),
    EMEDIUMTYPE(124, "Wrong medium type"),
    ERESTARTSYS(512, "To be restarted");

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The errno number. */
    public int number() {
        return number;
    }

    /** The message strerror(3) gives for it. */
    public String description() {
        return description;
    }

    /** The errno with this number, if it has a name. */
    public static Optional<Errno> of(int number) {
        for (Errno e : values()) {
            if (e.number == number) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
