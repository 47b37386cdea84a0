package dev.ptrace.examples;

import dev.ptrace.PtraceException;
import dev.ptrace.strace.TraceControl;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/**
 * What the example tools share: picocli set up so that usage errors are one line without a stack trace, the
 * quoting of bytes a tracee controls, and the Ctrl-C handling that lets a trace end cleanly.
 */
final class Cli {
    /** The exit status of a usage error or a failure of the tool itself (as strace uses). */
    static final int FAILURE = 1;

    private Cli() {
    }

    /**
     * Parses {@code args} into {@code command} and runs it.
     *
     * @param stopAtCommand whether the first positional parameter starts the traced command, so that its own
     *     options ({@code ls -l}) are not taken for ours
     * @return the tool's exit status
     */
    static int run(Object command, boolean stopAtCommand, PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(command);
        String name = cl.getCommandName();
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setStopAtPositional(stopAtCommand);
        cl.setPosixClusteredShortOptionsAllowed(true);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(name + ": " + ex.getMessage());
            err.println("Try '" + name + " --help' for more information.");
            return FAILURE;
        });
        cl.setExecutionExceptionHandler((ex, c, r) -> {
            if (ex instanceof PtraceException || ex instanceof IllegalArgumentException
                    || ex instanceof IOException || ex instanceof UncheckedIOException) {
                err.println(name + ": " + ex.getMessage());
                return FAILURE;
            }
            throw ex; // a bug: keep the stack trace
        });
        return cl.execute(args);
    }

    /** A usage error found after parsing: prints it like picocli's own and returns {@link #FAILURE}. */
    static int usage(CommandLine.Model.CommandSpec spec, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.name() + ": " + message);
        err.println("Try '" + spec.name() + " --help' for more information.");
        return FAILURE;
    }

    /**
     * Quotes bytes that came from a tracee the way strace does: printable ASCII as is, {@code \n \t \" \\} and
     * everything else as {@code \xNN}, so that nothing a tracee writes can move the cursor or fake a line.
     *
     * @param truncated whether to append {@code ...} after the closing quote (the string was cut)
     */
    static String quote(byte[] bytes, boolean truncated) {
        StringBuilder sb = new StringBuilder(bytes.length + 8).append('"');
        escape(sb, bytes, 0, bytes.length);
        sb.append('"');
        return truncated ? sb.append("...").toString() : sb.toString();
    }

    /** {@link #quote(byte[], boolean)} without the quotes, for paths and names in tables. */
    static String escape(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return escape(new StringBuilder(b.length), b, 0, b.length).toString();
    }

    static StringBuilder escape(StringBuilder sb, byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xff;
            switch (c) {
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                default:
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    }
            }
        }
        return sb;
    }

    /**
     * Ctrl-C (or SIGTERM) for a tool that traces: the JVM's shutdown hook asks the trace to end through
     * {@link #control()} and waits until the tool has detached (or killed what it spawned) and printed its
     * results, which happens in {@link #close()}.
     */
    static final class Interruptible implements AutoCloseable {
        private final TraceControl control = new TraceControl();
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread hook;

        Interruptible(String name) {
            hook = new Thread(() -> {
                control.requestStop();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name + "-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        TraceControl control() {
            return control;
        }

        @Override
        public void close() {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and now returns
            }
        }
    }
}
