package dev.ptrace.examples;

import dev.ptrace.Arch;
import dev.ptrace.Errno;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeMemoryException;
import dev.ptrace.strace.ExitEvent;
import dev.ptrace.strace.Strace;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.StraceOptions;
import dev.ptrace.strace.SyscallEvent;
import dev.ptrace.strace.SyscallFilter;
import dev.ptrace.syscalls.Constants;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Every file a command and all its children open, stat, create, rename, delete or execute, with the access mode,
 * the result and the absolute path. With {@code --summary}, only what a build step really read and produced: its
 * inputs (read, never written by the step), its outputs (created or written and still there at the end) and what
 * it deleted.
 *
 * <pre>{@code
 * java -cp ptrace-examples/target/jstrace.jar dev.ptrace.examples.FileAccessTracer -z make
 * java -cp ptrace-examples/target/jstrace.jar dev.ptrace.examples.FileAccessTracer --summary cc -c hello.c
 * }</pre>
 *
 * <p>Built on {@link Strace} with a syscall filter, so only file syscalls reach the handler. Paths are read from
 * the tracee at the syscall-entry event, where the pointer is still valid, and relative ones are resolved
 * against the thread's working directory or directory file descriptor ({@code /proc/<pid>/cwd},
 * {@code /proc/<pid>/fd/<n>}) at that moment; the result comes with the exit event. Paths are escaped for
 * printing: a file name can hold any byte but {@code /} and NUL.
 */
@Command(name = "file-access-tracer", mixinStandardHelpOptions = true,
        version = "file-access-tracer (ptrace-java)",
        description = "Run COMMAND and list every file it and its children open, stat, create, rename, delete "
                + "or execute, with the access mode and the result.")
public final class FileAccessTracer implements Callable<Integer> {

    /** What a syscall does to a path. */
    public enum Op {
        /** Opened an existing file (or directory). */
        OPEN,
        /** Looked at a file without opening it: stat, access, readlink. */
        STAT,
        /** Created a file, directory, node or link; or opened with {@code O_CREAT}. */
        CREATE,
        /** Renamed a file: the line shows {@code old -> new}. */
        RENAME,
        /** Removed a file or directory. */
        DELETE,
        /** Executed a program. */
        EXEC
    }

    /** Where a syscall keeps its paths: argument indexes, -1 for none (a dirfd of -1 means the cwd). */
    private record Shape(Op op, int dirfd, int path, int dirfd2, int path2) {
        static Shape of(Op op, int path) {
            return new Shape(op, -1, path, -1, -1);
        }

        static Shape at(Op op, int dirfd, int path) {
            return new Shape(op, dirfd, path, -1, -1);
        }
    }

    private static final Map<String, Shape> SHAPES = Map.ofEntries(
            Map.entry("open", Shape.of(Op.OPEN, 0)),
            Map.entry("openat", Shape.at(Op.OPEN, 0, 1)),
            Map.entry("openat2", Shape.at(Op.OPEN, 0, 1)),
            Map.entry("creat", Shape.of(Op.CREATE, 0)),
            Map.entry("stat", Shape.of(Op.STAT, 0)),
            Map.entry("lstat", Shape.of(Op.STAT, 0)),
            Map.entry("newfstatat", Shape.at(Op.STAT, 0, 1)),
            Map.entry("statx", Shape.at(Op.STAT, 0, 1)),
            Map.entry("access", Shape.of(Op.STAT, 0)),
            Map.entry("faccessat", Shape.at(Op.STAT, 0, 1)),
            Map.entry("faccessat2", Shape.at(Op.STAT, 0, 1)),
            Map.entry("readlink", Shape.of(Op.STAT, 0)),
            Map.entry("readlinkat", Shape.at(Op.STAT, 0, 1)),
            Map.entry("mkdir", Shape.of(Op.CREATE, 0)),
            Map.entry("mkdirat", Shape.at(Op.CREATE, 0, 1)),
            Map.entry("mknod", Shape.of(Op.CREATE, 0)),
            Map.entry("mknodat", Shape.at(Op.CREATE, 0, 1)),
            Map.entry("symlink", Shape.of(Op.CREATE, 1)),
            Map.entry("symlinkat", Shape.at(Op.CREATE, 1, 2)),
            Map.entry("link", Shape.of(Op.CREATE, 1)),
            Map.entry("linkat", Shape.at(Op.CREATE, 2, 3)),
            Map.entry("rename", new Shape(Op.RENAME, -1, 0, -1, 1)),
            Map.entry("renameat", new Shape(Op.RENAME, 0, 1, 2, 3)),
            Map.entry("renameat2", new Shape(Op.RENAME, 0, 1, 2, 3)),
            Map.entry("unlink", Shape.of(Op.DELETE, 0)),
            Map.entry("unlinkat", Shape.at(Op.DELETE, 0, 1)),
            Map.entry("rmdir", Shape.of(Op.DELETE, 0)),
            Map.entry("execve", Shape.of(Op.EXEC, 0)),
            Map.entry("execveat", Shape.at(Op.EXEC, 0, 1)));

