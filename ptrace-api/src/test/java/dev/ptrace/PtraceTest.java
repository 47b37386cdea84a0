package dev.ptrace;

import dev.ptrace.spi.TracerProvider;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class PtraceTest {

    @Test
    void noProviderOnTheApiClasspath() {
        assertTrue(Ptrace.discover().isEmpty());
        assertEquals(java.util.List.of(), Ptrace.backends());
    }

    @Test
    void openWithAProviderBypassesDiscovery() {
        TracerProvider p = mock(TracerProvider.class);
        Tracer t = mock(Tracer.class);
        when(p.open()).thenReturn(t);
        assertSame(t, Ptrace.open(p));
        verify(p).open();
    }

    @Test
    void permissionsAreReadWithoutThrowing() {
        assertNotNull(Ptrace.permissions());
    }

    @Test
    void configurationReadsTheSystemProperties() {
        String oldBackend = System.getProperty("ptrace.backend");
        String oldOrder = System.getProperty("ptrace.backends");
        try {
            System.setProperty("ptrace.backend", "jnr");
            System.setProperty("ptrace.backends", "jnr,jna");
            Map<String, String> c = Ptrace.configuration();
            assertEquals("jnr", c.get("ptrace.backend"));
            assertEquals("jnr,jna", c.get("ptrace.backends"));
            System.clearProperty("ptrace.backend");
            System.clearProperty("ptrace.backends");
            Map<String, String> empty = Ptrace.configuration();
            assertFalse(empty.containsKey("ptrace.backend"));
            assertFalse(empty.containsKey("ptrace.backends"));
            assertEquals(System.getenv("PTRACE_BACKEND"), empty.get("PTRACE_BACKEND"));
        } finally {
            restore("ptrace.backend", oldBackend);
            restore("ptrace.backends", oldOrder);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /**
     * With no backend on this module's classpath, Ptrace.open() throws the documented NoBackendException, and
     * the same one on every later call (the selection is made once per JVM).
     */
    @Test
    void openWithoutAnyBackendThrowsNoBackendExceptionEveryTime() {
        NoBackendException first = assertThrows(NoBackendException.class, Ptrace::open);
        assertTrue(first.getMessage().startsWith("No usable ptrace backend"), first.getMessage());
        assertThrows(NoBackendException.class, Ptrace::open);
        assertThrows(NoBackendException.class, Ptrace::selectedBackend);
    }
}
