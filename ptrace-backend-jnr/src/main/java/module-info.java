/** The jnr backend: the engine's native calls over jnr-ffi. */
module dev.ptrace.jnr {
    requires dev.ptrace.core;
    requires org.jnrproject.ffi;
    requires org.jnrproject.jffi;
    // jnr-ffi is an automatic module, which declares no dependencies: on the module path nothing would resolve
    // the modules it uses (ASM, to generate its call stubs, and java.logging), so this module requires them.
    requires org.objectweb.asm;
    requires java.logging;

    // jnr-ffi implements LibC in a class it generates in its own (unnamed) module.
    exports dev.ptrace.jnr.bindings;

    provides dev.ptrace.spi.TracerProvider with dev.ptrace.jnr.JnrTracerProvider;
}
