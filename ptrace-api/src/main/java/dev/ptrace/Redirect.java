package dev.ptrace;

import java.nio.file.Path;
import java.util.Objects;

/** Where a spawned tracee's standard stream goes. */
public sealed interface Redirect {

    /** Share the JVM's own stream. */
    Redirect INHERIT = new Inherit();
    /** A pipe whose other end the {@link Tracee} offers ({@code stdinPipe()}, {@code stdoutPipe()} ...). */
    Redirect PIPE = new Pipe();
    /** {@code /dev/null}. */
    Redirect DISCARD = new ToFile(Path.of("/dev/null"), false);

    /**
     * {@return a redirect that reads from (stdin) or writes to (stdout, stderr) a file, truncating it when written}
     *
     * @param path the file
     */
    static Redirect file(Path path) {
        return new ToFile(path, false);
    }

    /**
     * {@return a redirect that appends to a file}
     *
     * @param path the file, created if needed
     */
    static Redirect appendTo(Path path) {
        return new ToFile(path, true);
    }

    /** See {@link #INHERIT}. */
    record Inherit() implements Redirect {
    }

    /** See {@link #PIPE}. */
    record Pipe() implements Redirect {
    }

    /** A file; for an output stream it is created if needed, and truncated unless {@code append}. */
    record ToFile(Path path, boolean append) implements Redirect {
        /**
         * Checks the path.
         *
         * @param path the file
         * @param append whether output is appended rather than truncating the file
         */
        public ToFile {
            Objects.requireNonNull(path, "path");
        }
    }
}
