package dev.ptrace.jnr;

import com.kenai.jffi.MemoryIO;
import dev.ptrace.Arch;
import dev.ptrace.core.NativeCallException;
import dev.ptrace.core.PtraceRequests;
import dev.ptrace.core.NativeCalls;
import dev.ptrace.core.SpawnRequest;
import dev.ptrace.jnr.bindings.LibC;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * {@link NativeCalls} over libc, bound with jnr-ffi. Calls whose errno matters save it ({@code @SaveError}) and it
 * is read with {@link Runtime#getLastError()} when the call returns -1; for {@code PTRACE_PEEK*} errno is zeroed
 * first, since -1 is a valid word. Structs the calls point to (iovecs, the wait status) live in a per-thread direct
 * buffer, and buffer addresses come from jffi without allocating, so the ptrace, wait and process_vm paths allocate
 * nothing on the Java heap.
 */
final class JnrNativeCalls implements NativeCalls {

    private static final int PTRACE_GETREGSET = 0x4204;
    private static final int PTRACE_SETREGSET = 0x4205;
    private static final int O_CLOEXEC = 0x80000;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /**
     * Signals 1..64 but SIGKILL (9) and SIGSTOP (19), as the first word of a {@code sigset_t} (bit n-1 is signal n).
     * Built by hand because {@code sigfillset} leaves out glibc's internal signals 32 and 33, which posix_spawn then
     * sets to SIG_IGN in the child; SIG_IGN survives exec.
     */
    private static final int ENOSYS = 38;
    private static final int AT_FDCWD = -100;
    private static final int STATX_TYPE = 1;
    private static final int STATX_MODE = 2;
    /** {@code sizeof(struct statx)}; {@code stx_mode} is its {@code __u16} at offset 28. */
    private static final int STATX_BYTES = 256;
    private static final int STATX_MODE_OFFSET = 28;
    /** Bytes reserved for each of glibc's opaque spawn structs (80 and 336 bytes on glibc 2.36): generous. */
    private static final int OPAQUE_STRUCT_BYTES = 1024;
    /** glibc's {@code sigset_t} is 1024 bits. */
    private static final int SIGSET_BYTES = 128;

    private static final MemoryIO MEMORY = MemoryIO.getInstance();

    private final LibC libc;
    private final Runtime runtime;
    private final ThreadLocal<Scratch> scratch;
    private final long sysGettid;
    private final long sysTgkill;
    private final long sysSchedSetaffinity;

    /**
     * Binds libc.
     *
     * @throws UnsatisfiedLinkError if libc cannot be loaded
     * @throws UnsupportedOperationException on an architecture other than x86_64 and aarch64
     */
    JnrNativeCalls() {
        Arch arch = Arch.current();
        sysGettid = arch == Arch.X86_64 ? 186 : 178;
        sysTgkill = arch == Arch.X86_64 ? 234 : 131;
        sysSchedSetaffinity = arch == Arch.X86_64 ? 203 : 122;
        libc = LibraryLoader.create(LibC.class).load("c");
        runtime = Runtime.getRuntime(libc);
        scratch = ThreadLocal.withInitial(() -> new Scratch(runtime));
    }

    @Override
    public long ptrace(int request, int pid, long addr, long data) {
        long result = libc.ptrace(request, pid, addr, data);
        if (result == -1) {
            throw new NativeCallException(PtraceRequests.call(request), runtime.getLastError());
        }
        return result;
    }

    /**
     * Passes the buffer's base address.
     *
     * @throws IllegalArgumentException if the buffer is not direct or too small for the request's struct
     */
    @Override
    public long ptrace(int request, int pid, long addr, ByteBuffer data) {
        if (data == null) {
            return ptrace(request, pid, addr, 0L);
        }
        PtraceRequests.checkData(request, addr, data);
        return ptrace(request, pid, addr, address(data));
    }

    @Override
    public long peek(int request, int pid, long addr) {
        runtime.setLastError(0);
        long word = libc.ptrace(request, pid, addr, 0L);
        if (word == -1) {
            int errno = runtime.getLastError();
            if (errno != 0) {
                throw new NativeCallException(PtraceRequests.call(request), errno);
            }
        }
        return word;
    }

    @Override
    public int getRegset(int pid, int type, ByteBuffer buffer) {
        Scratch s = scratch.get();
        ptrace(PTRACE_GETREGSET, pid, type, s.iovec(Scratch.LOCAL_IOV, address(buffer), buffer.capacity()));
        return (int) s.buffer.getLong(Scratch.LOCAL_IOV + Long.BYTES);
    }

    @Override
    public void setRegset(int pid, int type, ByteBuffer buffer, int length) {
        Objects.checkFromIndexSize(0, length, buffer.capacity());
        ptrace(PTRACE_SETREGSET, pid, type, scratch.get().iovec(Scratch.LOCAL_IOV, address(buffer), length));
    }

    @Override
    public int waitpid(int pid, int[] status, int options) {
        Scratch s = scratch.get();
        int reported = libc.waitpid(pid, s.address + Scratch.STATUS, options);
        if (reported == -1) {
            throw new NativeCallException("waitpid", runtime.getLastError());
        }
        status[0] = reported > 0 ? s.buffer.getInt(Scratch.STATUS) : 0;
        return reported;
    }

    @Override
    public int wait4(int pid, int[] status, int options, long[] cpuMicros) {
        Scratch s = scratch.get();
        int reported = libc.wait4(pid, s.address + Scratch.STATUS, options, s.address + Scratch.RUSAGE);
        if (reported == -1) {
            throw new NativeCallException("wait4", runtime.getLastError());
        }
        status[0] = reported > 0 ? s.buffer.getInt(Scratch.STATUS) : 0;
        if (reported > 0) {
            cpuMicros[0] = s.micros(Scratch.RUSAGE);
            cpuMicros[1] = s.micros(Scratch.RUSAGE + Scratch.TIMEVAL);
        }
        return reported;
    }

    @Override
    public long processVmReadv(int pid, ByteBuffer local, int length, long remoteAddress) {
        Objects.checkFromIndexSize(0, length, local.capacity());
        Scratch s = scratch.get();
        s.iovec(Scratch.LOCAL_IOV, address(local), length);
        long read = libc.process_vm_readv(pid, s.pointer, 1, s.iovec(Scratch.REMOTE_IOV, remoteAddress, length), 1, 0);
        if (read == -1) {
            throw new NativeCallException("process_vm_readv", runtime.getLastError());
        }
        return read;
    }

    @Override
    public long processVmWritev(int pid, ByteBuffer local, int length, long remoteAddress) {
        Objects.checkFromIndexSize(0, length, local.capacity());
        Scratch s = scratch.get();
        s.iovec(Scratch.LOCAL_IOV, address(local), length);
        long written = libc.process_vm_writev(pid, s.pointer, 1, s.iovec(Scratch.REMOTE_IOV, remoteAddress, length), 1,
                0);
        if (written == -1) {
            throw new NativeCallException("process_vm_writev", runtime.getLastError());
        }
        return written;
    }

    @Override
    public void kill(int pid, int signal) {
        if (libc.kill(pid, signal) == -1) {
            throw new NativeCallException("kill", runtime.getLastError());
        }
    }

    @Override
    public void tgkill(int tgid, int tid, int signal) {
        if (libc.syscall(sysTgkill, tgid, tid, signal) == -1) {
            throw new NativeCallException("tgkill", runtime.getLastError());
        }
    }

    @Override
    public void schedSetaffinity(int tid, ByteBuffer mask, int length) {
        if (length < 0 || length > mask.capacity()) {
            throw new IndexOutOfBoundsException("mask length " + length + " of a " + mask.capacity() + "-byte buffer");
        }
        if (libc.syscall(sysSchedSetaffinity, tid, length, address(mask)) == -1) {
            throw new NativeCallException("sched_setaffinity", runtime.getLastError());
        }
    }

    @Override
    public int gettid() {
        return (int) libc.syscall(sysGettid, 0, 0, 0);
    }

    @Override
    public int getpid() {
        return libc.getpid();
    }

    @Override
    public int fileMode(byte[] path) {
        byte[] buffer = new byte[STATX_BYTES];
        int rc;
        try {
            rc = libc.statx(AT_FDCWD, SpawnRequest.cString(path), 0, STATX_TYPE | STATX_MODE, buffer);
        } catch (LinkageError e) {
            throw new NativeCallException("statx", ENOSYS); // libc older than glibc 2.28
        }
        if (rc == -1) {
            throw new NativeCallException("statx", runtime.getLastError());
        }
        return ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder()).getShort(STATX_MODE_OFFSET) & 0xffff;
    }

    @Override
    public int posixSpawn(SpawnRequest request) {
        byte[] path = SpawnRequest.cString(request.path());
        ByteBuffer argvBlock = cStringArray(request.argv());
        ByteBuffer envpBlock = cStringArray(request.envp());
        long argv = address(argvBlock);
        long envp = address(envpBlock);
        // Zeroed (signals 65 and up: none blocked, all default): the mask, then the set reset to default.
        ByteBuffer sigsets = ByteBuffer.allocateDirect(2 * SIGSET_BYTES).order(ByteOrder.nativeOrder());
        sigsets.putLong(0, request.signalMask());
        sigsets.putLong(SIGSET_BYTES, request.defaultSignals());
        long childMask = address(sigsets);
        long defaults = childMask + SIGSET_BYTES;
        ByteBuffer attrBuffer = ByteBuffer.allocateDirect(OPAQUE_STRUCT_BYTES);
        ByteBuffer actionsBuffer = ByteBuffer.allocateDirect(OPAQUE_STRUCT_BYTES);
        long attr = address(attrBuffer);
        long actions = address(actionsBuffer);

        check("posix_spawnattr_init", libc.posix_spawnattr_init(attr));
        try {
            check("posix_spawnattr_setsigmask", libc.posix_spawnattr_setsigmask(attr, childMask));
            check("posix_spawnattr_setsigdefault", libc.posix_spawnattr_setsigdefault(attr, defaults));
            check("posix_spawnattr_setflags",
                    libc.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
            check("posix_spawn_file_actions_init", libc.posix_spawn_file_actions_init(actions));
            try {
                request.addFileActions(new SpawnRequest.FileActionCalls() {
                    @Override
                    public int addOpen(int fd, byte[] p, int flags, int mode) {
                        return libc.posix_spawn_file_actions_addopen(actions, fd, p, flags, mode);
                    }

                    @Override
                    public int addDup2(int fd, int newFd) {
                        return libc.posix_spawn_file_actions_adddup2(actions, fd, newFd);
                    }

                    @Override
                    public int addClose(int fd) {
                        return libc.posix_spawn_file_actions_addclose(actions, fd);
                    }

                    @Override
                    public int addChdir(byte[] dir) {
                        try {
                            return libc.posix_spawn_file_actions_addchdir_np(actions, dir);
                        } catch (LinkageError e) {
                            return ENOSYS; // libc older than glibc 2.29
                        }
                    }
                });
                int[] pid = new int[1];
                check("posix_spawn", libc.posix_spawn(pid, path, actions, attr, argv, envp));
                return pid[0];
            } finally {
                libc.posix_spawn_file_actions_destroy(actions);
            }
        } finally {
            libc.posix_spawnattr_destroy(attr);
            // The native memory above belongs to these buffers: keep them reachable until glibc is done with it.
            Reference.reachabilityFence(argvBlock);
            Reference.reachabilityFence(envpBlock);
            Reference.reachabilityFence(sigsets);
            Reference.reachabilityFence(attrBuffer);
            Reference.reachabilityFence(actionsBuffer);
        }
    }

    @Override
    public int[] pipe() {
        int[] fds = new int[2];
        if (libc.pipe2(fds, O_CLOEXEC) == -1) {
            throw new NativeCallException("pipe2", runtime.getLastError());
        }
        return fds;
    }

    @Override
    public void close(int fd) {
        if (libc.close(fd) == -1) {
            throw new NativeCallException("close", runtime.getLastError());
        }
    }

    @Override
    public int memfdCreate(String name, int flags) {
        int fd = libc.memfd_create(SpawnRequest.cString(name), flags);
        if (fd == -1) {
            throw new NativeCallException("memfd_create", runtime.getLastError());
        }
        return fd;
    }

    /** The address of a direct buffer's first byte, whatever its position; no allocation. */
    private static long address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("native calls need a direct ByteBuffer");
        }
        return MEMORY.getDirectBufferAddress(buffer);
    }

    /** posix_spawn* functions return an error number instead of setting errno. */
    private static void check(String call, int rc) {
        if (rc != 0) {
            throw new NativeCallException(call, rc);
        }
    }

    /** UTF-8, NUL-terminated; a NUL inside would silently truncate the string, so it is refused. */
    /**
     * A NULL-terminated {@code char *[]} followed by the strings it points to, in one direct buffer. The caller keeps
     * the buffer reachable while native code uses it.
     */
    private static ByteBuffer cStringArray(List<byte[]> strings) {
        byte[][] encoded = new byte[strings.size()][];
        int size = (strings.size() + 1) * Long.BYTES;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = SpawnRequest.cString(strings.get(i));
            size += encoded[i].length;
        }
        ByteBuffer block = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        long base = address(block);
        int offset = (encoded.length + 1) * Long.BYTES;
        for (int i = 0; i < encoded.length; i++) {
            block.put(offset, encoded[i]);
            block.putLong(i * Long.BYTES, base + offset);
            offset += encoded[i].length;
        }
        return block; // the last pointer slot is already NULL
    }

    /**
     * Per-thread native memory for the structs a call points to: a local and a remote iovec
     * ({@code {void *iov_base; size_t iov_len}}, 16 bytes on LP64) and a wait status. {@link #pointer} is the local
     * iovec as a jnr {@link Pointer} (see {@link LibC#process_vm_readv}).
     */
    private static final class Scratch {
        static final int LOCAL_IOV = 0;
        static final int REMOTE_IOV = 16;
        static final int STATUS = 32;
        /** {@code struct rusage} (144 bytes on LP64), its first two members {@code struct timeval}s. */
        static final int RUSAGE = 40;
        static final int TIMEVAL = 16;
        private static final int SIZE = RUSAGE + 144;

        final ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
        final long address = MEMORY.getDirectBufferAddress(buffer);
        final Pointer pointer;

        Scratch(Runtime runtime) {
            pointer = Pointer.wrap(runtime, address);
        }

        /** A {@code struct timeval} at {@code offset}, in microseconds. */
        long micros(int offset) {
            return buffer.getLong(offset) * 1_000_000L + buffer.getLong(offset + Long.BYTES);
        }

        long iovec(int offset, long base, long length) {
            buffer.putLong(offset, base);
            buffer.putLong(offset + Long.BYTES, length);
            return address + offset;
        }
    }
}
