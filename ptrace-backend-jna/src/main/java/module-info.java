/** The JNA backend: the engine's native calls over JNA direct mapping. */
module dev.ptrace.jna {
    requires dev.ptrace.core;
    requires com.sun.jna;

    provides dev.ptrace.spi.TracerProvider with dev.ptrace.jna.JnaTracerProvider;
}
