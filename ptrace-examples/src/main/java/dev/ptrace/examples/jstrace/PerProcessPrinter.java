package dev.ptrace.examples.jstrace;

import dev.ptrace.strace.ExitEvent;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.StracePrinter;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * strace's {@code -ff -o FILE}: each traced thread's lines go to its own file, {@code FILE.<tid>}, without a pid
 * prefix. A file is closed when its thread ends; {@link #close()} closes those still open. A file that cannot be
 * created ends the trace, as in strace; a write that fails is reported by its {@link TraceOutput}.
 */
final class PerProcessPrinter implements java.util.function.Consumer<StraceEvent>, AutoCloseable {
    private final String base;
    private final TraceOutput.Errors errors;
    private final Function<Writer, StracePrinter> printers;
    private final Map<Integer, TraceOutput> files = new HashMap<>();
    private final Map<Integer, StracePrinter> byPid = new HashMap<>();

    /**
     * @param base the {@code -o} file; each thread writes to this name with {@code .<tid>} appended
     * @param errors what to do about failed writes
     * @param printers makes the printer of one file (no pid prefix)
     */
    PerProcessPrinter(String base, TraceOutput.Errors errors, Function<Writer, StracePrinter> printers) {
        this.base = base;
        this.errors = errors;
        this.printers = printers;
    }

    /**
     * @throws java.io.UncheckedIOException if a thread's file cannot be created, with strace's message
     */
    @Override
    public void accept(StraceEvent event) {
        int pid = event.pid();
        StracePrinter p = byPid.get(pid);
        if (p == null) {
            TraceOutput w = TraceOutput.open(base + "." + pid, errors);
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
    }

    @Override
    public void close() {
        for (Map.Entry<Integer, TraceOutput> e : files.entrySet()) {
            byPid.get(e.getKey()).finish();
            e.getValue().close();
        }
        files.clear();
        byPid.clear();
    }
}
