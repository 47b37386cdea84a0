package dev.ptrace.jnr;

import dev.ptrace.core.it.SeccompBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The seccomp suite on the jnr-ffi backend. */
class JnrSeccompIT extends SeccompBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnrTracerProvider();
    }
}
