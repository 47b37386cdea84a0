package dev.ptrace.strace.internal;

/**
 * Prints one syscall's arguments and result. The arguments are printed in two parts, as strace does: those known
 * at entry (followed by {@code ", "} when more follow), and those only known at exit. The caller adds the name,
 * the parentheses and the error text.
 */
public interface SyscallDecoder {

    /** Appends the arguments printed at the entry stop. */
    void enter(SyscallCall call, StringBuilder out);

    /** Appends the arguments printed at the exit stop (output arguments); none unless overridden. */
    default void exit(SyscallCall call, StringBuilder out) {
    }

    /** Appends a successful return value; the number itself unless overridden. */
    default void result(SyscallCall call, StringBuilder out) {
        out.append(call.returnValue());
    }
}
