package dev.ptrace.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.ptrace.Arch;
import dev.ptrace.core.NativeCallException;
import dev.ptrace.core.PtraceRequests;
import dev.ptrace.core.NativeCalls;
import dev.ptrace.core.SpawnRequest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * {@link NativeCalls} over libc, bound with JNA direct mapping. Natives that set errno are declared
 * {@code throws LastErrorException}: JNA then sets errno to 0 before the call and throws when it is non-zero after,
 * which is what {@code PTRACE_PEEK*} needs. Structs the calls point to (iovecs, the wait status) live in per-thread
 * native scratch memory, so the ptrace, wait and process_vm paths allocate nothing on the Java heap.
 */
final class JnaNativeCalls implements NativeCalls {

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

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final long sysGettid;
    private final long sysTgkill;
    private final long sysSchedSetaffinity;

    /**
     * Binds libc.
     *
     * @throws UnsatisfiedLinkError if libc or a required symbol cannot be found
     * @throws UnsupportedOperationException on an architecture other than x86_64 and aarch64
     */
    JnaNativeCalls() {
        Arch arch = Arch.current();
        sysGettid = arch == Arch.X86_64 ? 186 : 178;
        sysTgkill = arch == Arch.X86_64 ? 234 : 131;
        sysSchedSetaffinity = arch == Arch.X86_64 ? 203 : 122;
        LibC.bind();
    }

    @Override
    public long ptrace(int request, int pid, long addr, long data) {
        try {
            return LibC.ptrace(request, pid, addr, data);
        } catch (LastErrorException e) {
            throw new NativeCallException(PtraceRequests.call(request), e.getErrorCode());
        }
    }

    /**
     * Passes the buffer's base address. (Not a {@code Buffer} parameter: JNA would pass the address at the buffer's
     * position, and the kernel would write past the end of a buffer whose position is not 0.)
     *
     * @throws IllegalArgumentException if the buffer is not direct or too small for the request's struct
     */
    @Override
    public long ptrace(int request, int pid, long addr, ByteBuffer data) {
        if (data == null) {
            return ptrace(request, pid, addr, 0L);
        }
        PtraceRequests.checkData(request, addr, data);
        return ptrace(request, pid, addr, SCRATCH.get().address(data));
    }

    /** glibc returns the word and leaves errno 0 on success; JNA cleared errno before the call. */
    @Override
    public long peek(int request, int pid, long addr) {
        return ptrace(request, pid, addr, 0L);
    }

    @Override
    public int getRegset(int pid, int type, ByteBuffer buffer) {
        Scratch s = SCRATCH.get();
        long iov = s.iovec(Scratch.LOCAL_IOV, s.address(buffer), buffer.capacity());
        ptrace(PTRACE_GETREGSET, pid, type, iov);
        return (int) s.memory.getLong(Scratch.LOCAL_IOV + Long.BYTES);
    }

    @Override
    public void setRegset(int pid, int type, ByteBuffer buffer, int length) {
        Objects.checkFromIndexSize(0, length, buffer.capacity());
        Scratch s = SCRATCH.get();
        ptrace(PTRACE_SETREGSET, pid, type, s.iovec(Scratch.LOCAL_IOV, s.address(buffer), length));
    }

    @Override
    public int waitpid(int pid, int[] status, int options) {
        Scratch s = SCRATCH.get();
        int reported;
        try {
            reported = LibC.waitpid(pid, s.base + Scratch.STATUS, options);
        } catch (LastErrorException e) {
            throw new NativeCallException("waitpid", e.getErrorCode());
        }
        status[0] = reported > 0 ? s.memory.getInt(Scratch.STATUS) : 0;
        return reported;
    }

    @Override
    public int wait4(int pid, int[] status, int options, long[] cpuMicros) {
        Scratch s = SCRATCH.get();
        int reported;
        try {
            reported = LibC.wait4(pid, s.base + Scratch.STATUS, options, s.base + Scratch.RUSAGE);
        } catch (LastErrorException e) {
            throw new NativeCallException("wait4", e.getErrorCode());
        }
        status[0] = reported > 0 ? s.memory.getInt(Scratch.STATUS) : 0;
        if (reported > 0) {
            cpuMicros[0] = Scratch.micros(s.memory, Scratch.RUSAGE);
            cpuMicros[1] = Scratch.micros(s.memory, Scratch.RUSAGE + Scratch.TIMEVAL);
        }
        return reported;
    }

