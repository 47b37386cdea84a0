package dev.ptrace.jna;

import dev.ptrace.core.it.TracerBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The engine's end-to-end behaviour on the JNA backend. */
class JnaTracerIT extends TracerBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnaTracerProvider();
    }
}
