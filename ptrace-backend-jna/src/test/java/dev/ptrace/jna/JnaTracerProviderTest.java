package dev.ptrace.jna;

import dev.ptrace.core.conformance.ProviderContract;
import dev.ptrace.spi.TracerProvider;

/** The provider contract for the jna backend. */
class JnaTracerProviderTest extends ProviderContract {
    @Override
    protected Class<? extends TracerProvider> providerType() {
        return JnaTracerProvider.class;
    }

    @Override
    protected String expectedName() {
        return "jna";
    }

    @Override
    protected String ffiClass() {
        return "com.sun.jna.Native";
    }

    @Override
    protected String nativeCallsClass() {
        return "dev.ptrace.jna.JnaNativeCalls";
    }
}
