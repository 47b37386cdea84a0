package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.Errno;
import dev.ptrace.ExecStrings;
import dev.ptrace.PtraceException;
import dev.ptrace.Redirect;
import dev.ptrace.SpawnOptions;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts processes with {@code posix_spawn} of the {@link StubProgram}: program lookup, environment, standard
 * streams and the control pipe the stub waits on. Called on the tracer thread, so that the child is the tracer
 * thread's own (it is then reaped by nobody else, see DESIGN-NOTES P2).
 */
final class Spawner {
    /** The descriptor the stub reads its go-ahead from, unless the program inherits descriptors from 3 up. */
    static final int CONTROL_FD = 3;
    /** The doorbell's argv[0] (see {@link TracerThread}). */
    static final String DOORBELL_NAME = "ptrace-doorbell";

    private final NativeCalls calls;
    private final Arch arch;

    Spawner(NativeCalls calls, Arch arch) {
        this.calls = calls;
        this.arch = arch;
    }

    /** A started stub, blocked on its control pipe, and the parent's ends of its pipes. */
    record Started(int pid, int controlWriteFd, OutputStream stdin, InputStream stdout, InputStream stderr) {
    }

    /** The most of {@code /proc/self/environ} read (the kernel allows at most 6 MiB of argv and environment). */
    private static final int MAX_ENVIRON_BYTES = 8 << 20;