    private static final int AT_FDCWD = -100;
    private static final int PATH_MAX = 4096;
    private static final long O_ACCMODE = 3;
    private static final long O_CREAT = 0100;

    @Option(names = "-z", description = "Show only accesses that succeeded (hides the loader's and PATH's probes).")
    boolean onlySuccessful;

    @Option(names = "--summary", description = "Print only the inputs, outputs and deleted files at the end.")
    boolean summaryOnly;

    @Option(names = "-o", paramLabel = "FILE", description = "Write to FILE instead of standard error.")
    Path output;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The program to run and its arguments.")
    List<String> command;

    private final PrintStream err;

    private FileAccessTracer(PrintStream err) {
        this.err = err;
    }

    /** Runs the tool and exits with the traced command's status. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the tool with its output on the given streams (the list goes to {@code err} unless {@code -o}).
     *
     * @return the traced command's exit status, or 1 for a usage error
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return Cli.run(new FileAccessTracer(err), true, out, err, args);
    }

    @Override
    public Integer call() throws IOException {
        if (output == null) {
            return trace(err);
        }
        try (PrintStream file = new PrintStream(Files.newOutputStream(output), false, StandardCharsets.UTF_8)) {
            return trace(file);
        }
    }

    private int trace(PrintStream out) {
        Arch arch = Arch.current();
        Set<String> known = SyscallTable.of(arch).all().stream().map(Syscall::name).collect(Collectors.toSet());
        // Only the file syscalls this architecture has (aarch64 has no open, stat, rename ...).
        String names = SHAPES.keySet().stream().filter(known::contains).sorted().collect(Collectors.joining(","));
        StraceOptions options = StraceOptions.defaults().withFollowChildren(true)
                .withSyscallFilter(SyscallFilter.parse(names, known));
        Recorder recorder = new Recorder(out, Constants.of(arch), onlySuccessful, !summaryOnly);
        int status;
        try (Cli.Interruptible interruptible = new Cli.Interruptible("file-access-tracer")) {
            try {
                status = Strace.trace(command, options, recorder, interruptible.control());
            } finally {
                if (summaryOnly) {
                    recorder.printSummary();
                }
                out.flush();
            }
        }
        return status;
    }

    /** One file access seen at syscall entry, waiting for its result. */
    private record Access(Op op, String mode, String detail, String path, String path2) {
    }

    /** The {@link Strace} handler: pairs entries and exits per thread, prints lines, keeps the summary. */
    private static final class Recorder implements Consumer<StraceEvent> {
        private final PrintStream out;
        private final Constants constants;
        private final boolean onlySuccessful;
        private final boolean log;
        private final Map<Integer, Access> pending = new HashMap<>();
        private final Set<String> inputs = new TreeSet<>();
        private final Set<String> outputs = new TreeSet<>();
        private final Set<String> deleted = new TreeSet<>();

        Recorder(PrintStream out, Constants constants, boolean onlySuccessful, boolean log) {
            this.out = out;
            this.constants = constants;
            this.onlySuccessful = onlySuccessful;
            this.log = log;
        }

        @Override
        public void accept(StraceEvent event) {
            if (event instanceof ExitEvent) {
                pending.remove(event.pid());
                return;
            }
            if (!(event instanceof SyscallEvent)) {
                return;
            }
            SyscallEvent s = (SyscallEvent) event;
            if (s.isEnter()) {
                Access a = access(s);
                if (a == null) {
                    pending.remove(s.pid());
                } else {
                    pending.put(s.pid(), a);
                }
                return;
            }
            Access a = pending.remove(s.pid());
            if (a == null) {
                return;
            }
            String result = !s.returned() ? "?"
                    : s.isError() ? s.errno().map(Errno::name).orElse("E" + -s.returnValue()) : "ok";
            if (s.returned() && !s.isError()) {
                remember(a);
            }
            if (log && (!onlySuccessful || result.equals("ok"))) {
                String paths = show(a.path()) + (a.path2() == null ? "" : " -> " + show(a.path2()));
                out.printf("%7d %-6s %-4s %-8s %s  [%s]%n", s.pid(), a.op().name().toLowerCase(java.util.Locale.ROOT),
                        a.mode(), result, paths, a.detail());
            }
        }

