package dev.ptrace.jnr;

import dev.ptrace.core.it.ReliabilityBehaviour;
import dev.ptrace.spi.TracerProvider;

/** Reliability under stress and at the edges of process life, on the jnr-ffi backend. */
class JnrReliabilityIT extends ReliabilityBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnrTracerProvider();
    }
}
