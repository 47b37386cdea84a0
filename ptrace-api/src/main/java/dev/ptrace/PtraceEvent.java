package dev.ptrace;

import java.util.Optional;

/** The {@code PTRACE_EVENT_*} kinds of event stop (values from linux/ptrace.h). */
public enum PtraceEvent {
    /** {@code fork(2)} or a {@code clone(2)} that makes a process with SIGCHLD as exit signal. */
    FORK(1),
    /** {@code vfork(2)} or {@code clone(CLONE_VFORK)}. */
    VFORK(2),
    /** Any other {@code clone(2)}, threads among them. */
    CLONE(3),
    /** A successful {@code execve(2)}, before it returns. */
    EXEC(4),
    /** The end of a vfork: the child exec'd or exited and the parent runs again. */
    VFORK_DONE(5),
    /** The tracee is about to exit; registers and memory can still be read. */
    EXIT(6),
    /** A seccomp filter returned {@code SECCOMP_RET_TRACE}. */
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

    /**
     * {@return the event with this number, if any}
     *
     * @param code the number, as in {@code status >> 16}
     */
    public static Optional<PtraceEvent> of(int code) {
        for (PtraceEvent e : values()) {
            if (e.code == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