        /** What the syscall at this entry does, or null when it touches no path (fstatat with an empty path). */
        private Access access(SyscallEvent s) {
            Shape shape = SHAPES.get(s.syscall());
            if (shape == null) {
                return null;
            }
            Tracee t = s.tracee();
            SyscallArgs args = s.args();
            String path = path(t, shape.dirfd() < 0 ? AT_FDCWD : (int) args.get(shape.dirfd()), args.get(shape.path()));
            if (path == null) {
                return null;
            }
            String path2 = shape.path2() < 0 ? null
                    : path(t, shape.dirfd2() < 0 ? AT_FDCWD : (int) args.get(shape.dirfd2()), args.get(shape.path2()));
            Op op = shape.op();
            String mode = "-";
            String detail = s.syscall();
            long flags = -1;
            switch (s.syscall()) {
                case "open": flags = args.get(1); break;
                case "openat": flags = args.get(2); break;
                case "openat2": flags = openHowFlags(t, args.get(2)); break;
                case "creat": flags = 01101; break; // O_WRONLY|O_CREAT|O_TRUNC
                case "access": mode = accessMode(args.get(1)); break;
                case "faccessat": case "faccessat2": mode = accessMode(args.get(2)); break;
                case "unlinkat": detail = (args.get(2) & 0x200) != 0 ? "unlinkat AT_REMOVEDIR" : detail; break;
                case "execve": case "execveat": mode = "x"; break;
                default: break;
            }
            if (flags >= 0) {
                long acc = flags & O_ACCMODE;
                mode = acc == 0 ? "r" : acc == 1 ? "w" : "rw";
                op = (flags & O_CREAT) != 0 ? Op.CREATE : op;
                detail = detail + " " + constants.openFlags().format(flags);
            } else if (op == Op.CREATE) {
                mode = "w";
            }
            return new Access(op, mode, detail, path, path2);
        }

        private void remember(Access a) {
            switch (a.op()) {
                case OPEN:
                case EXEC:
                    if (!a.mode().equals("r") && !a.mode().equals("x")) {
                        outputs.add(a.path()); // opened for writing
                    } else if (!outputs.contains(a.path())) {
                        inputs.add(a.path()); // read, and not something this step wrote first
                    }
                    break;
                case CREATE:
                    outputs.add(a.path());
                    deleted.remove(a.path());
                    break;
                case RENAME:
                    if (!outputs.remove(a.path())) {
                        deleted.add(a.path()); // a file that existed before is gone from its old name
                    }
                    outputs.add(a.path2());
                    deleted.remove(a.path2());
                    break;
                case DELETE:
                    if (!outputs.remove(a.path())) {
                        deleted.add(a.path()); // temporary files the step made and removed are not listed
                    }
                    break;
                default:
                    break;
            }
        }

        void printSummary() {
            section("inputs", inputs);
            section("outputs", outputs);
            section("deleted", deleted);
        }

        private void section(String title, Set<String> paths) {
            out.println(title + " (" + paths.size() + "):");
            for (String p : paths) {
                out.println("  " + show(p));
            }
        }

        /** The absolute path a (dirfd, path) pair means to this thread now; null for a null or empty path. */
        private static String path(Tracee t, int dirfd, long address) {
            if (address == 0) {
                return null;
            }
            byte[] raw;
            try {
                raw = t.memory().readCString(address, PATH_MAX);
            } catch (TraceeMemoryException e) {
                return "<unreadable 0x" + Long.toHexString(address) + ">";
            }
            if (raw.length == 0) {
                return null; // AT_EMPTY_PATH: the call works on dirfd itself
            }
            // Paths are bytes; ISO-8859-1 keeps every byte as one char until Cli.escape prints it.
            String p = new String(raw, StandardCharsets.ISO_8859_1);
            if (p.startsWith("/")) {
                return normalize(p);
            }
            String link = dirfd == AT_FDCWD ? "/proc/" + t.pid() + "/cwd" : "/proc/" + t.pid() + "/fd/" + dirfd;
            try {
                String base = Files.readSymbolicLink(Path.of(link)).toString();
                return normalize(new String(base.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                        + "/" + p);
            } catch (IOException | UnsupportedOperationException e) {
                return (dirfd == AT_FDCWD ? "<cwd>" : "<fd " + dirfd + ">") + "/" + p;
            }
        }

        /** A path held as ISO-8859-1 (one char per byte), escaped for printing. */
        private static String show(String path) {
            byte[] b = path.getBytes(StandardCharsets.ISO_8859_1);
            return Cli.escape(new StringBuilder(b.length), b, 0, b.length).toString();
        }

        /** Removes {@code .}, {@code ..} and empty segments (as text: symbolic links are not followed). */
        private static String normalize(String path) {
            Deque<String> parts = new ArrayDeque<>();
            for (String seg : path.split("/")) {
                if (seg.isEmpty() || seg.equals(".")) {
                    continue;
                }
                if (seg.equals("..")) {
                    parts.pollLast();
                } else {
                    parts.addLast(seg);
                }
            }
            return "/" + String.join("/", parts);
        }

        /** The flags of {@code struct open_how} (its first field), or 0 if unreadable. */
        private static long openHowFlags(Tracee t, long how) {
            try {
                return how == 0 ? 0 : t.memory().readLong(how);
            } catch (TraceeMemoryException e) {
                return 0;
            }
        }

        private static String accessMode(long mode) {
            if ((mode & 7) == 0) {
                return "-"; // F_OK: exists?
            }
            return ((mode & 4) != 0 ? "r" : "") + ((mode & 2) != 0 ? "w" : "") + ((mode & 1) != 0 ? "x" : "");
        }
    }
}
