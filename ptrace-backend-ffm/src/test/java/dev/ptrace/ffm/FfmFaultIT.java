package dev.ptrace.ffm;

import dev.ptrace.core.it.FaultBehaviour;
import dev.ptrace.spi.TracerProvider;

/** The fault matrix (detach, kill-on-exit, refused attaches, signals, threads, permissions) on the FFM backend. */
class FfmFaultIT extends FaultBehaviour {
    @Override
    protected TracerProvider provider() {
        return new FfmTracerProvider();
    }
}
