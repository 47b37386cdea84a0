package dev.ptrace.jna;

import dev.ptrace.core.it.ReliabilityBehaviour;
import dev.ptrace.spi.TracerProvider;

/** Reliability under stress and at the edges of process life, on the JNA backend. */
class JnaReliabilityIT extends ReliabilityBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnaTracerProvider();
    }
}
