/** The tracing engine. Backends implement {@link dev.ptrace.core.NativeCalls} and extend
 * {@link dev.ptrace.core.CoreTracerProvider}. */
module dev.ptrace.core {
    requires transitive dev.ptrace.api;
    exports dev.ptrace.core;
}
