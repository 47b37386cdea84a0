package dev.ptrace.strace.internal;

import dev.ptrace.Errno;
import java.util.Optional;

/** Prints a failed syscall's result: {@code -1 ENOENT (No such file or directory)}, {@code ? ERESTARTSYS (...)}. */
public final class ErrorFormat {
    private ErrorFormat() {
    }

    /** Appends the error text for errno {@code number}. */
    public static void append(StringBuilder out, int number, SyscallTables tables) {
        boolean restart = number >= 512 && number <= 530;
        out.append(restart ? "? " : "-1 ");
        Optional<Errno> e = Errno.of(number);
        String name = e.map(Errno::name).orElseGet(() -> restart ? restartName(number)
                : tables.constants(ConstantFamily.ERRNO).name(number));
        String text = restart && restartText(number) != null ? restartText(number)
                : name != null && StrerrorText.of(name) != null ? StrerrorText.of(name)
                : e.map(Errno::description).orElse(null);
        if (name == null) {
            out.append("ERRNO_").append(number).append(" (Unknown error ").append(number).append(')');
            return;
        }
        out.append(name).append(" (").append(text != null ? text : "Unknown error " + number).append(')');
    }

    private static String restartName(int n) {
        switch (n) {
            case 512: return "ERESTARTSYS";
            case 513: return "ERESTARTNOINTR";
            case 514: return "ERESTARTNOHAND";
            case 515: return "ENOIOCTLCMD";
            case 516: return "ERESTART_RESTARTBLOCK";
            default: return null;
        }
    }

    /** strace's wording for the kernel's restart codes (include/linux/errno.h). */
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
