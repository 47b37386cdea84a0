package dev.ptrace.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The downcall handles of the calls the engine makes between stops, bound when this class is initialised. Constant
 * ({@code static final}) handles let the JIT compile each call site into a direct call. Pointers are passed as
 * {@code long} addresses (LP64: the same registers as a pointer), so a call needs no segment of its own; every handle
 * that can fail captures errno into the segment passed as its first argument. {@code ptrace} and {@code syscall} are
 * variadic in glibc and are declared so.
 */
final class Libc {

    static final MethodHandle PTRACE = Downcalls.required("ptrace",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Downcalls.CAPTURE_ERRNO);
    static final MethodHandle WAITPID = Downcalls.required("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    static final MethodHandle PROCESS_VM_READV = Downcalls.required("process_vm_readv", iovecCall(),
            Downcalls.CAPTURE_ERRNO);
    static final MethodHandle PROCESS_VM_WRITEV = Downcalls.required("process_vm_writev", iovecCall(),
            Downcalls.CAPTURE_ERRNO);
    static final MethodHandle KILL = Downcalls.required("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    /** {@code long syscall(long number, ...)} with three arguments. */
    static final MethodHandle SYSCALL = Downcalls.required("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Downcalls.CAPTURE_ERRNO);
    static final MethodHandle GETPID = Downcalls.required("getpid", FunctionDescriptor.of(JAVA_INT));
    static final MethodHandle PIPE2 = Downcalls.required("pipe2",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    static final MethodHandle CLOSE = Downcalls.required("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    static final MethodHandle MEMFD_CREATE = Downcalls.required("memfd_create",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    /** {@code statx(dirfd, path, flags, mask, buffer)}: glibc 2.28+, empty before. */
    static final Optional<MethodHandle> STATX = Downcalls.optional("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG),
            Downcalls.CAPTURE_ERRNO);

    private Libc() {
    }

    /** Forces initialisation (and so the binding). */
    static void bind() {
    }

    /** {@code process_vm_readv/writev(pid, local, liovcnt, remote, riovcnt, flags)}. */
    private static FunctionDescriptor iovecCall() {
        return FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    }
}
