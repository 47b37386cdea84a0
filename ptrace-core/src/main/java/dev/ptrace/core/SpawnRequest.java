package dev.ptrace.core;

import dev.ptrace.ExecStrings;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@link NativeCalls#posixSpawn} needs: the program, its argv and envp as bytes, passed on unchanged, the
 * file actions to apply in the child, in order, and its signal mask and the signals reset to their default action.
 * A string containing NUL is refused. Signal sets hold signals 1 to 64, signal {@code n} as bit {@code n - 1}.
 *
 * @param path the file to execute
 * @param argv argument vector (argv[0] included)
 * @param envp environment entries, usually {@code NAME=value}
 * @param fileActions file actions, applied in order
 * @param signalMask the child's signal mask
 * @param defaultSignals the signals the child starts with at their default action (the others keep the JVM's
 *     disposition: ignored stays ignored, a handler becomes the default action at exec)
 */
public record SpawnRequest(byte[] path, List<byte[]> argv, List<byte[]> envp, List<FileAction> fileActions,
                           long signalMask, long defaultSignals) {

    /** Every signal but SIGKILL and SIGSTOP, which cannot be caught or ignored. */
    public static final long ALL_CATCHABLE = ~((1L << (9 - 1)) | (1L << (19 - 1)));

    /**
     * A request whose child starts with no signal blocked and every signal at its default action.
     *
     * @param path the file to execute
     * @param argv argument vector (argv[0] included)
     * @param envp environment entries
     * @param fileActions file actions, applied in order
     */
    public SpawnRequest(byte[] path, List<byte[]> argv, List<byte[]> envp, List<FileAction> fileActions) {
        this(path, argv, envp, fileActions, 0, ALL_CATCHABLE);
    }

    public SpawnRequest {
        path = path.clone();
        argv = argv.stream().map(byte[]::clone).toList();
        envp = envp.stream().map(byte[]::clone).toList();
        fileActions = List.copyOf(fileActions);
    }

    /**
     * A request with text arguments, each encoded as UTF-8.
     *
     * @param path the file to execute
     * @param argv argument vector (argv[0] included)
     * @param envp environment entries
     * @param fileActions file actions, applied in order
     * @return the request
     */
    public static SpawnRequest ofStrings(String path, List<String> argv, List<String> envp,
                                         List<FileAction> fileActions) {
        return new SpawnRequest(path.getBytes(StandardCharsets.UTF_8), utf8(argv), utf8(envp), fileActions);
    }

    private static List<byte[]> utf8(List<String> strings) {
        return strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The libc calls that record file actions, as a backend binds them; each returns 0 or an errno number. */
    public interface FileActionCalls {
        /** {@code posix_spawn_file_actions_addopen} with a NUL-terminated path. */
        int addOpen(int fd, byte[] path, int flags, int mode);

        /** {@code posix_spawn_file_actions_adddup2}. */
        int addDup2(int fd, int newFd);

        /** {@code posix_spawn_file_actions_addclose}. */
        int addClose(int fd);

        /** {@code posix_spawn_file_actions_addchdir_np} with a NUL-terminated path; ENOSYS before glibc 2.29. */
        int addChdir(byte[] path);
    }

    /**
     * Records the file actions, in order, through a backend's calls.
     *
     * @param calls the backend's bindings
     * @throws NativeCallException naming the call that failed and its errno
     * @throws IllegalArgumentException if a path contains NUL
     */
    public void addFileActions(FileActionCalls calls) {
        for (FileAction action : fileActions) {
            String call;
            int rc;
            if (action instanceof Open open) {
                call = "posix_spawn_file_actions_addopen";
                rc = calls.addOpen(open.fd(), cString(open.path()), open.flags(), open.mode());
            } else if (action instanceof Dup2 dup2) {
                call = "posix_spawn_file_actions_adddup2";
                rc = calls.addDup2(dup2.fd(), dup2.newFd());
            } else if (action instanceof Close close) {
                call = "posix_spawn_file_actions_addclose";
                rc = calls.addClose(close.fd());
            } else {
                call = "posix_spawn_file_actions_addchdir_np";
                rc = calls.addChdir(cString(((Chdir) action).path()));
            }
            if (rc != 0) {
                throw new NativeCallException(call, rc);
            }
        }
    }

    /**
     * A string as a native call takes it: UTF-8 and a terminating NUL.
     *
     * @param s the string
     * @return its bytes, NUL-terminated
     * @throws IllegalArgumentException if the string contains NUL (it would be cut short there)
     */
    public static byte[] cString(String s) {
        return cString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A byte string as a native call takes it: the bytes and a terminating NUL.
     *
     * @param bytes the string
     * @return a copy, NUL-terminated
     * @throws IllegalArgumentException if the string contains NUL (it would be cut short there)
     */
    public static byte[] cString(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("string for a native call contains NUL: "
                        + ExecStrings.printable(bytes));
            }
        }
        return java.util.Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** One {@code posix_spawn_file_actions_add*} step. */
    public sealed interface FileAction permits Open, Dup2, Close, Chdir {
    }

    /** {@code addopen(fd, path, flags, mode)}. */
    public record Open(int fd, String path, int flags, int mode) implements FileAction {
    }

    /** {@code adddup2(fd, newFd)}. */
    public record Dup2(int fd, int newFd) implements FileAction {
    }

    /** {@code addclose(fd)}. */
    public record Close(int fd) implements FileAction {
    }

    /** {@code addchdir_np(path)} (glibc 2.29+). */
    public record Chdir(String path) implements FileAction {
    }
}
