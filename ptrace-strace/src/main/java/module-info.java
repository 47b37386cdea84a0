/** strace-format decoding and the {@link dev.ptrace.strace.Strace} tracer. The decoders in
 * {@code dev.ptrace.strace.internal} (and any package under it) are not exported: they are not API. */
module dev.ptrace.strace {
    requires transitive dev.ptrace.api;
    requires transitive dev.ptrace.syscalls;
    exports dev.ptrace.strace;
}
