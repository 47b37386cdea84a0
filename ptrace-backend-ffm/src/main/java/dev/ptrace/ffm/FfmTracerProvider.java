package dev.ptrace.ffm;

import dev.ptrace.core.CoreTracerProvider;
import dev.ptrace.core.NativeCalls;

/**
 * The {@code ffm} backend: the engine over libc called through the JDK's Foreign Function and Memory API (JDK 22+).
 * Constructing it does no native work; libc is bound on the first {@link #probe()} or {@link #open()}. Binding is a
 * restricted operation: run with {@code --enable-native-access=ALL-UNNAMED} (or the module's name), else the JDK
 * warns on stderr or, where native access is denied, the probe reports the backend unusable.
 */
public final class FfmTracerProvider extends CoreTracerProvider {

    /** Creates the provider; binds nothing. */
    public FfmTracerProvider() {
    }

    @Override
    public String name() {
        return "ffm";
    }

    @Override
    protected NativeCalls nativeCalls() {
        return loadOnce(FfmTracerProvider.class, FfmNativeCalls::new);
    }
}
