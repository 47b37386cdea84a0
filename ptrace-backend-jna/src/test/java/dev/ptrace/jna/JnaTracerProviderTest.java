package dev.ptrace.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import dev.ptrace.core.CoreTracerProvider;
import dev.ptrace.spi.Availability;
import dev.ptrace.spi.TracerProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JnaTracerProviderTest {

    @Test
    void serviceEntryIsFoundWithoutInstantiatingTheProvider() {
        List<ServiceLoader.Provider<TracerProvider>> found = ServiceLoader.load(TracerProvider.class).stream()
                .filter(p -> p.type() == JnaTracerProvider.class)
                .collect(Collectors.toList());
        assertEquals(1, found.size(), "META-INF/services entry for JnaTracerProvider");
        assertEquals("jna", found.get(0).get().name());
    }

    @Test
    void constructingDoesNoNativeWorkAndProbeLoadsLibc() throws Exception {
        try (IsolatedLoader loader = new IsolatedLoader(JnaTracerProvider.class, CoreTracerProvider.class,
                TracerProvider.class, Native.class)) {
            Object provider = loader.loadClass(JnaTracerProvider.class.getName()).getConstructor().newInstance();
            assertNull(loader.loaded("com.sun.jna.Native"), "JNA was loaded by the constructor");
            assertNull(loader.loaded("dev.ptrace.jna.JnaNativeCalls"), "native calls were created by the constructor");

            Object availability = provider.getClass().getMethod("probe").invoke(provider);
            assertEquals("available", availability.toString());
            assertNotNull(loader.loaded("com.sun.jna.Native"));
        }
    }

    @Test
    void probeSaysAvailableHere() {
        Availability availability = new JnaTracerProvider().probe();
        assertTrue(availability.available(), availability::toString);
    }

    /** Loads our classes and JNA afresh (parent: the platform loader), so we can see what got loaded. */
    private static final class IsolatedLoader extends URLClassLoader {
        IsolatedLoader(Class<?>... fromJars) {
            super(locations(fromJars), ClassLoader.getPlatformClassLoader());
        }

        Class<?> loaded(String name) {
            return findLoadedClass(name);
        }

        private static URL[] locations(Class<?>... classes) {
            URL[] urls = new URL[classes.length];
            for (int i = 0; i < classes.length; i++) {
                urls[i] = classes[i].getProtectionDomain().getCodeSource().getLocation();
            }
            return urls;
        }
    }
}
