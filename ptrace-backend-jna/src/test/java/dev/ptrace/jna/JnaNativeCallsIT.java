package dev.ptrace.jna;

import dev.ptrace.core.NativeCalls;
import dev.ptrace.core.conformance.NativeCallsConformance;

/** The conformance suite against the JNA backend. */
class JnaNativeCallsIT extends NativeCallsConformance {

    @Override
    protected NativeCalls calls() {
        return new JnaTracerProvider().nativeCalls();
    }
}
