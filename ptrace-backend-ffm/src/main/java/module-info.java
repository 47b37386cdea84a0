/** The FFM backend: the engine's native calls over java.lang.foreign (JDK 22+), with no library of its own. */
module dev.ptrace.ffm {
    requires dev.ptrace.core;

    provides dev.ptrace.spi.TracerProvider with dev.ptrace.ffm.FfmTracerProvider;
}
