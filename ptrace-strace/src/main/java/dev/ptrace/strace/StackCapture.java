package dev.ptrace.strace;

import dev.ptrace.PtraceException;
import dev.ptrace.Tracee;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a trace with {@code -k} unwinds, as strace 6.1 does: at the exit of a printed syscall; at the entry of
 * {@code execve}, {@code execveat}, {@code exit} and {@code exit_group}, whose exit finds another program or none
 * (printed after the exit line, or after {@code +++ exited ...} when the tracee ends inside them), except for the
 * spawned command's own first {@code execve}, whose stack is the new program's at its exit; and at a printed
 * signal or group-stop. A stack that cannot be taken (the tracee vanished) is left out.
 */
final class StackCapture {
    private static final Set<String> AT_ENTRY = Set.of("execve", "execveat", "exit", "exit_group");

    private final Map<Integer, StackTrace> queued = new HashMap<>();
    private int spawnedPid;

    /** @param spawnedPid the spawned command's pid, whose first execve is unwound at its exit; -1 when attached */
    StackCapture(int spawnedPid) {
        this.spawnedPid = spawnedPid;
    }

    /** At a printed syscall's entry. */
    void entered(Tracee t, String syscall) {
        if (!AT_ENTRY.contains(syscall)) {
            return;
        }
        if (t.pid() == spawnedPid && syscall.startsWith("execve")) {
            spawnedPid = -1; // the command's own exec: nothing of it is the traced program yet
            return;
        }
        queued.put(t.pid(), take(t, true));
    }

    /** At a printed syscall's exit: the stack queued at its entry, or the stack now. */
    StackTrace exited(Tracee t) {
        StackTrace q = queued.remove(t.pid());
        return q != null ? q : take(t, false);
    }

    /** {@return the stack now, for a signal's line} */
    StackTrace now(Tracee t) {
        return take(t, false);
    }

    /** {@return the stack queued for a tracee that ended inside its syscall, or null} */
    StackTrace ended(int pid) {
        return queued.remove(pid);
    }

    /** A syscall that moved to another pid (execve in a thread: it completes under the process id). */
    void moved(int from, int to) {
        StackTrace q = queued.remove(from);
        if (q != null) {
            queued.put(to, q);
        }
    }

    private static StackTrace take(Tracee t, boolean atEntry) {
        try {
            return new StackTrace(t.stackTrace(), atEntry);
        } catch (PtraceException e) {
            return new StackTrace(List.of(), atEntry);
        }
    }
}
