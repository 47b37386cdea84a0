package dev.ptrace.jnr;

import dev.ptrace.core.NativeCalls;
import dev.ptrace.core.conformance.NativeCallsConformance;

/** The conformance suite against the jnr backend. */
class JnrNativeCallsIT extends NativeCallsConformance {

    @Override
    protected NativeCalls calls() {
        return new JnrTracerProvider().nativeCalls();
    }
}
