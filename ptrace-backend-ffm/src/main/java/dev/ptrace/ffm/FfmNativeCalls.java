package dev.ptrace.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.ptrace.Arch;
import dev.ptrace.core.NativeCallException;
import dev.ptrace.core.NativeCalls;
import dev.ptrace.core.PtraceRequests;
import dev.ptrace.core.SpawnRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * {@link NativeCalls} over libc, called through {@code java.lang.foreign} downcall handles ({@link Libc},
 * {@link SpawnCalls}). errno is captured by the handle right after the call, into the calling thread's
 * {@link Scratch}, and read only when the result says the call failed; for {@code PTRACE_PEEK*} glibc sets errno to
 * 0 on success, so -1 with errno 0 is the word -1. The structs the hot calls point to live in that scratch memory
 * too, so the ptrace, wait and process_vm paths allocate nothing on the Java heap.
 */
final class FfmNativeCalls implements NativeCalls {

    private static final int PTRACE_GETREGSET = 0x4204;
    private static final int PTRACE_SETREGSET = 0x4205;
    private static final int O_CLOEXEC = 0x80000;
    private static final int ENOSYS = 38;
    private static final int AT_FDCWD = -100;
    private static final int STATX_TYPE = 1;
    private static final int STATX_MODE = 2;
    /** {@code sizeof(struct statx)}; {@code stx_mode} is its {@code __u16} at offset 28. */
    private static final long STATX_BYTES = 256;
    private static final long STATX_MODE_OFFSET = 28;

    private final long sysGettid;
    private final long sysTgkill;
    private final long sysSchedSetaffinity;

    /**
     * Binds libc.
     *
     * @throws UnsatisfiedLinkError if a required libc function cannot be found
     * @throws IllegalCallerException if native access is denied to this code
     * @throws UnsupportedOperationException on an architecture other than x86_64 and aarch64
     */
    FfmNativeCalls() {
        Arch arch = Arch.current();
        sysGettid = arch == Arch.X86_64 ? 186 : 178;
        sysTgkill = arch == Arch.X86_64 ? 234 : 131;
        sysSchedSetaffinity = arch == Arch.X86_64 ? 203 : 122;
        Libc.bind();
        SpawnCalls.bind();
    }

