package dev.ptrace.core;

import java.nio.ByteBuffer;

/**
 * The thin native surface the engine runs on: one method per kernel call, primitive arguments, and direct
 * {@link ByteBuffer}s for structs (the backend passes the buffer's base address, whatever the buffer's position,
 * so structs always start at index 0). A backend implements this and nothing else: every ptrace semantic lives in the engine.
 *
 * <p>Every method reports failure by throwing {@link NativeCallException} with the call's name and the errno
 * captured right after the call; the engine translates it into the API's exceptions in one place. No method
 * retries on EINTR (the engine decides). Implementations must be thread-safe and must not allocate per call on
 * the ptrace and wait paths; they must not create threads.
 */
public interface NativeCalls {

    /** {@code ptrace(request, pid, addr, data)} for requests whose data is a number (or unused). */
    long ptrace(int request, int pid, long addr, long data);

    /**
     * {@code ptrace(request, pid, addr, data)} for requests whose data points to a struct: GETSIGINFO,
     * GETEVENTMSG, GET_SYSCALL_INFO (addr = buffer size), SECCOMP_GET_FILTER, SECCOMP_GET_METADATA, SETSIGINFO.
     */
    long ptrace(int request, int pid, long addr, ByteBuffer data);

    /**
     * {@code PTRACE_PEEKDATA}/{@code PEEKTEXT}/{@code PEEKUSER}: the word read. errno is cleared before the call
     * and checked after it, since -1 is a valid word.
     */
    long peek(int request, int pid, long addr);

    /**
     * {@code PTRACE_GETREGSET} with an iovec over {@code buffer[0..buffer.capacity())}.
     *
     * @return the number of bytes the kernel filled in (the iovec length after the call)
     */
    int getRegset(int pid, int type, ByteBuffer buffer);

    /** {@code PTRACE_SETREGSET} with an iovec over {@code buffer[0..length)}. */
    void setRegset(int pid, int type, ByteBuffer buffer, int length);

    /**
     * {@code waitpid(pid, &status, options)}.
     *
     * @param status receives the status word in element 0
     * @return the pid reported, or 0 with WNOHANG when nothing is ready
     */
    int waitpid(int pid, int[] status, int options);

    /**
     * {@code wait4(pid, &status, options, &rusage)}: {@link #waitpid}, and the CPU times the kernel reports with the
     * status ({@code ru_utime} and {@code ru_stime} of the reported process, its thread group's and its waited-for
     * children's: what strace's {@code -c} sums). Backends without it report the status only, with -1 as the times.
     *
     * @param status receives the status word in element 0
     * @param cpuMicros receives {@code ru_utime} in element 0 and {@code ru_stime} in element 1, in microseconds
     *        (unchanged when nothing was reported)
     * @return the pid reported, or 0 with WNOHANG when nothing is ready
     */
    default int wait4(int pid, int[] status, int options, long[] cpuMicros) {
        int reported = waitpid(pid, status, options);
        if (reported > 0) {
            cpuMicros[0] = -1;
            cpuMicros[1] = -1;
        }
        return reported;
    }

    /**
     * {@code process_vm_readv} with one local and one remote iovec.
     *
     * @return bytes read (may be short at an unmapped page)
     */
    long processVmReadv(int pid, ByteBuffer local, int length, long remoteAddress);

    /** {@code process_vm_writev} with one local and one remote iovec. @return bytes written */
    long processVmWritev(int pid, ByteBuffer local, int length, long remoteAddress);

    /** {@code kill(pid, sig)}. */
    void kill(int pid, int signal);

    /** {@code tgkill(tgid, tid, sig)}. */
    void tgkill(int tgid, int tid, int signal);

    /** {@code gettid()} of the calling thread. */
    int gettid();

    /** {@code getpid()}. */
    int getpid();

    /**
     * {@code posix_spawn} of a program with file actions, the request's signal mask
     * ({@code POSIX_SPAWN_SETSIGMASK}) and the request's signals reset to their default action
     * ({@code POSIX_SPAWN_SETSIGDEF}), so that the child inherits neither the JVM thread's mask nor, unless asked,
     * its ignored signals.
     *
     * @return the child's pid
     */
    int posixSpawn(SpawnRequest request);

    /**
     * {@code statx(AT_FDCWD, path, 0, STATX_TYPE | STATX_MODE)}: the type and mode bits ({@code st_mode}) of a file,
     * symbolic links followed.
     *
     * @param path the path as bytes, without NUL
     * @return {@code st_mode}
     * @throws NativeCallException with the errno (ENOSYS where libc has no {@code statx}, before glibc 2.28)
     */
    int fileMode(byte[] path);

    /** {@code pipe2(fds, O_CLOEXEC)}: [read end, write end]. */
    int[] pipe();

    /** {@code close(fd)}. */
    void close(int fd);

    /** {@code memfd_create(name, flags)}. */
    int memfdCreate(String name, int flags);

    /**
     * {@code sched_setaffinity(tid, length, mask)}: the CPUs a thread may run on (0 = the calling thread), as a
     * {@code cpu_set_t} bit mask in {@code mask[0..length)}. Backends that lack it fail with ENOSYS.
     */
    default void schedSetaffinity(int tid, ByteBuffer mask, int length) {
        throw new NativeCallException("sched_setaffinity", Linux.ENOSYS);
    }
}
