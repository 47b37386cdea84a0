package dev.ptrace.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Downcall handles on libc's functions, and the errno a capturing handle wrote.
 *
 * <p>Every handle of this backend has one of two shapes, because the JDK generates code for each distinct shape
 * (tens of milliseconds of start-up apiece) while a second handle of a known shape is nearly free: six {@code long}
 * arguments and a {@code long} result, either {@link #SIX_LONGS} or {@link #SYSCALL} (variadic after the first,
 * errno captured). On the LP64 ABIs this backend runs on (x86_64, aarch64), a {@code long} holding the sign-extended
 * value is a correct argument for an {@code int}, {@code short} or pointer parameter, unused trailing arguments are
 * ignored by the callee, and an {@code int} result is the low half of the {@code long} read back.
 */
final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final FunctionDescriptor SIX_LONGS =
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    /** {@code long syscall(long number, ...)} with six arguments after the number. */
    private static final FunctionDescriptor SYSCALL = SIX_LONGS.insertArgumentLayouts(0, JAVA_LONG);

    private Downcalls() {
    }

    /**
     * {@code syscall(2)}: {@code (MemorySegment callState, long number, long a1, ..., long a6) -> long}; errno is
     * written into {@code callState} (allocate it with {@link #callState}).
     *
     * @throws UnsatisfiedLinkError if libc has no {@code syscall}
     */
    static MethodHandle syscall() {
        return handle("syscall", SYSCALL, Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"))
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no function syscall"));
    }

    /**
     * A libc function that returns its error (as {@code posix_spawn*} do), as
     * {@code (long a1, ..., long a6) -> long}; empty if libc lacks it.
     */
    static Optional<MethodHandle> function(String name) {
        return handle(name, SIX_LONGS);
    }

    /** The layout of the segment a capturing handle writes errno into. */
    static MemoryLayout callStateLayout() {
        return CALL_STATE;
    }

    /** The errno a capturing handle wrote into {@code callState}. */
    static int errno(MemorySegment callState) {
        return callState.get(JAVA_INT, ERRNO_OFFSET);
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

    /** Native access is the point of this class. */
    @SuppressWarnings("restricted")
    private static Optional<MethodHandle> handle(String name, FunctionDescriptor descriptor,
                                                 Linker.Option... options) {
        return LINKER.defaultLookup().find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor, options));
    }
}
