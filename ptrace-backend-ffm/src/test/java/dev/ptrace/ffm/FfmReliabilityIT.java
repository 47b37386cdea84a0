package dev.ptrace.ffm;

import dev.ptrace.core.it.ReliabilityBehaviour;
import dev.ptrace.spi.TracerProvider;

/** Reliability under stress and at the edges of process life, on the FFM backend. */
class FfmReliabilityIT extends ReliabilityBehaviour {
    @Override
    protected TracerProvider provider() {
        return new FfmTracerProvider();
    }
}
