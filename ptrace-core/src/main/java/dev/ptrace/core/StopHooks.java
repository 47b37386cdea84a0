package dev.ptrace.core;

import dev.ptrace.Signal;
import dev.ptrace.Stop;

/**
 * What the engine tells the debugger side ({@link Debugger}) at stops, resumes, new tracees, exec and detach. Every
 * hook runs on the tracer thread.
 */
interface StopHooks {

    /** A signal-delivery stop was decoded; returns the stop to report (the same one). */
    Stop signalStop(TraceeHandle t, Stop.SignalDelivery d);

    /** A resume was asked for; returns true if the hook resumed the tracee itself. */
    boolean resume(TraceeHandle t, int request, Signal explicit);

    /** A stop is about to be delivered; returns true if the hook consumed it (it must not be delivered). */
    boolean consume(TraceeHandle t, Stop stop);

    /** An auto-attached child's first stop. */
    void onNewTracee(TraceeHandle child);

    /** The tracee's process exec'd. */
    void onExec(TraceeHandle t);

    /** A stopped tracee is about to be detached; returns true if its pending SIGTRAP must not be passed on. */
    boolean beforeDetach(TraceeHandle t);

    /** At close: the signal to pass when detaching a tracee whose raw stop signal is {@code sig}. */
    int closeDetachSignal(TraceeHandle t, int sig);
}
