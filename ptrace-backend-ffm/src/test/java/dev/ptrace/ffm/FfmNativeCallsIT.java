package dev.ptrace.ffm;

import dev.ptrace.core.NativeCalls;
import dev.ptrace.core.conformance.NativeCallsConformance;

/** The conformance suite against the FFM backend. */
class FfmNativeCallsIT extends NativeCallsConformance {

    @Override
    protected NativeCalls calls() {
        return new FfmTracerProvider().nativeCalls();
    }
}
