package dev.ptrace.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One thread's native scratch memory, from an arena of its own that is freed once the thread and this object are
 * gone: the call-state segment errno is captured into, a local and a remote iovec
 * ({@code {void *iov_base; size_t iov_len}}, 16 bytes on LP64), a wait status, a pipe's two descriptors, a
 * {@code struct rusage} and the word a {@code PTRACE_PEEK*} stores. It also remembers the addresses of the last few direct buffers it saw (finding
 * one makes a segment), so the engine's long-lived buffers cost nothing per call; it keeps those buffers reachable
 * while the thread lives.
 */
final class Scratch {
    static final long LOCAL_IOV = 0;
    static final long REMOTE_IOV = 16;
    static final long STATUS = 32;
    static final long FDS = 40;
    static final long WORD = 48;
    /** A {@code struct rusage} (144 bytes on LP64): ru_utime then ru_stime, each a timeval of two longs. */
    static final long RUSAGE = 56;
    private static final long SIZE = RUSAGE + 144;
    private static final int REMEMBERED = 4;

    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

    /** Pass as the first argument of a capturing handle. */
    final MemorySegment callState;
    final MemorySegment memory;
    final long base;
    private final ByteBuffer[] buffers = new ByteBuffer[REMEMBERED];
    private final long[] addresses = new long[REMEMBERED];
    private int next;

    private Scratch() {
        Arena arena = Arena.ofAuto();
        callState = arena.allocate(Downcalls.callStateLayout());
        memory = arena.allocate(SIZE, Long.BYTES);
        base = memory.address();
    }

    /** The calling thread's scratch memory. */
    static Scratch current() {
        return CURRENT.get();
    }

    /** The errno the last capturing call on this thread left. */
    int errno() {
        return Downcalls.errno(callState);
    }

    /** Writes an iovec at {@code offset} and returns its address. */
    long iovec(long offset, long address, long length) {
        memory.set(JAVA_LONG, offset, address);
        memory.set(JAVA_LONG, offset + Long.BYTES, length);
        return base + offset;
    }

    long getLong(long offset) {
        return memory.get(JAVA_LONG, offset);
    }

    /** A {@code struct timeval} at {@code offset}, in microseconds. */
    long micros(long offset) {
        return getLong(offset) * 1_000_000L + getLong(offset + Long.BYTES);
    }

    int getInt(long offset) {
        return memory.get(JAVA_INT, offset);
    }

    /**
     * The address of a direct buffer's first byte, whatever its position.
     *
     * @throws IllegalArgumentException if the buffer is not direct
     */
    long address(ByteBuffer buffer) {
        for (int i = 0; i < REMEMBERED; i++) {
            if (buffers[i] == buffer) {
                return addresses[i];
            }
        }
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("native calls need a direct ByteBuffer");
        }
        long address = MemorySegment.ofBuffer(buffer).address() - buffer.position();
        buffers[next] = buffer;
        addresses[next] = address;
        next = (next + 1) % REMEMBERED;
        return address;
    }
}
