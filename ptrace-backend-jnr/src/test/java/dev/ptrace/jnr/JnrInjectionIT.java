package dev.ptrace.jnr;

import dev.ptrace.core.it.InjectionBehaviour;
import dev.ptrace.spi.TracerProvider;

/** Syscall injection on the jnr-ffi backend. */
class JnrInjectionIT extends InjectionBehaviour {
    @Override
    protected TracerProvider provider() {
        return new JnrTracerProvider();
    }
}