    @Override
    public long processVmReadv(int pid, ByteBuffer local, int length, long remoteAddress) {
        Objects.checkFromIndexSize(0, length, local.capacity());
        Scratch s = SCRATCH.get();
        long localIov = s.iovec(Scratch.LOCAL_IOV, s.address(local), length);
        long remoteIov = s.iovec(Scratch.REMOTE_IOV, remoteAddress, length);
        try {
            return LibC.process_vm_readv(pid, localIov, 1, remoteIov, 1, 0);
        } catch (LastErrorException e) {
            throw new NativeCallException("process_vm_readv", e.getErrorCode());
        }
    }

    @Override
    public long processVmWritev(int pid, ByteBuffer local, int length, long remoteAddress) {
        Objects.checkFromIndexSize(0, length, local.capacity());
        Scratch s = SCRATCH.get();
        long localIov = s.iovec(Scratch.LOCAL_IOV, s.address(local), length);
        long remoteIov = s.iovec(Scratch.REMOTE_IOV, remoteAddress, length);
        try {
            return LibC.process_vm_writev(pid, localIov, 1, remoteIov, 1, 0);
        } catch (LastErrorException e) {
            throw new NativeCallException("process_vm_writev", e.getErrorCode());
        }
    }

    @Override
    public void kill(int pid, int signal) {
        try {
            LibC.kill(pid, signal);
        } catch (LastErrorException e) {
            throw new NativeCallException("kill", e.getErrorCode());
        }
    }

    @Override
    public void tgkill(int tgid, int tid, int signal) {
        try {
            LibC.syscall(sysTgkill, tgid, tid, signal);
        } catch (LastErrorException e) {
            throw new NativeCallException("tgkill", e.getErrorCode());
        }
    }

