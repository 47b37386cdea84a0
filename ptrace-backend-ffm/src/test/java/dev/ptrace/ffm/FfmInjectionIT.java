package dev.ptrace.ffm;

import dev.ptrace.core.it.InjectionBehaviour;
import dev.ptrace.spi.TracerProvider;

/** Syscall injection on the FFM backend. */
class FfmInjectionIT extends InjectionBehaviour {
    @Override
    protected TracerProvider provider() {
        return new FfmTracerProvider();
    }
}