    @Override
    public long ptrace(int request, int pid, long addr, long data) {
        Scratch s = Scratch.current();
        long result;
        try {
            result = (long) Libc.PTRACE.invokeExact(s.callState, request, pid, addr, data);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
        if (result == -1 && s.errno() != 0) {
            throw new NativeCallException(PtraceRequests.call(request), s.errno());
        }
        return result;
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

    /** glibc returns the word and sets errno to 0 on success, so -1 is an error only with an errno. */
    @Override
    public long peek(int request, int pid, long addr) {
        return ptrace(request, pid, addr, 0L);
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

    @Override
    public int waitpid(int pid, int[] status, int options) {
        Scratch s = Scratch.current();
        int reported;
        try {
            reported = (int) Libc.WAITPID.invokeExact(s.callState, pid, s.base + Scratch.STATUS, options);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
        if (reported == -1) {
            throw new NativeCallException("waitpid", s.errno());
        }
        status[0] = reported > 0 ? s.getInt(Scratch.STATUS) : 0;
        return reported;
    }

    @Override
    public long processVmReadv(int pid, ByteBuffer local, int length, long remoteAddress) {
        return processVm(Libc.PROCESS_VM_READV, "process_vm_readv", pid, local, length, remoteAddress);
    }

    @Override
    public long processVmWritev(int pid, ByteBuffer local, int length, long remoteAddress) {
        return processVm(Libc.PROCESS_VM_WRITEV, "process_vm_writev", pid, local, length, remoteAddress);
    }

    private static long processVm(MethodHandle call, String name, int pid, ByteBuffer local, int length,
                                  long remoteAddress) {
        Objects.checkFromIndexSize(0, length, local.capacity());
        Scratch s = Scratch.current();
        long localIov = s.iovec(Scratch.LOCAL_IOV, s.address(local), length);
        long remoteIov = s.iovec(Scratch.REMOTE_IOV, remoteAddress, length);
        long result;
        try {
            result = (long) call.invokeExact(s.callState, pid, localIov, 1L, remoteIov, 1L, 0L);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
        if (result == -1) {
            throw new NativeCallException(name, s.errno());
        }
        return result;
    }

    @Override
    public void kill(int pid, int signal) {
        Scratch s = Scratch.current();
        int result;
        try {
            result = (int) Libc.KILL.invokeExact(s.callState, pid, signal);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
        if (result == -1) {
            throw new NativeCallException("kill", s.errno());
        }
    }

    @Override
    public void tgkill(int tgid, int tid, int signal) {
        syscall("tgkill", sysTgkill, tgid, tid, signal);
    }

    @Override
    public int gettid() {
        return (int) syscall("gettid", sysGettid, 0, 0, 0);
    }

    @Override
    public void schedSetaffinity(int tid, ByteBuffer mask, int length) {
        if (length < 0 || length > mask.capacity()) {
            throw new IndexOutOfBoundsException("mask length " + length + " of a " + mask.capacity() + "-byte buffer");
        }
        syscall("sched_setaffinity", sysSchedSetaffinity, tid, length, Scratch.current().address(mask));
    }

    /** {@code syscall(number, a, b, c)}, failing with the call's name and errno. */
    private static long syscall(String name, long number, long a, long b, long c) {
        Scratch s = Scratch.current();
        long result;
        try {
            result = (long) Libc.SYSCALL.invokeExact(s.callState, number, a, b, c);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
        if (result == -1) {
            throw new NativeCallException(name, s.errno());
        }
        return result;
    }

    @Override
    public int getpid() {
        try {
            return (int) Libc.GETPID.invokeExact();
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
    }

    @Override
    public int fileMode(byte[] path) {
        if (Libc.STATX.isEmpty()) {
            throw new NativeCallException("statx", ENOSYS); // libc older than glibc 2.28
        }
        Scratch s = Scratch.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(JAVA_BYTE, SpawnRequest.cString(path));
            MemorySegment statx = arena.allocate(STATX_BYTES, Long.BYTES);
            int result = (int) Libc.STATX.get().invokeExact(s.callState, AT_FDCWD, cPath.address(), 0,
                    STATX_TYPE | STATX_MODE, statx.address());
            if (result == -1) {
                throw new NativeCallException("statx", s.errno());
            }
            return statx.get(JAVA_SHORT, STATX_MODE_OFFSET) & 0xffff;
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
    }

    @Override
    public int posixSpawn(SpawnRequest request) {
        return SpawnCalls.spawn(request);
    }

    @Override
    public int[] pipe() {
        Scratch s = Scratch.current();
        int result;
        try {
            result = (int) Libc.PIPE2.invokeExact(s.callState, s.base + Scratch.FDS, O_CLOEXEC);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
        if (result == -1) {
            throw new NativeCallException("pipe2", s.errno());
        }
        return new int[] {s.getInt(Scratch.FDS), s.getInt(Scratch.FDS + Integer.BYTES)};
    }

    @Override
    public void close(int fd) {
        Scratch s = Scratch.current();
        int result;
        try {
            result = (int) Libc.CLOSE.invokeExact(s.callState, fd);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
        if (result == -1) {
            throw new NativeCallException("close", s.errno());
        }
    }

    @Override
    public int memfdCreate(String name, int flags) {
        Scratch s = Scratch.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(JAVA_BYTE, SpawnRequest.cString(name));
            int fd = (int) Libc.MEMFD_CREATE.invokeExact(s.callState, cName.address(), flags);
            if (fd == -1) {
                throw new NativeCallException("memfd_create", s.errno());
            }
            return fd;
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
    }
}
