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
        if (Holder.CALLS == null) {
            if (Holder.FAILURE instanceof LinkageError) {
                throw (LinkageError) Holder.FAILURE;
            }
            throw (RuntimeException) Holder.FAILURE;
        }
        return Holder.CALLS;
    }

    /**
     * Binds libc once, on first use. A failure is kept and rethrown on every use, so that each probe reports the
     * real cause rather than "could not initialize class".
     */
    private static final class Holder {
        static final NativeCalls CALLS;
        static final Throwable FAILURE;

        static {
            NativeCalls calls = null;
            Throwable failure = null;
            try {
                calls = new JnaNativeCalls();
            } catch (LinkageError | RuntimeException e) {
                failure = e;
            }
            CALLS = calls;
            FAILURE = failure;
        }
    }
}
