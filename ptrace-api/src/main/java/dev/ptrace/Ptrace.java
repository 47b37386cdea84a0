package dev.ptrace;

import dev.ptrace.internal.BackendSelector;
import dev.ptrace.spi.TracerProvider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The entry point: opens a {@link Tracer} on the native backend found on the classpath.
 *
 * <p>Backends are found with {@link ServiceLoader}. {@code -Dptrace.backend=ffm|jna|jnr} (or the environment
 * variable {@code PTRACE_BACKEND}) pins one strictly; otherwise the first usable one in the order
 * {@code -Dptrace.backends} (default {@code ffm,jna,jnr} on JDK 22+, {@code jna,jnr} before) is taken. The choice
 * is made once per JVM.
 *
 * <pre>{@code
 * try (Tracer tracer = Ptrace.open()) {
 *     Tracee t = tracer.spawn(List.of("/bin/true"));
 *     for (Stop s = tracer.waitAny(); !s.isTerminal(); s = tracer.waitAny()) {
 *         System.out.println(s);
 *         s.tracee().syscall();
 *     }
 * }
 * }</pre>
 */
public final class Ptrace {

    private Ptrace() {
    }

    /**
     * Opens a tracing session on the selected backend.
     *
     * @return the session; close it to detach or kill its tracees
     * @throws NoBackendException if no backend is usable (the message lists every candidate and why)
     */
    public static Tracer open() {
        return Holder.get().provider().open();
    }

    /**
     * Opens a tracing session on a given provider, bypassing discovery.
     *
     * @param provider the backend to use
     * @return the session
     */
    public static Tracer open(TracerProvider provider) {
        return provider.open();
    }

    /** {@return what this JVM is allowed to trace, with hints} */
    public static PtracePermissions permissions() {
        return PtracePermissions.current();
    }

    /** {@return every backend on the classpath, in preference order, with the outcome of its probe} */
    public static List<BackendInfo> backends() {
        List<BackendInfo> out = new ArrayList<>();
        for (TracerProvider p : BackendSelector.orderCandidates(discover(), BackendSelector.DEFAULT_ORDER)) {
            out.add(new BackendInfo(p.name(), p.priority(), BackendSelector.probe(p)));
        }
        return out;
    }

    /**
     * {@return the name of the backend {@link #open()} uses}
     *
     * @throws NoBackendException if none is usable
     */
    public static String selectedBackend() {
        return Holder.get().provider().name();
    }

    static List<TracerProvider> discover() {
        List<TracerProvider> found = new ArrayList<>();
        Iterator<TracerProvider> it =
                ServiceLoader.load(TracerProvider.class, TracerProvider.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // A broken provider must not hide the others; selection reports those it has.
                System.getLogger(Ptrace.class.getName()).log(System.Logger.Level.DEBUG,
                        "ptrace backend could not be loaded", e);
            }
        }
        return found;
    }

    static Map<String, String> configuration() {
        Map<String, String> config = new HashMap<>();
        put(config, BackendSelector.BACKEND, System.getProperty(BackendSelector.BACKEND));
        put(config, BackendSelector.BACKEND_ENV, System.getenv(BackendSelector.BACKEND_ENV));
        put(config, BackendSelector.ORDER, System.getProperty(BackendSelector.ORDER));
        return config;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /**
     * The selection, made once on first use. A failure is kept too, and the same {@link NoBackendException} is
     * thrown on every call (a static initializer would turn it into ExceptionInInitializerError, then
     * NoClassDefFoundError).
     */
    private static final class Holder {
        private static BackendSelector.Selection selection;
        private static RuntimeException failure;

        static synchronized BackendSelector.Selection get() {
            if (selection == null && failure == null) {
                try {
                    selection = BackendSelector.select(discover(), configuration());
                    System.getLogger(Ptrace.class.getName()).log(System.Logger.Level.DEBUG,
                            "ptrace backend: " + selection.provider().name() + " (candidates: " + selection.probed()
                                    + ")");
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return selection;
        }
    }
}
