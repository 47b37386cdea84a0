package dev.ptrace;

import java.util.Optional;

/** The {@code PTRACE_EVENT_*} kinds of event stop (values from linux/ptrace.h). */
public enum PtraceEvent {
    FORK(1),
    VFORK(2),
    CLONE(3),
    EXEC(4),
    VFORK_DONE(5),
    EXIT(6),
    SECCOMP(7),
    /** Interrupt stop, or the first stop of a newly attached tracee. */
    STOP(128);

    private final int code;

    PtraceEvent(int code) {
        this.code = code;
    }

    /** {@return the event's number, as in {@code status >> 16}} */
    public int code() {
        return code;
    }

    /** {@return the event with this number, if any} */
    public static Optional<PtraceEvent> of(int code) {
        for (PtraceEvent e : values()) {
            if (e.code == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
