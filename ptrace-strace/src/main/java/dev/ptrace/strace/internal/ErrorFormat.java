package dev.ptrace.strace.internal;

import dev.ptrace.Errno;
import java.util.Optional;

/**
 * Prints a failed syscall's result as strace does: {@code -1 ENOENT (No such file or directory)} with the C
 * library's strerror text ({@link Errno#description()}), and {@code ? ERESTARTSYS (To be restarted if SA_RESTART
 * is set)} for the four restart codes, whose wording is strace's own (the C library has none for them).
 */
public final class ErrorFormat {
    private ErrorFormat() {
    }

    /** Appends the error text for errno {@code number}. */
    public static void append(StringBuilder out, int number, SyscallTables tables) {
        String restart = restartText(number);
        Optional<Errno> e = Errno.of(number);
        if (restart != null && e.isPresent()) {
            out.append("? ").append(e.get().name()).append(" (").append(restart).append(')');
            return;
        }
        out.append("-1 ");
        if (e.isEmpty()) {
            out.append("ERRNO_").append(number).append(" (Unknown error ").append(number).append(')');
            return;
        }
        out.append(e.get().name()).append(" (").append(e.get().description()).append(')');
    }

    /** strace's wording for the kernel's restart codes (its syscall.c), or null for any other number. */
    private static String restartText(int n) {
        switch (n) {
            case 512: return "To be restarted if SA_RESTART is set";
            case 513: return "To be restarted";
            case 514: return "To be restarted if no handler";
            case 516: return "Interrupted by signal";
            default: return null;
        }
    }
}
