package dev.ptrace.syscalls;

import dev.ptrace.Errno;
import java.util.Optional;

/**
 * Reading syscall return values as errors. The errno table itself is {@link Errno} in the API (generated
 * from the same headers); this class only adds what a decoder needs on top of it.
 */
public final class Errnos {
    /** The largest errno the kernel returns as {@code -errno} (MAX_ERRNO in the kernel). */
    public static final int MAX_ERRNO = 4095;

    private Errnos() {
    }

    /**
     * {@return whether a raw syscall return value is an error, that is in {@code -4095..-1}}
     *
     * @param returnValue the raw value of the return register
     */
    public static boolean isError(long returnValue) {
        return returnValue < 0 && returnValue >= -MAX_ERRNO;
    }

    /**
     * {@return the errno of an error return value ({@code -2} gives ENOENT), empty for success or an unnamed code}
     *
     * @param returnValue the raw value of the return register
     */
    public static Optional<Errno> ofReturnValue(long returnValue) {
        return isError(returnValue) ? Errno.of((int) -returnValue) : Optional.empty();
    }

    /**
     * An errno as strace prints it after a failed call: {@code ENOENT (No such file or directory)}, or
     * {@code errno 4000} when the number has no name.
     *
     * @param errno a positive errno number
     * @return the text
     */
    public static String describe(int errno) {
        return Errno.of(errno).map(e -> e.name() + " (" + e.description() + ")").orElse("errno " + errno);
    }
}
