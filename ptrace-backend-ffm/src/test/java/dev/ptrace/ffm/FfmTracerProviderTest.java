package dev.ptrace.ffm;

import dev.ptrace.core.conformance.ProviderContract;
import dev.ptrace.spi.TracerProvider;

/** The provider contract for the FFM backend. */
class FfmTracerProviderTest extends ProviderContract {
    @Override
    protected Class<? extends TracerProvider> providerType() {
        return FfmTracerProvider.class;
    }

    @Override
    protected String expectedName() {
        return "ffm";
    }

    @Override
    protected String ffiClass() {
        return "dev.ptrace.ffm.Syscalls";
    }

    @Override
    protected String nativeCallsClass() {
        return "dev.ptrace.ffm.FfmNativeCalls";
    }
}
