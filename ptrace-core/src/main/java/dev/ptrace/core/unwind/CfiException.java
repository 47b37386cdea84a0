package dev.ptrace.core.unwind;

/** Malformed or unsupported call-frame information: ends the unwinding of one frame, never the trace. */
final class CfiException extends Exception {
    private static final long serialVersionUID = 1L;

    CfiException(String message) {
        super(message, null, false, false);
    }
}
