package dev.ptrace.jnr;

import dev.ptrace.core.it.FaultBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The fault matrix (detach, kill-on-exit, refused attaches, signals, threads, permissions) on the jnr backend. */
class JnrFaultIT extends FaultBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnrTracerProvider();
    }
}
