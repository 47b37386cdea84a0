package dev.ptrace.core;

import java.util.concurrent.Callable;

/** Runs work on the one thread that makes every ptrace and wait call of a tracer (see {@link TracerThread}). */
interface TracerExecutor {

    /** Runs an action on the tracer thread (directly when already on it) and returns its result. */
    <T> T onTracer(Callable<T> action);

    /** Whether the caller is the tracer thread. */
    boolean isTracerThread();
}
