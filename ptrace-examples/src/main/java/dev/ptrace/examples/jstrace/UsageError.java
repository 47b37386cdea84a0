package dev.ptrace.examples.jstrace;

import picocli.CommandLine;

/**
 * A command line that strace refuses, with strace's message (printed after {@code jstrace: }) and whether strace
 * follows it with its "Try ... -h" line. A picocli conversion error, so that a value converter can throw it and
 * picocli hands it on as the cause of its own exception.
 */
final class UsageError extends CommandLine.TypeConversionException {
    private static final long serialVersionUID = 1L;
    private final boolean tryHelp;

    UsageError(String message, boolean tryHelp) {
        super(message);
        this.tryHelp = tryHelp;
    }

    /** {@return whether strace follows this message with "Try 'strace -h' for more information."} */
    boolean tryHelp() {
        return tryHelp;
    }
}
