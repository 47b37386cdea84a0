package dev.ptrace.spi;

import dev.ptrace.Tracer;

/**
 * A native backend, found with {@link java.util.ServiceLoader}. Implementations must be cheap to construct (no
 * native work in the constructor), and {@link #probe()} must never throw.
 */
public interface TracerProvider {

    /** The SPI version this API implements; a provider built against another one is not used. */
    int SPI_VERSION = 1;

    /** {@return a short lower-case name, {@code [a-z0-9]+}, used by {@code -Dptrace.backend}} */
    String name();

    /** {@return the order among backends not named in {@code -Dptrace.backends}: higher first} */
    default int priority() {
        return 0;
    }

    /** {@return the SPI version the provider was built against} */
    default int spiVersion() {
        return SPI_VERSION;
    }

    /** {@return whether the backend works here (its library loads and one harmless call succeeds), and if not why} */
    Availability probe();

    /**
     * Opens a tracing session.
     *
     * @return the session; close it to detach or kill its tracees
     * @throws dev.ptrace.PtraceException if the session cannot be set up
     */
    Tracer open();
}
