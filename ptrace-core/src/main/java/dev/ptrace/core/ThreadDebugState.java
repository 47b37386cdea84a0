package dev.ptrace.core;

/**
 * Per-thread debugger state of a {@link TraceeHandle}: the breakpoint hit of the current stop, a step-over in
 * flight, and the last resume request (to tell the tracer's own single-step traps from real SIGTRAPs). Written on
 * the tracer thread; {@link #hit} is read from others.
 */
final class ThreadDebugState {
    /** The breakpoint the current stop hit (its program counter already rewound), or null. */
    volatile BreakpointTable.Bp hit;
    /** The breakpoint being stepped over: its bytes are restored until the single-step ends. */
    BreakpointTable.Bp stepOver;
    /** The request to issue once the step-over ends. */
    int pendingRequest;
    /** The signal to deliver with {@link #pendingRequest}. */
    int pendingSignal;
    /** The ptrace request of the last resume, -1 before any. */
    int lastRequest = -1;
}
