package dev.ptrace.core;

/** PLACEHOLDER: the engine is being written on main. */
final class PtraceEngine {
    PtraceEngine(NativeCalls calls, String backend) {
        throw new UnsupportedOperationException("engine not written yet");
    }
}
