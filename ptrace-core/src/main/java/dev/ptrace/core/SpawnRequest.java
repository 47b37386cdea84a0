package dev.ptrace.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@link NativeCalls#posixSpawn} needs: the program, its argv and envp, and the file actions to apply in the
 * child, in order. Strings are passed as UTF-8; a string containing NUL is refused by the backend.
 *
 * @param path the file to execute
 * @param argv argument vector (argv[0] included)
 * @param envp environment entries {@code NAME=value}
 * @param fileActions file actions, applied in order
 */
public record SpawnRequest(String path, List<String> argv, List<String> envp, List<FileAction> fileActions) {

    public SpawnRequest {
        argv = List.copyOf(argv);
        envp = List.copyOf(envp);
        fileActions = List.copyOf(fileActions);
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
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string for a native call contains NUL: " + s);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] c = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, c, 0, utf8.length);
        return c;
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
