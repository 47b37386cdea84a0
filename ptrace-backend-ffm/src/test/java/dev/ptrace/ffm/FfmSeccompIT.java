package dev.ptrace.ffm;

import dev.ptrace.core.it.SeccompBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The seccomp suite on the FFM backend. */
class FfmSeccompIT extends SeccompBehaviour {
    @Override
    protected TracerProvider provider() {
        return new FfmTracerProvider();
    }
}