    @Override
    public int gettid() {
        try {
            return (int) LibC.syscall(sysGettid, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new NativeCallException("gettid", e.getErrorCode());
        }
    }

    @Override
    public void schedSetaffinity(int tid, ByteBuffer mask, int length) {
        if (length < 0 || length > mask.capacity()) {
            throw new IndexOutOfBoundsException("mask length " + length + " of a " + mask.capacity() + "-byte buffer");
        }
        try {
            LibC.syscall(sysSchedSetaffinity, tid, length, SCRATCH.get().address(mask));
        } catch (LastErrorException e) {
            throw new NativeCallException("sched_setaffinity", e.getErrorCode());
        }
    }

    @Override
    public int getpid() {
        return LibC.getpid();
    }

    @Override
    public int fileMode(byte[] path) {
        byte[] buffer = new byte[STATX_BYTES];
        try {
            Statx.statx(AT_FDCWD, SpawnRequest.cString(path), 0, STATX_TYPE | STATX_MODE, buffer);
        } catch (LastErrorException e) {
            throw new NativeCallException("statx", e.getErrorCode());
        } catch (LinkageError e) {
            throw new NativeCallException("statx", ENOSYS); // libc older than glibc 2.28
        }
        return statxMode(buffer);
    }

    @Override
    public int posixSpawn(SpawnRequest request) {
        byte[] path = SpawnRequest.cString(request.path());
        try (Memory attr = new Memory(OPAQUE_STRUCT_BYTES);
             Memory actions = new Memory(OPAQUE_STRUCT_BYTES);
             Memory sigsets = new Memory(2 * SIGSET_BYTES);
             Memory argv = cStringArray(request.argv());
             Memory envp = cStringArray(request.envp())) {
            sigsets.clear();
            Pointer childMask = sigsets;
            Pointer defaults = sigsets.share(SIGSET_BYTES);
            sigsets.setLong(0, request.signalMask());
            defaults.setLong(0, request.defaultSignals());

            check("posix_spawnattr_init", LibC.posix_spawnattr_init(attr));
            try {
                check("posix_spawnattr_setsigmask", LibC.posix_spawnattr_setsigmask(attr, childMask));
                check("posix_spawnattr_setsigdefault", LibC.posix_spawnattr_setsigdefault(attr, defaults));
                check("posix_spawnattr_setflags",
                        LibC.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
                check("posix_spawn_file_actions_init", LibC.posix_spawn_file_actions_init(actions));
                try {
                    request.addFileActions(new SpawnRequest.FileActionCalls() {
                        @Override
                        public int addOpen(int fd, byte[] p, int flags, int mode) {
                            return LibC.posix_spawn_file_actions_addopen(actions, fd, p, flags, mode);
                        }

                        @Override
                        public int addDup2(int fd, int newFd) {
                            return LibC.posix_spawn_file_actions_adddup2(actions, fd, newFd);
                        }

                        @Override
                        public int addClose(int fd) {
                            return LibC.posix_spawn_file_actions_addclose(actions, fd);
                        }

                        @Override
                        public int addChdir(byte[] dir) {
                            try {
                                return SpawnChdir.posix_spawn_file_actions_addchdir_np(actions, dir);
                            } catch (LinkageError e) {
                                return ENOSYS; // libc older than glibc 2.29
                            }
                        }
                    });
                    int[] pid = new int[1];
                    check("posix_spawn", LibC.posix_spawn(pid, path, actions, attr, argv, envp));
                    return pid[0];
                } finally {
                    LibC.posix_spawn_file_actions_destroy(actions);
                }
            } finally {
                LibC.posix_spawnattr_destroy(attr);
            }
        }
    }

    @Override
    public int[] pipe() {
        int[] fds = new int[2];
        try {
            LibC.pipe2(fds, O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new NativeCallException("pipe2", e.getErrorCode());
        }
        return fds;
    }

    @Override
    public void close(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            throw new NativeCallException("close", e.getErrorCode());
        }
    }

    @Override
    public int memfdCreate(String name, int flags) {
        try {
            return LibC.memfd_create(SpawnRequest.cString(name), flags);
        } catch (LastErrorException e) {
            throw new NativeCallException("memfd_create", e.getErrorCode());
        }
    }

    /** {@code stx_mode} of a filled {@code struct statx}, in the machine's byte order. */
    private static int statxMode(byte[] statx) {
        return java.nio.ByteBuffer.wrap(statx).order(java.nio.ByteOrder.nativeOrder()).getShort(STATX_MODE_OFFSET)
                & 0xffff;
    }

    /** posix_spawn* functions return an error number instead of setting errno. */
    private static void check(String call, int rc) {
        if (rc != 0) {
            throw new NativeCallException(call, rc);
        }
    }

    /** UTF-8, NUL-terminated; a NUL inside would silently truncate the string, so it is refused. */
    /** A NULL-terminated {@code char *[]} followed by the strings it points to, in one block. */
    private static Memory cStringArray(List<byte[]> strings) {
        byte[][] encoded = new byte[strings.size()][];
        long size = (long) (strings.size() + 1) * Native.POINTER_SIZE;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = SpawnRequest.cString(strings.get(i));
            size += encoded[i].length;
        }
        Memory block = new Memory(size);
        long offset = (long) (encoded.length + 1) * Native.POINTER_SIZE;
        for (int i = 0; i < encoded.length; i++) {
            block.write(offset, encoded[i], 0, encoded[i].length);
            block.setPointer((long) i * Native.POINTER_SIZE, block.share(offset));
            offset += encoded[i].length;
        }
        block.setPointer((long) encoded.length * Native.POINTER_SIZE, null);
        return block;
    }

    /**
     * Per-thread native memory for the structs a call points to: a local and a remote iovec
     * ({@code {void *iov_base; size_t iov_len}}, 16 bytes on LP64) and a wait status. It also remembers the addresses
     * of the last few buffers it saw, because JNA's {@link Native#getDirectBufferPointer} allocates a
     * {@link Pointer}; the engine's long-lived buffers then cost nothing. It keeps those buffers reachable while the
     * thread lives.
     */
    private static final class Scratch {
        static final int LOCAL_IOV = 0;
        static final int REMOTE_IOV = 16;
        static final int STATUS = 32;
        /** {@code struct rusage} (144 bytes on LP64), its first two members {@code struct timeval}s. */
        static final int RUSAGE = 40;
        static final int TIMEVAL = 16;
        private static final int SIZE = RUSAGE + 144;
        private static final int REMEMBERED = 4;

        final Memory memory = new Memory(SIZE);
        final long base = Pointer.nativeValue(memory);
        private final ByteBuffer[] buffers = new ByteBuffer[REMEMBERED];
        private final long[] addresses = new long[REMEMBERED];
        private int next;

        /** A {@code struct timeval} at {@code offset}, in microseconds. */
        static long micros(Memory memory, int offset) {
            return memory.getLong(offset) * 1_000_000L + memory.getLong(offset + Long.BYTES);
        }

        long iovec(int offset, long address, long length) {
            memory.setLong(offset, address);
            memory.setLong(offset + Long.BYTES, length);
            return base + offset;
        }

        /** The address of a direct buffer's first byte, whatever its position. */
        long address(ByteBuffer buffer) {
            for (int i = 0; i < REMEMBERED; i++) {
                if (buffers[i] == buffer) {
                    return addresses[i];
                }
            }
            if (!buffer.isDirect()) {
                throw new IllegalArgumentException("native calls need a direct ByteBuffer");
            }
            long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
            buffers[next] = buffer;
            addresses[next] = address;
            next = (next + 1) % REMEMBERED;
            return address;
        }
    }

    /** libc, bound with direct mapping when this class is initialised. */
    private static final class LibC {
        static {
            LibrarySearchPath.preset(); // before NativeLibrary's initialisation, which would fork ldconfig
        }

        static final NativeLibrary LIBRARY = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);

        static {
            Native.register(LibC.class, LIBRARY);
        }

        /** Forces initialisation (and so the binding). */
        static void bind() {
        }

        static native long ptrace(int request, int pid, long addr, long data) throws LastErrorException;

        static native int waitpid(int pid, long status, int options) throws LastErrorException;

        static native int wait4(int pid, long status, int options, long rusage) throws LastErrorException;

        static native long process_vm_readv(int pid, long localIov, long localCount, long remoteIov,
                                            long remoteCount, long flags) throws LastErrorException;

        static native long process_vm_writev(int pid, long localIov, long localCount, long remoteIov,
                                             long remoteCount, long flags) throws LastErrorException;

        static native int kill(int pid, int signal) throws LastErrorException;

        static native long syscall(long number, long a, long b, long c) throws LastErrorException;

        static native int getpid();

        static native int pipe2(int[] fds, int flags) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native int memfd_create(byte[] name, int flags) throws LastErrorException;

        static native int posix_spawn(int[] pid, byte[] path, Pointer actions, Pointer attr, Pointer argv,
                                      Pointer envp);

        static native int posix_spawn_file_actions_init(Pointer actions);

        static native int posix_spawn_file_actions_destroy(Pointer actions);

        static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, byte[] path, int flags,
                                                           int mode);

        static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

        static native int posix_spawn_file_actions_addclose(Pointer actions, int fd);

        static native int posix_spawnattr_init(Pointer attr);

        static native int posix_spawnattr_destroy(Pointer attr);

        static native int posix_spawnattr_setflags(Pointer attr, short flags);

        static native int posix_spawnattr_setsigmask(Pointer attr, Pointer mask);

        static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer defaults);
    }

    /** glibc 2.28+, bound apart from {@link LibC} so that an older libc only loses the file-mode check. */
    private static final class Statx {
        static {
            Native.register(Statx.class, LibC.LIBRARY);
        }

        static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] buffer) throws LastErrorException;
    }

    /** glibc 2.29+, bound apart from {@link LibC} so that an older libc only loses the chdir file action. */
    private static final class SpawnChdir {
        static {
            Native.register(SpawnChdir.class, LibC.LIBRARY);
        }

        static native int posix_spawn_file_actions_addchdir_np(Pointer actions, byte[] path);
    }
}
