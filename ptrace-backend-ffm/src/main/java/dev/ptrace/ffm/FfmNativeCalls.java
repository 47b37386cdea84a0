package dev.ptrace.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.ptrace.core.NativeCallException;
import dev.ptrace.core.NativeCalls;
import dev.ptrace.core.PtraceRequests;
import dev.ptrace.core.SpawnRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * {@link NativeCalls} over the kernel's calls made through {@code java.lang.foreign} downcalls: glibc's
 * {@code syscall(2)} for all of them ({@link Syscalls}) but {@code posix_spawn} ({@link SpawnCalls}). errno is
 * captured by the handle right after the call, into the calling thread's {@link Scratch}, and read when the call
 * returns -1. As the raw call, {@code PTRACE_PEEK*} stores the word at {@code data} (the scratch memory) and returns
 * 0, so a word of -1 is no error. The structs the hot calls point to live in that scratch memory too, so the ptrace,
 * wait and process_vm paths allocate nothing on the Java heap.
 */
final class FfmNativeCalls implements NativeCalls {

    private static final int PTRACE_PEEKTEXT = 1;
    private static final int PTRACE_PEEKUSER = 3;
    private static final int PTRACE_GETREGSET = 0x4204;
    private static final int PTRACE_SETREGSET = 0x4205;
    private static final int O_CLOEXEC = 0x80000;
    private static final int AT_FDCWD = -100;
    private static final int STATX_TYPE = 1;
    private static final int STATX_MODE = 2;
    /** {@code sizeof(struct statx)}; {@code stx_mode} is its {@code __u16} at offset 28. */
    private static final long STATX_BYTES = 256;
    private static final long STATX_MODE_OFFSET = 28;

    private final Syscalls.Numbers nr;

    /**
     * Binds libc.
     *
     * @throws UnsatisfiedLinkError if a required libc function cannot be found
     * @throws IllegalCallerException if native access is denied to this code
     * @throws UnsupportedOperationException on an architecture other than x86_64 and aarch64
     */
    FfmNativeCalls() {
        Syscalls.bind();
        SpawnCalls.bind();
        nr = Syscalls.NR;
    }

