package dev.ptrace.jna;

import dev.ptrace.core.it.StackTraceBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The stack-trace suite on the JNA backend. */
class JnaStackTraceIT extends StackTraceBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnaTracerProvider();
    }
}
