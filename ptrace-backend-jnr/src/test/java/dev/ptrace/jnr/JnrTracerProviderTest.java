package dev.ptrace.jnr;

import dev.ptrace.core.conformance.ProviderContract;
import dev.ptrace.spi.TracerProvider;

/** The provider contract for the jnr backend. */
class JnrTracerProviderTest extends ProviderContract {
    @Override
    protected Class<? extends TracerProvider> providerType() {
        return JnrTracerProvider.class;
    }

    @Override
    protected String expectedName() {
        return "jnr";
    }

    @Override
    protected String ffiClass() {
        return "jnr.ffi.LibraryLoader";
    }

    @Override
    protected String nativeCallsClass() {
        return "dev.ptrace.jnr.JnrNativeCalls";
    }
}