    /** {@code syscall(number, a...f)}; -1 fails with the call's name and the errno captured. */
    private static long syscall(String call, long number, long a, long b, long c, long d, long e, long f) {
        Scratch s = Scratch.current();
        long result;
        try {
            result = (long) Syscalls.SYSCALL.invokeExact(s.callState, number, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
        if (result == -1) {
            throw new NativeCallException(call, s.errno());
        }
        return result;
    }

    @Override
    public long ptrace(int request, int pid, long addr, long data) {
        if (request >= PTRACE_PEEKTEXT && request <= PTRACE_PEEKUSER) {
            return peek(request, pid, addr);
        }
        return syscall(PtraceRequests.call(request), nr.ptrace(), request, pid, addr, data, 0, 0);
    }

    /**
     * Passes the buffer's base address, whatever its position.
     *
     * @throws IllegalArgumentException if the buffer is not direct or too small for the request's struct
     */
    @Override
    public long ptrace(int request, int pid, long addr, ByteBuffer data) {
        if (data == null) {
            return ptrace(request, pid, addr, 0L);
        }
        PtraceRequests.checkData(request, addr, data);
        return ptrace(request, pid, addr, Scratch.current().address(data));
    }

    @Override
    public long peek(int request, int pid, long addr) {
        Scratch s = Scratch.current();
        syscall(PtraceRequests.call(request), nr.ptrace(), request, pid, addr, s.base + Scratch.WORD, 0, 0);
        return s.getLong(Scratch.WORD);
    }

    @Override
    public int getRegset(int pid, int type, ByteBuffer buffer) {
        Scratch s = Scratch.current();
        ptrace(PTRACE_GETREGSET, pid, type, s.iovec(Scratch.LOCAL_IOV, s.address(buffer), buffer.capacity()));
        return (int) s.getLong(Scratch.LOCAL_IOV + Long.BYTES);
    }

    @Override
    public void setRegset(int pid, int type, ByteBuffer buffer, int length) {
        Objects.checkFromIndexSize(0, length, buffer.capacity());
        Scratch s = Scratch.current();
        ptrace(PTRACE_SETREGSET, pid, type, s.iovec(Scratch.LOCAL_IOV, s.address(buffer), length));
    }

    /** {@code wait4(pid, &status, options, NULL)}, which is what {@code waitpid} is. */
    @Override
    public int waitpid(int pid, int[] status, int options) {
        Scratch s = Scratch.current();
        int reported = (int) syscall("waitpid", nr.wait4(), pid, s.base + Scratch.STATUS, options, 0, 0, 0);
        status[0] = reported > 0 ? s.getInt(Scratch.STATUS) : 0;
        return reported;
    }

    /** {@code wait4(pid, &status, options, &rusage)}: the user and system CPU time come with the status. */
    @Override
    public int wait4(int pid, int[] status, int options, long[] cpuMicros) {
        Scratch s = Scratch.current();
        int reported = (int) syscall("wait4", nr.wait4(), pid, s.base + Scratch.STATUS, options,
                s.base + Scratch.RUSAGE, 0, 0);
        status[0] = reported > 0 ? s.getInt(Scratch.STATUS) : 0;
        if (reported > 0) {
            cpuMicros[0] = s.micros(Scratch.RUSAGE);
            cpuMicros[1] = s.micros(Scratch.RUSAGE + 16);
        }
        return reported;
    }

    @Override
    public long processVmReadv(int pid, ByteBuffer local, int length, long remoteAddress) {
        return processVm("process_vm_readv", nr.processVmReadv(), pid, local, length, remoteAddress);
    }

    @Override
    public long processVmWritev(int pid, ByteBuffer local, int length, long remoteAddress) {
        return processVm("process_vm_writev", nr.processVmWritev(), pid, local, length, remoteAddress);
    }

    /** {@code process_vm_readv/writev(pid, local, 1, remote, 1, 0)}. */
    private static long processVm(String call, int number, int pid, ByteBuffer local, int length,
                                  long remoteAddress) {
        Objects.checkFromIndexSize(0, length, local.capacity());
        Scratch s = Scratch.current();
        long localIov = s.iovec(Scratch.LOCAL_IOV, s.address(local), length);
        long remoteIov = s.iovec(Scratch.REMOTE_IOV, remoteAddress, length);
        return syscall(call, number, pid, localIov, 1, remoteIov, 1, 0);
    }

    @Override
    public void kill(int pid, int signal) {
        syscall("kill", nr.kill(), pid, signal, 0, 0, 0, 0);
    }

    @Override
    public void tgkill(int tgid, int tid, int signal) {
        syscall("tgkill", nr.tgkill(), tgid, tid, signal, 0, 0, 0);
    }

    @Override
    public int gettid() {
        return (int) syscall("gettid", nr.gettid(), 0, 0, 0, 0, 0, 0);
    }

    @Override
    public int getpid() {
        return (int) syscall("getpid", nr.getpid(), 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void schedSetaffinity(int tid, ByteBuffer mask, int length) {
        if (length < 0 || length > mask.capacity()) {
            throw new IndexOutOfBoundsException("mask length " + length + " of a " + mask.capacity() + "-byte buffer");
        }
        syscall("sched_setaffinity", nr.schedSetaffinity(), tid, length, Scratch.current().address(mask), 0, 0, 0);
    }

    @Override
    public int fileMode(byte[] path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(JAVA_BYTE, SpawnRequest.cString(path));
            MemorySegment statx = arena.allocate(STATX_BYTES, Long.BYTES);
            syscall("statx", nr.statx(), AT_FDCWD, cPath.address(), 0, STATX_TYPE | STATX_MODE, statx.address(), 0);
            return statx.get(JAVA_SHORT, STATX_MODE_OFFSET) & 0xffff;
        }
    }

    @Override
    public int posixSpawn(SpawnRequest request) {
        return SpawnCalls.spawn(request);
    }

    @Override
    public int[] pipe() {
        Scratch s = Scratch.current();
        syscall("pipe2", nr.pipe2(), s.base + Scratch.FDS, O_CLOEXEC, 0, 0, 0, 0);
        return new int[] {s.getInt(Scratch.FDS), s.getInt(Scratch.FDS + Integer.BYTES)};
    }

    @Override
    public void close(int fd) {
        syscall("close", nr.close(), fd, 0, 0, 0, 0, 0);
    }

    @Override
    public int memfdCreate(String name, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(JAVA_BYTE, SpawnRequest.cString(name));
            return (int) syscall("memfd_create", nr.memfdCreate(), cName.address(), flags, 0, 0, 0, 0);
        }
    }
}
