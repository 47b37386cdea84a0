package dev.ptrace.jna;

import dev.ptrace.core.it.SeccompBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The seccomp suite on the JNA backend. */
class JnaSeccompIT extends SeccompBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnaTracerProvider();
    }
}
