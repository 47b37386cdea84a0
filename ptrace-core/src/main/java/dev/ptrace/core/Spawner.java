package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.PtraceException;
import dev.ptrace.Redirect;
import dev.ptrace.SpawnOptions;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts processes with {@code posix_spawn} of the {@link StubProgram}: program lookup, environment, standard
 * streams and the control pipe the stub waits on. Called on the tracer thread, so that the child is the tracer
 * thread's own (it is then reaped by nobody else, see DESIGN-NOTES P2).
 */
final class Spawner {
    /** The descriptor the stub reads its go-ahead from. */
    static final int CONTROL_FD = 3;
    private static final int PARKING_FD = 1000;

    private final NativeCalls calls;
    private final Arch arch;
    private String stubPath;

    Spawner(NativeCalls calls, Arch arch) {
        this.calls = calls;
        this.arch = arch;
    }

    /** A started stub, blocked on its control pipe, and the parent's ends of its pipes. */
    record Started(int pid, int controlWriteFd, OutputStream stdin, InputStream stdout, InputStream stderr) {
    }

    /**
     * Starts the stub for {@code command}. The process is blocked until {@link #release(int)} is called on its
     * control pipe.
     */
    Started start(List<String> command, SpawnOptions options) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        Map<String, String> env = options.environment().orElseGet(System::getenv);
        String program = resolve(command.get(0), env.get("PATH"), options.directory().orElse(null));
        List<String> argv = new ArrayList<>(command.size() + 2);
        argv.add("ptrace-stub");
        argv.add(program);
        argv.addAll(command);
        List<String> envp = new ArrayList<>(env.size());
        env.forEach((k, v) -> envp.add(k + "=" + v));
        return startStub(argv, envp, options);
    }

    /** Starts a stub with no target: it blocks on its pipe until the write end is closed, then exits. */
    Started startIdle() {
        return startStub(List.of("ptrace-doorbell"), List.of(), SpawnOptions.defaults()
                .withStdin(Redirect.DISCARD).withStdout(Redirect.DISCARD).withStderr(Redirect.DISCARD));
    }

    private Started startStub(List<String> argv, List<String> envp, SpawnOptions options) {
        List<Integer> parentCloses = new ArrayList<>();
        List<Integer> childEnds = new ArrayList<>();
        List<SpawnRequest.FileAction> actions = new ArrayList<>();
        OutputStream stdin = null;
        InputStream stdout = null;
        InputStream stderr = null;
        int[] control = pipe();
        childEnds.add(control[0]);
        try {
            stdin = redirect(options.stdin(), 0, actions, childEnds, parentCloses) instanceof OutputStream o ? o : null;
            Object out = redirect(options.stdout(), 1, actions, childEnds, parentCloses);
            stdout = out instanceof InputStream i ? i : null;
            Object err = redirect(options.stderr(), 2, actions, childEnds, parentCloses);
            stderr = err instanceof InputStream i ? i : null;
            // Park the control pipe high first: dup2 onto a descriptor clears close-on-exec, and parking avoids
            // the case where the pipe already is descriptor 3 (dup2 to itself would keep close-on-exec).
            actions.add(new SpawnRequest.Dup2(control[0], PARKING_FD));
            actions.add(new SpawnRequest.Dup2(PARKING_FD, CONTROL_FD));
            actions.add(new SpawnRequest.Close(PARKING_FD));
            options.directory().ifPresent(d -> actions.add(new SpawnRequest.Chdir(d.toString())));
            int pid;
            try {
                pid = calls.posixSpawn(new SpawnRequest(stubPath(), argv, envp, actions));
            } catch (NativeCallException e) {
                throw new PtraceException("posix_spawn(" + (argv.size() > 1 ? argv.get(1) : argv.get(0)) + ")", -1,
                        e.errno(), "could not start the process (a redirect file or the working directory may be"
                        + " missing)", e);
            }
            return new Started(pid, control[1], stdin, stdout, stderr);
        } catch (RuntimeException e) {
            closeQuietly(control[1]);
            parentCloses.forEach(this::closeQuietly);
            closeStreams(stdin, stdout, stderr);
            throw e;
        } finally {
            childEnds.forEach(this::closeQuietly);
        }
    }

    /** Adds the file actions for one standard stream; returns the parent's stream for a pipe, else null. */
    private Object redirect(Redirect r, int fd, List<SpawnRequest.FileAction> actions, List<Integer> childEnds,
                            List<Integer> parentCloses) {
        if (r instanceof Redirect.ToFile f) {
            int flags = fd == 0 ? Linux.O_RDONLY
                    : Linux.O_WRONLY | Linux.O_CREAT | (f.append() ? Linux.O_APPEND : Linux.O_TRUNC);
            actions.add(new SpawnRequest.Open(fd, f.path().toString(), flags, 0666));
            return null;
        }
        if (r instanceof Redirect.Pipe) {
            int[] p = pipe();
            int childEnd = fd == 0 ? p[0] : p[1];
            int parentEnd = fd == 0 ? p[1] : p[0];
            childEnds.add(childEnd);
            parentCloses.add(parentEnd);
            actions.add(new SpawnRequest.Dup2(childEnd, fd));
            try {
                // Reopening the parent's end through /proc gives a Java stream that owns its own descriptor.
                String path = "/proc/self/fd/" + parentEnd;
                // (buffered: FileInputStream.readAllBytes would try to seek, which a pipe cannot)
                Object stream = fd == 0 ? new FileOutputStream(path)
                        : new BufferedInputStream(new FileInputStream(path));
                parentCloses.remove((Integer) parentEnd);
                closeQuietly(parentEnd);
                return stream;
            } catch (IOException e) {
                throw new PtraceException("open a pipe for descriptor " + fd + " failed: " + e, e);
            }
        }
        return null;
    }

    /** Releases what the parent holds of a stub that will not be released (its spawn failed). */
    void discard(Started s) {
        try {
            calls.close(s.controlWriteFd());
        } catch (NativeCallException e) {
            // already closed by release()
        }
        closeStreams(s.stdin(), s.stdout(), s.stderr());
    }

    /** {@code pipe2(O_CLOEXEC)}, its failure (EMFILE, ENFILE) reported like every other. */
    private int[] pipe() {
        try {
            return calls.pipe();
        } catch (NativeCallException e) {
            throw Errors.translate(e, -1);
        }
    }

    /** Lets a started stub go on to exec its target. */
    void release(int controlWriteFd) {
        try (FileOutputStream go = new FileOutputStream("/proc/self/fd/" + controlWriteFd)) {
            go.write(1);
        } catch (IOException e) {
            throw new PtraceException("release the spawned process: " + e, e);
        } finally {
            closeQuietly(controlWriteFd);
        }
    }

    /** Finds the program the way execvp(3) does, so errors are reported before anything starts. */
    static String resolve(String name, String pathVar, Path directory) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the program name is empty");
        }
        if (name.indexOf('/') >= 0) {
            Path p = Path.of(name);
            Path check = directory != null && !p.isAbsolute() ? directory.resolve(p) : p;
            requireExecutable(name, check);
            return name;
        }
        String path = pathVar == null || pathVar.isEmpty() ? "/usr/local/bin:/usr/bin:/bin" : pathVar;
        for (String dir : path.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalArgumentException("Can't find '" + name + "' on PATH (" + path + ")");
    }

    private static void requireExecutable(String name, Path p) {
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("Can't stat '" + name + "': No such file or directory");
        }
        if (Files.isDirectory(p) || !Files.isExecutable(p)) {
            throw new IllegalArgumentException("'" + name + "' is not an executable file");
        }
    }

    /** The stub's path: a memfd of this JVM (no file system needed), else an executable temporary file. */
    private synchronized String stubPath() {
        if (stubPath == null) {
            stubPath = StubFile.path(calls, arch);
        }
        return stubPath;
    }

    private void closeQuietly(int fd) {
        try {
            calls.close(fd);
        } catch (NativeCallException e) {
            // already closed or never valid: nothing to release
        }
    }

    private static void closeStreams(AutoCloseable... streams) {
        for (AutoCloseable s : streams) {
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    // best effort while failing anyway
                }
            }
        }
    }

    /** Where the stub image lives, created once per JVM. */
    static final class StubFile {
        private static String path;

        private StubFile() {
        }

        static synchronized String path(NativeCalls calls, Arch arch) {
            if (path == null) {
                byte[] image = StubProgram.image(arch);
                try {
                    int fd = calls.memfdCreate("ptrace-stub", Linux.MFD_CLOEXEC);
                    String p = "/proc/self/fd/" + fd;
                    try (FileOutputStream out = new FileOutputStream(p)) {
                        out.write(image);
                    }
                    path = p;
                } catch (NativeCallException | IOException e) {
                    path = tempFile(image);
                }
            }
            return path;
        }

        private static String tempFile(byte[] image) {
            try {
                Path p = Files.createTempFile("ptrace-stub", ".elf",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Files.write(p, image);
                p.toFile().deleteOnExit();
                return p.toString();
            } catch (IOException e) {
                throw new PtraceException("cannot write the spawn stub (memfd_create failed and " + e + ")", e);
            }
        }
    }
}
