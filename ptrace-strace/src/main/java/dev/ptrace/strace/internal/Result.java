package dev.ptrace.strace.internal;

/** Prints a successful syscall result. */
@FunctionalInterface
public interface Result {
    void print(SyscallCall call, StringBuilder out);

    /** Signed decimal. */
    Result DEC = (c, out) -> out.append(c.returnValue());
    /** Hex as C's {@code %#lx} prints it, {@code 0} for zero (addresses: mmap, brk). */
    Result HEX = (c, out) -> Fmt.hexOrZero(out, c.returnValue());
    /** Octal (umask). */
    Result OCT = (c, out) -> Fmt.octal(out, c.returnValue());
    /** A new file descriptor (with its path under -y). */
    Result FD = (c, out) -> Fmt.fd(c.ctx(), out, c.returnValue());
}
