package dev.ptrace.jna;

import dev.ptrace.core.it.InjectionBehaviour;
import dev.ptrace.spi.TracerProvider;

/** Syscall injection on the JNA backend. */
class JnaInjectionIT extends InjectionBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnaTracerProvider();
    }
}