    /**
     * Starts the stub for {@code argv}. The process is blocked until {@link #release(int)} is called on its
     * control pipe.
     */
    Started start(List<byte[]> command, SpawnOptions options) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        List<byte[]> envp = options.environment().orElseGet(Spawner::jvmEnvironment);
        byte[] program = resolve(command.get(0), variable(envp, "PATH"), options.directory().orElse(null),
                this::fileMode);
        List<byte[]> argv = new ArrayList<>(command.size() + 2);
        argv.add(ascii("ptrace-stub"));
        argv.add(program);
        argv.addAll(command);
        return startStub(argv, envp, options);
    }

    /** The JVM's environment as it started: /proc/self/environ, else (unreadable) System.getenv() encoded. */
    private static List<byte[]> jvmEnvironment() {
        try {
            return ExecStrings.readNulSeparated(Path.of("/proc/self/environ"), MAX_ENVIRON_BYTES);
        } catch (IOException e) {
            return ExecStrings.environmentEntries(System.getenv());
        }
    }

    /** The value of the first entry {@code NAME=...} of {@code envp} (as getenv(3) finds it), or null. */
    static byte[] variable(List<byte[]> envp, String name) {
        byte[] prefix = ascii(name + "=");
        for (byte[] entry : envp) {
            if (entry.length >= prefix.length && Arrays.equals(entry, 0, prefix.length, prefix, 0, prefix.length)) {
                return Arrays.copyOfRange(entry, prefix.length, entry.length);
            }
        }
        return null;
    }

    /**
     * Starts a stub with no target: it blocks on its pipe until the write end is closed, then exits. It runs as
     * {@value #DOORBELL_NAME} in {@code ps} (its command name is the last part of the path it was exec'd by: that
     * of the memfd would be a bare number), through a symbolic link that is removed once the stub runs.
     */
    Started startIdle() {
        return startStub(List.of(ascii(DOORBELL_NAME)), List.of(), SpawnOptions.defaults()
                .withStdin(Redirect.DISCARD).withStdout(Redirect.DISCARD).withStderr(Redirect.DISCARD),
                DOORBELL_NAME);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private Started startStub(List<byte[]> argv, List<byte[]> envp, SpawnOptions options) {
        return startStub(argv, envp, options, null);
    }

    /** With {@code name}, the stub is exec'd through a link of that name (see {@link #startIdle()}). */
    private Started startStub(List<byte[]> argv, List<byte[]> envp, SpawnOptions options, String name) {
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
            // The program's inherited descriptors lie below the control descriptor, whose close_range in the stub
            // closes the JVM's from there up; the JVM's below it (not close-on-exec, most of them) are closed here.
            int controlFd = controlFd(options.inheritedDescriptors());
            String stub = StubFile.path(calls, arch, controlFd, options.credentials().orElse(null));
            // dup2 onto the control descriptor clears close-on-exec, dup2 onto itself would keep it: a read end that
            // already has that number is parked on the write end's first (the child's copy of the write end goes,
            // which close-on-exec would close anyway). No fixed parking number: RLIMIT_NOFILE may not allow it.
            if (control[0] == controlFd) {
                actions.add(new SpawnRequest.Dup2(control[0], control[1]));
                actions.add(new SpawnRequest.Dup2(control[1], controlFd));
                actions.add(new SpawnRequest.Close(control[1]));
            } else {
                actions.add(new SpawnRequest.Dup2(control[0], controlFd));
            }
            for (int fd = CONTROL_FD; fd < controlFd; fd++) {
                // the stub's own memfd must stay until its exec, which closes it (close-on-exec)
                if (!options.inheritedDescriptors().contains(fd) && !stub.equals("/proc/self/fd/" + fd)) {
                    actions.add(new SpawnRequest.Close(fd)); // glibc ignores EBADF here: fd need not be open
                }
            }
            options.directory().ifPresent(d -> actions.add(new SpawnRequest.Chdir(d.toString())));
            int pid;
            Path link = name == null ? null : StubFile.link(stub, name);
            try {
                pid = calls.posixSpawn(signals(new SpawnRequest(ascii(link == null ? stub : link.toString()), argv,
                        envp, actions), options));
            } catch (NativeCallException e) {
                String what = ExecStrings.printable(argv.size() > 1 ? argv.get(1) : argv.get(0));
                throw new PtraceException("posix_spawn(" + what + ")", -1,
                        e.errno(), "could not start the process (a redirect file or the working directory may be"
                        + " missing)", e);
            } finally {
                StubFile.unlink(link);
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

    /** The request with the options' signal mask and, if asked, the signals the JVM ignores left ignored. */
    private SpawnRequest signals(SpawnRequest r, SpawnOptions options) {
        long mask = 0;
        for (dev.ptrace.Signal s : options.blockedSignals()) {
            if (s.number() >= 1 && s.number() <= 64) {
                mask |= 1L << (s.number() - 1);
            }
        }
        long ignored = options.keepIgnoredSignals() ? ProcStatus.hexField(calls.getpid(), "SigIgn", 0) : 0;
        return new SpawnRequest(r.path(), r.argv(), r.envp(), r.fileActions(), mask,
                SpawnRequest.ALL_CATCHABLE & ~ignored);
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

    /** {@code stat(2)} of a path: its {@code st_mode}, or a negative errno number. */
    interface FileModes {
        int of(byte[] path);
    }

    private int fileMode(byte[] path) {
        try {
            return calls.fileMode(path);
        } catch (NativeCallException e) {
            return -e.errno();
        }
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;

    /**
     * Finds the program the way execvp(3) does, so errors are reported before anything starts. Names are bytes
     * and stay bytes; messages show them escaped ({@link ExecStrings#printable}).
     */
    static byte[] resolve(byte[] name, byte[] pathVar, Path directory, FileModes modes) {
        if (name.length == 0) {
            throw new IllegalArgumentException("the program name is empty");
        }
        String shown = ExecStrings.printable(name);
        if (indexOf(name, (byte) '/', 0) >= 0) {
            byte[] check = directory != null && name[0] != '/'
                    ? join(directory.toString().getBytes(ExecStrings.platformCharset()), name) : name;
            int mode = modes.of(check);
            if (mode < 0) {
                String why = Errno.of(-mode).map(Errno::description).orElse("errno " + -mode);
                throw new IllegalArgumentException("Can't stat '" + shown + "': " + why);
            }
            if ((mode & S_IFMT) == S_IFDIR || (mode & 0111) == 0) {
                throw new IllegalArgumentException("'" + shown + "' is not an executable file");
            }
            return name;
        }
        byte[] path = pathVar == null || pathVar.length == 0 ? ascii("/usr/local/bin:/usr/bin:/bin") : pathVar;
        int start = 0;
        while (start <= path.length) {
            int colon = indexOf(path, (byte) ':', start);
            int end = colon < 0 ? path.length : colon;
            byte[] dir = start == end ? ascii(".") : Arrays.copyOfRange(path, start, end);
            byte[] candidate = join(dir, name);
            int mode = modes.of(candidate);
            if (mode >= 0 && (mode & S_IFMT) == S_IFREG && (mode & 0111) != 0) {
                return candidate;
            }
            start = end + 1;
        }
        throw new IllegalArgumentException("Can't find '" + shown + "' on PATH (" + ExecStrings.printable(path) + ")");
    }

    /** {@code dir/name}, with one slash between them. */
    private static byte[] join(byte[] dir, byte[] name) {
        boolean slash = dir.length > 0 && dir[dir.length - 1] == '/';
        byte[] out = Arrays.copyOf(dir, dir.length + (slash ? 0 : 1) + name.length);
        if (!slash) {
            out[dir.length] = '/';
        }
        System.arraycopy(name, 0, out, out.length - name.length, name.length);
        return out;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The stub's control descriptor: the first above 2 and above every descriptor the program inherits. */
    static int controlFd(Set<Integer> inherited) {
        int highest = CONTROL_FD - 1;
        for (int fd : inherited) {
            highest = Math.max(highest, fd);
        }
        return highest + 1;
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

    /** Where the stub images live, each created once per JVM (one per control descriptor and user used). */
    static final class StubFile {
        private static final Map<String, String> PATHS = new HashMap<>();

        private StubFile() {
        }

        static String path(NativeCalls calls, Arch arch) {
            return path(calls, arch, CONTROL_FD);
        }

        /** The path of the stub that keeps the JVM's credentials. */
        static String path(NativeCalls calls, Arch arch, int controlFd) {
            return path(calls, arch, controlFd, null);
        }

        /**
         * The stub's path: a memfd of this JVM (no file system needed), else an executable temporary file.
         *
         * @param user the credentials the stub takes on before its exec, or null for the JVM's
         */
        static synchronized String path(NativeCalls calls, Arch arch, int controlFd, dev.ptrace.Credentials user) {
            String key = controlFd + (user == null ? "" : " " + user);
            String path = PATHS.get(key);
            if (path == null) {
                byte[] image = StubProgram.image(arch, controlFd, user);
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
                PATHS.put(key, path);
            }
            return path;
        }

        /**
         * A symbolic link named {@code name} to the stub, in a new private temporary directory; null if none can be
         * made (the stub is then exec'd by its own path).
         */
        static Path link(String stub, String name) {
            try {
                Path dir = Files.createTempDirectory("ptrace-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                try {
                    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(dir.toString())) {
                        throw new IOException("not an ASCII path: " + dir);
                    }
                    return Files.createSymbolicLink(dir.resolve(name), Path.of(stub));
                } catch (IOException | UnsupportedOperationException e) {
                    Files.deleteIfExists(dir);
                    return null;
                }
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return null;
            }
        }

        /** Removes a link made by {@link #link} and its directory (null: nothing). */
        static void unlink(Path link) {
            if (link != null) {
                try {
                    Files.deleteIfExists(link);
                    Files.deleteIfExists(link.getParent());
                } catch (IOException e) {
                    // a temporary directory left behind; nothing else depends on it
                }
            }
        }

        /** Forgets the images made (for tests). */
        static synchronized void forget() {
            PATHS.clear();
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
