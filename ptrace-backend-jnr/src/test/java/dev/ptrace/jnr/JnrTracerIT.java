package dev.ptrace.jnr;

import dev.ptrace.core.it.TracerBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The engine's end-to-end behaviour on the jnr-ffi backend. */
class JnrTracerIT extends TracerBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnrTracerProvider();
    }
}
