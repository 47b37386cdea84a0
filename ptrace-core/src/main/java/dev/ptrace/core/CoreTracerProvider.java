package dev.ptrace.core;

import dev.ptrace.Tracer;
import dev.ptrace.spi.Availability;
import dev.ptrace.spi.TracerProvider;

/**
 * Base of every backend's provider: the backend supplies its {@link NativeCalls}; the engine does the rest.
 * Subclasses must have a public no-argument constructor that does no native work.
 */
public abstract class CoreTracerProvider implements TracerProvider {

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
