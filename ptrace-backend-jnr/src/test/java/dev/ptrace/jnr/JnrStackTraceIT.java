package dev.ptrace.jnr;

import dev.ptrace.core.it.StackTraceBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The stack-trace suite on the jnr-ffi backend. */
class JnrStackTraceIT extends StackTraceBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnrTracerProvider();
    }
}
