package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.Breakpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The breakpoints of one address space (a process, and a vfork child while it shares its parent's memory). Changed
 * only on the tracer thread; read from any thread. Memory is reached through a tracee of the address space
 * ({@code via}), whose {@link ProcessMemory} can write read-only text.
 *
 * <p>Each breakpoint writes only its own bytes, so two breakpoints in one word never save each other's
 * instruction as "original". Before restoring, the bytes in memory are checked to still be the breakpoint
 * instruction: if the tracee replaced the page, nothing is written over its new contents.
 */
final class BreakpointTable {
    private final Debugger debugger;
    private final int ownerTgid;
    private final Arch arch;
    private final byte[] instruction;
    private final ConcurrentSkipListMap<Long, Bp> byAddress = new ConcurrentSkipListMap<>(Long::compareUnsigned);
    /** A tracee of this address space to reach its memory through; the last one that used the table. */
    private volatile TraceeHandle via;

    BreakpointTable(Debugger debugger, int ownerTgid, Arch arch, TraceeHandle via) {
        this.debugger = debugger;
        this.ownerTgid = ownerTgid;
        this.arch = arch;
        this.instruction = BreakpointEncoding.instruction(arch);
        this.via = via;
    }

    int ownerTgid() {
        return ownerTgid;
    }

    Arch arch() {
        return arch;
    }

    boolean isEmpty() {
        return byAddress.isEmpty();
    }

    void use(TraceeHandle t) {
        if (t.isAttached()) {
            via = t;
        }
    }

    TraceeHandle via() {
        return via;
    }

    Bp find(long address) {
        return byAddress.get(address);
    }

    List<Breakpoint> list() {
        return List.copyOf(byAddress.values());
    }

    /** Tracer thread. */
    Bp set(long address) {
        Bp existing = byAddress.get(address);
        if (existing != null) {
            if (!existing.enabled) {
                insert(existing);
            }
            return existing;
        }
        int align = BreakpointEncoding.alignment(arch);
        if (Long.remainderUnsigned(address, align) != 0) {
            throw new IllegalArgumentException(arch + " breakpoints need " + align + "-byte aligned addresses, not 0x"
                    + Long.toHexString(address));
        }
        byte[] original = via.memory().read(address, instruction.length);
        Bp bp = new Bp(address, original);
        insert(bp);
        byAddress.put(address, bp);
        return bp;
    }

    /** Tracer thread. */
    boolean remove(long address) {
        Bp bp = byAddress.remove(address);
        if (bp == null) {
            return false;
        }
        restore(bp);
        bp.enabled = false;
        bp.removed = true;
        return true;
    }

    /** Tracer thread: removes all, restoring the bytes where the process is still there. */
    void clear() {
        for (Bp bp : List.copyOf(byAddress.values())) {
            try {
                remove(bp.address);
            } catch (RuntimeException e) {
                // the process is gone or the page unreadable: nothing left to restore
                byAddress.remove(bp.address);
                bp.inserted = false;
                bp.enabled = false;
                bp.removed = true;
            }
        }
    }

    /** The address space was replaced (exec) or is gone: drop every breakpoint without writing. */
    void forget() {
        for (Bp bp : byAddress.values()) {
            bp.inserted = false;
            bp.enabled = false;
            bp.removed = true;
        }
        byAddress.clear();
    }

    /** Tracer thread. */
    void insert(Bp bp) {
        via.memory().write(bp.address, instruction);
        bp.inserted = true;
        bp.enabled = true;
    }

    /** Tracer thread: writes the original bytes back if the breakpoint instruction is still there. */
    void restore(Bp bp) {
        if (bp.inserted) {
            if (holdsInstruction(bp.address)) {
                via.memory().write(bp.address, bp.original);
            }
            bp.inserted = false;
        }
    }

    /** Whether the breakpoint instruction is in memory at {@code address}. */
    boolean holdsInstruction(long address) {
        byte[] now = new byte[instruction.length];
        int n = via.memory().readPartial(address, now, 0, now.length);
        return n == now.length && Arrays.equals(now, instruction);
    }

    /** Tracer thread: see {@link dev.ptrace.Breakpoints#refresh()}. */
    List<Breakpoint> refresh() {
        List<Breakpoint> rewritten = new ArrayList<>();
        for (Bp bp : byAddress.values()) {
            if (!bp.enabled) {
                continue;
            }
            byte[] now = new byte[instruction.length];
            int n = via.memory().readPartial(bp.address, now, 0, now.length);
            if (n == now.length && Arrays.equals(now, instruction)) {
                bp.inserted = true;
                continue;
            }
            if (n == now.length && Arrays.equals(now, bp.original)) {
                via.memory().write(bp.address, instruction);
                bp.inserted = true;
                rewritten.add(bp);
            } else {
                bp.inserted = false; // different code (or nothing) is there now: leave it alone
                bp.enabled = false;
            }
        }
        return rewritten;
    }

    /**
     * Tracer thread: a child of this address space's process appeared, with a copy of (or a share in) its memory.
     * Removes the inherited breakpoint instructions from a copy.
     *
     * @return true if the child shares this memory (vfork, CLONE_VM), false if it has a copy
     */
    boolean adoptChildMemory(TraceeHandle child) {
        boolean probed = false;
        for (Bp bp : byAddress.values()) {
            if (!bp.inserted) {
                continue;
            }
            byte[] now = new byte[instruction.length];
            int n = child.memory().readPartial(bp.address, now, 0, now.length);
            if (n != now.length || !Arrays.equals(now, instruction)) {
                continue;
            }
            child.memory().write(bp.address, bp.original);
            if (!probed) {
                probed = true;
                // Did that write land in our own memory as well? Then the child shares it.
                if (!holdsInstruction(bp.address)) {
                    via.memory().write(bp.address, instruction);
                    return true;
                }
            }
        }
        return false;
    }

    /** One breakpoint; its methods may be called from any thread. */
    final class Bp implements Breakpoint {
        final long address;
        final byte[] original;
        volatile boolean enabled;
        volatile boolean inserted;
        volatile boolean removed;
        final AtomicLong hits = new AtomicLong();

        Bp(long address, byte[] original) {
            this.address = address;
            this.original = original.clone();
        }

        BreakpointTable table() {
            return BreakpointTable.this;
        }

        @Override
        public long address() {
            return address;
        }

        @Override
        public byte[] originalBytes() {
            return original.clone();
        }

        @Override
        public boolean isEnabled() {
            return enabled;
        }

        @Override
        public boolean isInserted() {
            if (!inserted) {
                return false;
            }
            try {
                return holdsInstruction(address); // the tracee may have replaced the page since
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public long hitCount() {
            return hits.get();
        }

        @Override
        public void remove() {
            debugger.onTracer(() -> {
                if (byAddress.get(address) == this) {
                    BreakpointTable.this.remove(address);
                }
                return null;
            });
        }

        @Override
        public void disable() {
            debugger.onTracer(() -> {
                if (!removed) {
                    restore(this);
                    enabled = false;
                }
                return null;
            });
        }

        @Override
        public void enable() {
            debugger.onTracer(() -> {
                if (removed) {
                    throw new IllegalStateException("the breakpoint at 0x" + Long.toHexString(address)
                            + " was removed; set a new one");
                }
                if (!inserted) {
                    insert(this);
                }
                return null;
            });
        }

        @Override
        public String toString() {
            return "Breakpoint[0x" + Long.toHexString(address) + (removed ? ", removed" : enabled ? "" : ", disabled")
                    + (enabled && !inserted ? ", not in memory" : "") + ", hits=" + hits.get() + "]";
        }
    }

    @Override
    public String toString() {
        return "BreakpointTable[tgid=" + ownerTgid + ", " + byAddress.size() + " breakpoints]";
    }

}
