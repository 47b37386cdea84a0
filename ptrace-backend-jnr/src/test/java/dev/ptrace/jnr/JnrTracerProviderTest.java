package dev.ptrace.jnr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.spi.Availability;
import dev.ptrace.spi.TracerProvider;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JnrTracerProviderTest {

    @Test
    void serviceEntryIsFoundWithoutInstantiatingTheProvider() {
        List<ServiceLoader.Provider<TracerProvider>> found = ServiceLoader.load(TracerProvider.class).stream()
                .filter(p -> p.type() == JnrTracerProvider.class)
                .collect(Collectors.toList());
        assertEquals(1, found.size(), "META-INF/services entry for JnrTracerProvider");
        assertEquals("jnr", found.get(0).get().name());
    }

    @Test
    void constructingDoesNoNativeWorkAndProbeLoadsLibc() throws Exception {
        try (IsolatedLoader loader = new IsolatedLoader()) {
            Object provider = loader.loadClass(JnrTracerProvider.class.getName()).getConstructor().newInstance();
            assertNull(loader.loaded("jnr.ffi.LibraryLoader"), "jnr-ffi was loaded by the constructor");
            assertNull(loader.loaded("dev.ptrace.jnr.JnrNativeCalls"), "native calls were created by the constructor");

            Object availability = provider.getClass().getMethod("probe").invoke(provider);
            assertEquals("available", availability.toString());
            assertNotNull(loader.loaded("jnr.ffi.LibraryLoader"));
        }
    }

    @Test
    void probeSaysAvailableHere() {
        Availability availability = new JnrTracerProvider().probe();
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
