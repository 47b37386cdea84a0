package dev.ptrace.examples.jstrace;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the trace goes, as strace's {@code -o}: standard error, a file, or ({@code -o '|cmd'} or {@code '!cmd'})
 * the standard input of a shell command, which is not traced. A writer that never throws: a write that fails is
 * reported on standard error as strace reports it ({@code jstrace: NAME: No space left on device}), once per
 * distinct error, the text it held is dropped, and tracing goes on. {@link #close()} also waits for the command
 * (whose exit status does not matter, as in strace).
 */
final class TraceOutput extends Writer {
    /** strerror(EPIPE), as the JDK's IOException says it. */
    private static final String BROKEN_PIPE = "Broken pipe";
    private final String name;
    private final OutputStream raw;
    /** Whether {@link #close()} closes {@link #raw}: not standard error, where jstrace's own messages still go. */
    private final boolean owned;
    private final Process command;
    private final PrintWriter err;
    private final Runnable brokenPipe;
    private final Set<String> reported = new HashSet<>();
    private Writer out;
    private boolean closed;

    private TraceOutput(String name, OutputStream raw, boolean owned, Process command, Errors errors) {
        this.name = name;
        this.raw = raw;
        this.owned = owned;
        this.command = command;
        this.err = errors.err();
        this.brokenPipe = errors.brokenPipe();
        this.out = buffered(raw);
    }

    /**
     * What to do about a failed write.
     *
     * @param err where it is reported
     * @param brokenPipe called at each write to a pipe nobody reads any more (EPIPE), so that jstrace can obey
     *     SIGPIPE as its {@code -I} level says (the JVM itself ignores SIGPIPE)
     */
    record Errors(PrintWriter err, Runnable brokenPipe) {
    }

    /** The trace on standard error (its file descriptor, not {@code System.err}, which hides write errors). */
    static TraceOutput stderr(Errors errors) {
        return new TraceOutput("stderr", new FileOutputStream(FileDescriptor.err), false, null, errors);
    }

    /**
     * Opens {@code -o SPEC}: a file (created or truncated), or for {@code |cmd} and {@code !cmd} a pipe into
     * {@code sh -c cmd}, whose standard output and error are jstrace's.
     *
     * @throws UncheckedIOException with strace's message ({@code Can't fopen 'x': No such file or directory})
     */
    static TraceOutput open(String spec, Errors errors) {
        return open(spec, false, errors);
    }

    /**
     * Opens {@code -o SPEC} as {@link #open(String, Errors)} does; with {@code append} ({@code -A}) a file is
     * appended to instead of truncated.
     *
     * @throws UncheckedIOException with strace's message ({@code Can't fopen 'x': No such file or directory})
     */
    static TraceOutput open(String spec, boolean append, Errors errors) {
        if (spec.startsWith("|") || spec.startsWith("!")) {
            try {
                Process p = new ProcessBuilder("sh", "-c", spec.substring(1)).redirectInput(ProcessBuilder.Redirect.PIPE)
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                return new TraceOutput(spec, p.getOutputStream(), true, p, errors);
            } catch (IOException e) {
                throw new UncheckedIOException("Can't popen '" + spec.substring(1) + "': " + e.getMessage(), e);
            }
        }
        try {
            java.nio.file.OpenOption[] mode = append
                    ? new java.nio.file.OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                    : new java.nio.file.OpenOption[0];
            return new TraceOutput(spec, Files.newOutputStream(Path.of(spec), mode), true, null, errors);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new UncheckedIOException("Can't fopen '" + spec + "': " + reason(e), e instanceof IOException i ? i
                    : new IOException(e));
        }
    }

    /** The strerror text of a failed open, as the JDK reports it. */
    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    private static Writer buffered(OutputStream raw) {
        return new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void write(char[] buf, int off, int len) {
        try {
            out.write(buf, off, len);
        } catch (IOException e) {
            failed(e);
        }
    }

    @Override
    public void write(String s) {
        write(s, 0, s.length());
    }

    @Override
    public void write(String s, int off, int len) {
        try {
            out.write(s, off, len);
        } catch (IOException e) {
            failed(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Flushes, closes the file or pipe, and waits for a {@code |cmd} to end. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flush();
        if (!owned) {
            return; // jstrace's own messages still go there
        }
        try {
            out.close();
        } catch (IOException e) {
            failed(e);
        }
        if (command != null) {
            command.onExit().join(); // as strace, which waits for its output command to end
        }
    }

    /**
     * Reports an error once per kind and drops what the failed buffer held, so the next line starts clean. Once a
     * {@code |cmd} has ended, the JDK closes the pipe to it and writes fail with "Stream closed": that is EPIPE.
     */
    private void failed(IOException e) {
        String reason = command != null && !command.isAlive() ? BROKEN_PIPE : String.valueOf(e.getMessage());
        if (reported.add(reason)) {
            err.println("jstrace: " + name + ": " + reason);
            err.flush();
        }
        if (reason.equals(BROKEN_PIPE)) {
            brokenPipe.run();
        }
        if (!closed) {
            out = buffered(raw);
        }
    }
}
