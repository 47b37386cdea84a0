package dev.ptrace.jna;

import dev.ptrace.core.it.DebuggerBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The debugger suite on the JNA backend. */
class JnaDebuggerIT extends DebuggerBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnaTracerProvider();
    }
}
