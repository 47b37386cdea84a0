package dev.ptrace.core;

import dev.ptrace.Tracer;
import dev.ptrace.spi.Availability;
import dev.ptrace.spi.TracerProvider;

/**
 * Base of every backend's provider: the backend supplies its {@link NativeCalls}; the engine does the rest.
 * Subclasses must have a public no-argument constructor that does no native work.
 */
public abstract class CoreTracerProvider implements TracerProvider {
    /** Per provider class: its NativeCalls, or the failure that creating them met. */
    private static final java.util.Map<Class<?>, Object> LOADED = new java.util.HashMap<>();

    /**
     * Creates a backend's native calls once per provider class (binding the library is done once per JVM). A
     * failure is kept and rethrown on every later call, so that each probe reports the real cause rather than
     * "could not initialize class".
     *
     * @param provider the provider class, the key of the cache
     * @param create creates the native calls (binds the library)
     * @return the native calls
     * @throws LinkageError or a runtime exception if the library cannot be bound
     */
    protected static NativeCalls loadOnce(Class<? extends CoreTracerProvider> provider,
                                          java.util.function.Supplier<NativeCalls> create) {
        Object loaded;
        synchronized (LOADED) {
            loaded = LOADED.get(provider);
            if (loaded == null) {
                try {
                    loaded = create.get();
                } catch (LinkageError | RuntimeException e) {
                    loaded = e;
                }
                LOADED.put(provider, loaded);
            }
        }
        if (loaded instanceof LinkageError e) {
            throw e;
        }
        if (loaded instanceof RuntimeException e) {
            throw e;
        }
        return (NativeCalls) loaded;
    }

    /**
     * The backend's native calls, created on first use (this is where the native library is loaded).
     *
     * @throws LinkageError or a runtime exception if the library cannot be loaded
     */
    protected abstract NativeCalls nativeCalls();

    /** Loads the library and makes one harmless call ({@code getpid}); never throws. */
    @Override
    public Availability probe() {
        try {
            NativeCalls calls = nativeCalls();
            if (calls.getpid() <= 0) {
                return Availability.unavailable("getpid() returned nothing sensible", null);
            }
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return Availability.unavailable("ptrace-java needs Linux, this is " + System.getProperty("os.name"),
                        null);
            }
            return Availability.ok();
        } catch (LinkageError | RuntimeException e) {
            return Availability.unavailable(e.toString(), e);
        }
    }

    @Override
    public Tracer open() {
        return new PtraceEngine(nativeCalls(), name());
    }
}
