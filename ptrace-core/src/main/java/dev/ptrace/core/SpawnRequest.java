package dev.ptrace.core;

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

    /** One {@code posix_spawn_file_actions_add*} step. */
    public sealed interface FileAction {
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
