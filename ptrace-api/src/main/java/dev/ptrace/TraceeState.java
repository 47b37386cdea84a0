package dev.ptrace;

/** What a {@link Tracer} last knew of one of its tracees. */
public enum TraceeState {
    /** Resumed; it will report its next stop through the wait calls. */
    RUNNING,
    /** In a ptrace-stop: registers and memory can be used, and it must be resumed or detached. */
    STOPPED,
    /** It exited or was killed; nothing more will come from it. */
    EXITED,
    /** Detached: no longer traced by this tracer. */
    DETACHED
}
