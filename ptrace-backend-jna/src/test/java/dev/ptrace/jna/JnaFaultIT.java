package dev.ptrace.jna;

import dev.ptrace.core.it.FaultBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The fault matrix (detach, kill-on-exit, refused attaches, signals, threads, permissions) on the JNA backend. */
class JnaFaultIT extends FaultBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnaTracerProvider();
    }
}
