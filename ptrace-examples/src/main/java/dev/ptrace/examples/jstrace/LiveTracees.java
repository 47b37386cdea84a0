package dev.ptrace.examples.jstrace;

import dev.ptrace.strace.AttachEvent;
import dev.ptrace.strace.ExitEvent;
import dev.ptrace.strace.StraceEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The threads being traced, in the order they appeared, from the events: whom a detach lets go. */
final class LiveTracees implements Consumer<StraceEvent> {
    private final Set<Integer> pids = new LinkedHashSet<>();
    private int lastAdded;

    /**
     * Records a process attached with {@code -p}, before any event of it.
     *
     * @param pid the process
     */
    void attached(int pid) {
        pids.add(pid);
    }

    @Override
    public void accept(StraceEvent event) {
        int pid = event.pid();
        if (event instanceof AttachEvent a && a.parentPid() > 0) {
            pids.add(a.parentPid());
        }
        if (event instanceof ExitEvent x && x.kind() != ExitEvent.Kind.SUPERSEDED) {
            pids.remove(pid);
            lastAdded = 0;
        } else if (pid != lastAdded) { // most events come from the thread of the one before: no set look-up
            pids.add(pid);
            lastAdded = pid;
        }
    }

    /** {@return the threads still traced, oldest first} */
    List<Integer> pids() {
        return List.copyOf(pids);
    }
}
