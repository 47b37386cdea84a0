/** The ptrace-java API. Depends on the JDK only. */
module dev.ptrace.api {
    exports dev.ptrace;
    exports dev.ptrace.spi;
    uses dev.ptrace.spi.TracerProvider;
}
