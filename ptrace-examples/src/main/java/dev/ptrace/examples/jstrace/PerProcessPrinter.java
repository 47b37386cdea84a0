package dev.ptrace.examples.jstrace;

import dev.ptrace.strace.ExitEvent;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.StracePrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * strace's {@code -ff -o FILE}: each traced thread's lines go to its own file, {@code FILE.<tid>}, without a pid
 * prefix. A file is closed when its thread ends; {@link #close()} closes those still open.
 */
final class PerProcessPrinter implements java.util.function.Consumer<StraceEvent>, AutoCloseable {
    private final Path base;
    private final Function<Writer, StracePrinter> printers;
    private final Map<Integer, Writer> files = new HashMap<>();
    private final Map<Integer, StracePrinter> byPid = new HashMap<>();

    /**
     * @param base the {@code -o} file; each thread writes to this name with {@code .<tid>} appended
     * @param printers makes the printer of one file (no pid prefix)
     */
    PerProcessPrinter(Path base, Function<Writer, StracePrinter> printers) {
        this.base = base;
        this.printers = printers;
    }

    @Override
    public void accept(StraceEvent event) {
        int pid = event.pid();
        StracePrinter p = byPid.get(pid);
        try {
            if (p == null) {
                Writer w = Files.newBufferedWriter(base.resolveSibling(base.getFileName() + "." + pid),
                        StandardCharsets.UTF_8);
                files.put(pid, w);
                p = printers.apply(w);
                byPid.put(pid, p);
            }
            p.accept(event);
            if (event instanceof ExitEvent x && x.kind() != ExitEvent.Kind.SUPERSEDED) {
                p.finish();
                byPid.remove(pid);
                files.remove(pid).close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes every open file (for a terminal-like view while tracing; the files stay open). */
    void flush() throws IOException {
        for (Writer w : files.values()) {
            w.flush();
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Map.Entry<Integer, Writer> e : files.entrySet()) {
            try {
                byPid.get(e.getKey()).finish();
                e.getValue().close();
            } catch (IOException ex) {
                if (first == null) {
                    first = ex;
                }
            }
        }
        files.clear();
        byPid.clear();
        if (first != null) {
            throw first;
        }
    }
}
