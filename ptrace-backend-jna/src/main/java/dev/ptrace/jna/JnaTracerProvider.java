package dev.ptrace.jna;

import dev.ptrace.core.CoreTracerProvider;
import dev.ptrace.core.NativeCalls;

/**
 * The {@code jna} backend: the engine over libc bound with JNA direct mapping. Constructing it does no native work;
 * libc is bound on the first {@link #probe()} or {@link #open()}.
 */
public final class JnaTracerProvider extends CoreTracerProvider {

    /** Creates the provider; loads nothing. */
    public JnaTracerProvider() {
    }

    @Override
    public String name() {
        return "jna";
    }

    @Override
    protected NativeCalls nativeCalls() {
        return loadOnce(JnaTracerProvider.class, JnaNativeCalls::new);
    }
}
