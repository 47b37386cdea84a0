package dev.ptrace.core;

import dev.ptrace.Stop;
import dev.ptrace.TraceeState;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracees of one tracer by thread id, the stops decoded for them and not yet taken ({@link StopQueue}), and the
 * spawned children that were detached (whose later wait statuses are reaped and ignored). Creates every
 * {@link TraceeHandle}. Changed on the tracer thread; read from any.
 */
final class TraceeTable {
    private final Map<Integer, TraceeHandle> byPid = new ConcurrentHashMap<>();
    private final Set<Integer> releasedChildren = ConcurrentHashMap.newKeySet();
    private final StopQueue stops = new StopQueue();
    private final Kernel kernel;
    private final TraceeControl control;
    private final Debugger debugger;
    /**
     * The tracee of the last wait status, set by the tracer thread only: most statuses come from the tracee of the
     * previous one, and the map's lookup boxes the pid (an allocation per stop for pids above 127).
     */
    private volatile TraceeHandle last;

    TraceeTable(Kernel kernel, TraceeControl control, Debugger debugger) {
        this.kernel = kernel;
        this.control = control;
        this.debugger = debugger;
    }

    /** A new handle, not yet in the table. */
    TraceeHandle create(int pid, boolean spawned, int optionBits, boolean killOnClose) {
        return new TraceeHandle(kernel, control, debugger, pid, spawned, optionBits, killOnClose);
    }

    StopQueue stops() {
        return stops;
    }

    Set<Integer> releasedChildren() {
        return releasedChildren;
    }

    TraceeHandle get(int pid) {
        return byPid.get(pid);
    }

    /** {@link #get} for the tracer thread's dispatch, through a one-entry cache (see {@link #last}). */
    TraceeHandle forStatus(int pid) {
        TraceeHandle l = last;
        if (l != null && l.pid() == pid && l.isAttached()) {
            return l;
        }
        TraceeHandle t = byPid.get(pid);
        if (t != null) {
            last = t;
        }
        return t;
    }

    private void uncache(TraceeHandle t) {
        if (last == t) {
            last = null;
        }
    }

    boolean contains(int pid) {
        return byPid.containsKey(pid);
    }

    void put(TraceeHandle t) {
        byPid.put(t.pid(), t);
    }

    /** Removes the entry of {@code pid} if it is {@code t}. */
    void remove(TraceeHandle t) {
        byPid.remove(t.pid(), t);
        uncache(t);
    }

    Collection<TraceeHandle> all() {
        return byPid.values();
    }

    boolean isEmpty() {
        return byPid.isEmpty();
    }

    int size() {
        return byPid.size();
    }

    /** Whether any tracee is still attached. */
    boolean anyAttached() {
        for (TraceeHandle t : byPid.values()) {
            if (t.isAttached()) {
                return true;
            }
        }
        return false;
    }

    /** Hands a stop to the waiters, the tracee now at it. */
    void deliver(TraceeHandle t, Stop stop) {
        stops.add(t, stop);
    }

    /** The tracee is no longer traced (exited, detached): out of the table, its queued stops dropped. */
    void forget(TraceeHandle t, TraceeState end) {
        t.gone(end);
        byPid.remove(t.pid(), t);
        uncache(t);
        stops.discardAll(t);
        if (t.isSpawned()) {
            releasedChildren.add(t.pid());
        }
    }

    /** A wait status of a pid not in the table: whether it is a spawned child released earlier (ignored). */
    boolean isReleased(int pid) {
        return releasedChildren.contains(pid);
    }

    /** A released child ended and was reaped. */
    void reaped(int pid) {
        releasedChildren.remove(pid);
    }

    /**
     * A new thread or process reported by its parent's fork/vfork/clone event ({@code parent} set), or by its own
     * first stop, which can come before that event ({@code parent} null). Creates its entry once.
     */
    TraceeHandle adoptChild(int childPid, TraceeHandle parent) {
        TraceeHandle child = byPid.get(childPid);
        if (child == null) {
            int bits = parent != null ? parent.optionBits() : TraceeHandle.ALWAYS_ON;
            boolean kill = parent != null && parent.killOnClose();
            child = create(childPid, false, bits, kill);
            child.expectInitialStop(true);
            child.inheritFrom(parent);
            byPid.put(childPid, child);
        } else if (parent != null) {
            child.inheritFrom(parent);
        }
        return child;
    }

    /**
     * A non-leader thread exec'd and took the leader's thread id (ptrace(2) "execve under ptrace"): the entry of
     * its former id goes, its syscall state goes on under the new one.
     */
    void replacedByExec(int formerPid, TraceeHandle t) {
        TraceeHandle gone = byPid.remove(formerPid);
        if (gone != null) {
            uncache(gone);
            t.tookOver(gone);
            gone.gone(TraceeState.EXITED);
            stops.discardAll(gone);
        }
    }
}
