package dev.ptrace.core.conformance;

import dev.ptrace.spi.Availability;
import dev.ptrace.spi.TracerProvider;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every backend's provider promises, written once and run by each backend through a subclass: it is
 * discoverable through {@code META-INF/services} without being instantiated, its constructor does no native work,
 * and its probe binds the library and says it is usable here.
 */
public abstract class ProviderContract {

    /** {@return the provider class under test} */
    protected abstract Class<? extends TracerProvider> providerType();

    /** {@return the name the provider must report} */
    protected abstract String expectedName();

    /** {@return a class of the FFI library that only binding the native library loads} */
    protected abstract String ffiClass();

    /** {@return the backend's NativeCalls class, which only the probe may create} */
    protected abstract String nativeCallsClass();

    @Test
    void serviceEntryIsFoundWithoutInstantiatingTheProvider() {
        List<ServiceLoader.Provider<TracerProvider>> found = ServiceLoader.load(TracerProvider.class).stream()
                .filter(p -> p.type() == providerType())
                .collect(Collectors.toList());
        assertEquals(1, found.size(), "META-INF/services entry for " + providerType().getSimpleName());
        assertEquals(expectedName(), found.get(0).get().name());
    }

    @Test
    void constructingDoesNoNativeWorkAndProbeLoadsTheLibrary() throws Exception {
        try (IsolatedLoader loader = new IsolatedLoader()) {
            Object provider = loader.loadClass(providerType().getName()).getConstructor().newInstance();
            assertNull(loader.loaded(ffiClass()), "the FFI library was loaded by the constructor");
            assertNull(loader.loaded(nativeCallsClass()), "native calls were created by the constructor");

            Object availability = provider.getClass().getMethod("probe").invoke(provider);
            assertEquals("available", availability.toString());
            assertNotNull(loader.loaded(ffiClass()));
        }
    }

    @Test
    void probeSaysAvailableHere() throws Exception {
        Availability availability = providerType().getConstructor().newInstance().probe();
        assertTrue(availability.available(), availability::toString);
    }

    /** Loads the test class path afresh (parent: the platform loader), so we can see what gets loaded. */
    private static final class IsolatedLoader extends URLClassLoader {
        IsolatedLoader() throws MalformedURLException {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        Class<?> loaded(String name) {
            return findLoadedClass(name);
        }

        private static URL[] classPath() throws MalformedURLException {
            String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
            URL[] urls = new URL[entries.length];
            for (int i = 0; i < entries.length; i++) {
                urls[i] = Path.of(entries[i]).toUri().toURL();
            }
            return urls;
        }
    }
}
