package dev.ptrace.ffm;

import dev.ptrace.core.it.DebuggerBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The debugger suite on the FFM backend. */
class FfmDebuggerIT extends DebuggerBehaviour {
    @Override
    protected TracerProvider provider() {
        return new FfmTracerProvider();
    }
}
