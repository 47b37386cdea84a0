package dev.ptrace.jnr;

import dev.ptrace.core.CoreTracerProvider;
import dev.ptrace.core.NativeCalls;

/**
 * The {@code jnr} backend: the engine over libc bound with jnr-ffi. Constructing it does no native work;
 * libc is bound on the first {@link #probe()} or {@link #open()}.
 */
public final class JnrTracerProvider extends CoreTracerProvider {

    /** Creates the provider; loads nothing. */
    public JnrTracerProvider() {
    }

    @Override
    public String name() {
        return "jnr";
    }

    @Override
    protected NativeCalls nativeCalls() {
        return loadOnce(JnrTracerProvider.class, JnrNativeCalls::new);
    }
}
