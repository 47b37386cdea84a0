package dev.ptrace.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Finding libc's functions and making downcall handles for them, and reading the errno a handle captured. Shared by
 * {@link Libc} and {@link SpawnCalls}.
 */
final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();
    /** The layout of the call state a capturing handle writes; holds {@code errno}. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    /** Handles made with it take a call-state segment as their first argument and write errno into it. */
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private Downcalls() {
    }

    /**
     * A handle on a libc function that must exist.
     *
     * @throws UnsatisfiedLinkError if libc has no such function
     */
    static MethodHandle required(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return optional(name, descriptor, options)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no function " + name));
    }

    /** A handle on a libc function that older libcs lack (empty then). Native access is the point of this class. */
    @SuppressWarnings("restricted")
    static Optional<MethodHandle> optional(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.defaultLookup().find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor, options));
    }

    /** The errno a capturing handle wrote into {@code callState}. */
    static int errno(MemorySegment callState) {
        return callState.get(java.lang.foreign.ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    /** What a handle's {@code invokeExact} threw, unchecked (a downcall throws nothing checked). */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
