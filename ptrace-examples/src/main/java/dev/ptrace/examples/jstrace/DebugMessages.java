package dev.ptrace.examples.jstrace;

import dev.ptrace.strace.AttachEvent;
import dev.ptrace.strace.ExitEvent;
import dev.ptrace.strace.SignalEvent;
import dev.ptrace.strace.StraceEvent;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * jstrace's {@code -d}: what the tracer does with each process, on stderr ({@code jstrace: [debug] ...}), in the
 * spirit of strace's debug output (its own wording, not strace's internals).
 */
final class DebugMessages implements Consumer<StraceEvent> {
    private final PrintWriter err;

    DebugMessages(PrintWriter err) {
        this.err = err;
        err.println("jstrace: [debug] ptrace backend " + dev.ptrace.Ptrace.selectedBackend());
    }

    @Override
    public void accept(StraceEvent event) {
        if (event instanceof AttachEvent a) {
            err.println("jstrace: [debug] new tracee " + a.pid() + (a.parentPid() > 0 ? ", child of " + a.parentPid()
                    : ""));
        } else if (event instanceof ExitEvent x) {
            err.println("jstrace: [debug] tracee " + x.pid() + ": " + x.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + (x.kind() == ExitEvent.Kind.EXITED ? " with status " + x.status() : "")
                    + x.signal().map(s -> " by " + s.name()).orElse(""));
        } else if (event instanceof SignalEvent s) {
            err.println("jstrace: [debug] tracee " + s.pid() + ": signal stop");
        }
    }
}
