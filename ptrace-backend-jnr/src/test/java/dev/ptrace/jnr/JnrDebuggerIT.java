package dev.ptrace.jnr;

import dev.ptrace.core.it.DebuggerBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The debugger suite on the jnr-ffi backend. */
class JnrDebuggerIT extends DebuggerBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnrTracerProvider();
    }
}
