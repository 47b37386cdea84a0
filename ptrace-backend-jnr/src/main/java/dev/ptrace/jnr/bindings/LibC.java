package dev.ptrace.jnr.bindings;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The libc functions the jnr backend calls, as jnr-ffi binds them. Public only because jnr-ffi implements it in a
 * class loader of its own; it is not API. Pointers are passed as addresses ({@code long}); functions whose errno
 * matters save it ({@link SaveError}); the posix_spawn family returns an error number instead.
 */
public interface LibC {

    /** {@code long ptrace(int request, pid_t pid, void *addr, void *data)}. */
    @SaveError
    long ptrace(int request, int pid, long addr, long data);

    /** {@code pid_t waitpid(pid_t pid, int *status, int options)}. */
    @SaveError
    int waitpid(int pid, long status, int options);

    /** {@code pid_t wait4(pid_t pid, int *status, int options, struct rusage *rusage)}. */
    @SaveError
    int wait4(int pid, long status, int options, long rusage);

    /**
     * {@code ssize_t process_vm_readv(pid, local_iov, liovcnt, remote_iov, riovcnt, flags)}. {@code localIov} is a
     * (direct) {@link Pointer} on purpose: jnr-ffi's x86_64 stub compiler loads the sixth integer argument from the
     * wrong stack slot (jnr/jnr-ffi#181; {@code X86_64StubCompiler}: {@code disp = 8 + (4 - i) * 8}), so
     * {@code flags} arrives as garbage and the call fails with EINVAL. A Pointer parameter in a call with more than
     * four parameters makes jnr-ffi use its generic fast-numeric invoker instead.
     */
    @SaveError
    long process_vm_readv(int pid, Pointer localIov, long localCount, long remoteIov, long remoteCount, long flags);

    /**
     * {@code ssize_t process_vm_writev(pid, local_iov, liovcnt, remote_iov, riovcnt, flags)}; {@code localIov} is a
     * {@link Pointer} for the reason given at {@link #process_vm_readv}.
     */
    @SaveError
    long process_vm_writev(int pid, Pointer localIov, long localCount, long remoteIov, long remoteCount, long flags);

    /** {@code int kill(pid_t pid, int sig)}. */
    @SaveError
    int kill(int pid, int signal);

    /** {@code long syscall(long number, ...)} with three arguments. */
    @SaveError
    long syscall(long number, long a, long b, long c);

    /** {@code pid_t getpid(void)}. */
    @IgnoreError
    int getpid();

    /** {@code int pipe2(int fds[2], int flags)}. */
    @SaveError
    int pipe2(@Out int[] fds, int flags);

    /** {@code int close(int fd)}. */
    @SaveError
    int close(int fd);

    /** {@code int memfd_create(const char *name, unsigned flags)}. */
    @SaveError
    int memfd_create(@In byte[] name, int flags);

    /** {@code int posix_spawn(pid_t *pid, const char *path, actions, attr, char *const argv[], envp[])}. */
    @IgnoreError
    int posix_spawn(@Out int[] pid, @In byte[] path, long actions, long attr, long argv, long envp);

    /** {@code int posix_spawn_file_actions_init(posix_spawn_file_actions_t *actions)}. */
    @IgnoreError
    int posix_spawn_file_actions_init(long actions);

    /** {@code int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *actions)}. */
    @IgnoreError
    int posix_spawn_file_actions_destroy(long actions);

    /** {@code int posix_spawn_file_actions_addopen(actions, int fd, const char *path, int oflag, mode_t mode)}. */
    @IgnoreError
    int posix_spawn_file_actions_addopen(long actions, int fd, @In byte[] path, int flags, int mode);

    /** {@code int posix_spawn_file_actions_adddup2(actions, int fd, int newfd)}. */
    @IgnoreError
    int posix_spawn_file_actions_adddup2(long actions, int fd, int newFd);

    /** {@code int posix_spawn_file_actions_addclose(actions, int fd)}. */
    @IgnoreError
    int posix_spawn_file_actions_addclose(long actions, int fd);

    /** {@code int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *buf)} (glibc 2.28+). */
    int statx(int dirfd, @In byte[] path, int flags, int mask, @Out byte[] buffer);

    /** {@code int posix_spawn_file_actions_addchdir_np(actions, const char *path)} (glibc 2.29+). */
    @IgnoreError
    int posix_spawn_file_actions_addchdir_np(long actions, @In byte[] path);

    /** {@code int posix_spawnattr_init(posix_spawnattr_t *attr)}. */
    @IgnoreError
    int posix_spawnattr_init(long attr);

    /** {@code int posix_spawnattr_destroy(posix_spawnattr_t *attr)}. */
    @IgnoreError
    int posix_spawnattr_destroy(long attr);

    /** {@code int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)}. */
    @IgnoreError
    int posix_spawnattr_setflags(long attr, short flags);

    /** {@code int posix_spawnattr_setsigmask(posix_spawnattr_t *attr, const sigset_t *mask)}. */
    @IgnoreError
    int posix_spawnattr_setsigmask(long attr, long mask);

    /** {@code int posix_spawnattr_setsigdefault(posix_spawnattr_t *attr, const sigset_t *defaults)}. */
    @IgnoreError
    int posix_spawnattr_setsigdefault(long attr, long defaults);
}
