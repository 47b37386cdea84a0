package dev.ptrace.ffm;

import dev.ptrace.core.it.TracerBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The engine's end-to-end behaviour on the FFM backend. */
class FfmTracerIT extends TracerBehaviour {
    @Override
    protected TracerProvider provider() {
        return new FfmTracerProvider();
    }
}
