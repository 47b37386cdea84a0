package dev.ptrace.core;

import dev.ptrace.Breakpoint;
import dev.ptrace.Breakpoints;
import dev.ptrace.MemoryMapping;
import dev.ptrace.ProcMaps;
import dev.ptrace.PtraceException;
import dev.ptrace.TraceeState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link Breakpoints} seen from one tracee: its process's table, its own hits. */
final class TraceeBreakpoints implements Breakpoints {
    private final Debugger debugger;
    private final TraceeHandle tracee;

    TraceeBreakpoints(Debugger debugger, TraceeHandle tracee) {
        this.debugger = debugger;
        this.tracee = tracee;
    }

    @Override
    public Breakpoint set(long address) {
        return debugger.onTracer(() -> debugger.table(tracee, true).set(address));
    }

    @Override
    public boolean remove(long address) {
        return debugger.onTracer(() -> {
            BreakpointTable table = debugger.table(tracee, false);
            return table != null && table.remove(address);
        });
    }

    @Override
    public void clear() {
        debugger.onTracer(() -> {
            BreakpointTable table = debugger.table(tracee, false);
            if (table != null) {
                table.clear();
            }
            return null;
        });
    }

    @Override
    public List<Breakpoint> list() {
        BreakpointTable table = debugger.table(tracee, false);
        return table == null ? List.of() : table.list();
    }

    @Override
    public Optional<Breakpoint> at(long address) {
        BreakpointTable table = debugger.table(tracee, false);
        return table == null ? Optional.empty() : Optional.ofNullable(table.find(address));
    }

    @Override
    public boolean isHit() {
        return current().isPresent();
    }

    @Override
    public Optional<Breakpoint> current() {
        BreakpointTable.Bp hit = tracee.debug.hit;
        return tracee.state() == TraceeState.STOPPED ? Optional.ofNullable(hit) : Optional.empty();
    }

    @Override
    public void stepOver() {
        if (!isHit()) {
            throw new IllegalStateException("tracee " + tracee.pid() + " is not stopped at a breakpoint hit ("
                    + tracee.currentStop().map(Object::toString).orElse(tracee.state().toString()) + ")");
        }
        tracee.cont();
    }

    @Override
    public List<Breakpoint> refresh() {
        return debugger.onTracer(() -> {
            BreakpointTable table = debugger.table(tracee, false);
            return table == null ? List.<Breakpoint>of() : table.refresh();
        });
    }

    @Override
    public long entryPoint() {
        int pid = tracee.pid();
        Path exe = Path.of("/proc/" + pid + "/exe");
        String target;
        ElfFile elf;
        try {
            target = Files.readSymbolicLink(exe).toString();
            elf = ElfFile.read(exe);
        } catch (IOException e) {
            throw new PtraceException("read the executable of " + pid + " (" + exe + "): " + e, e);
        }
        String path = target.endsWith(" (deleted)") ? target.substring(0, target.length() - 10) : target;
        ProcMaps maps = tracee.memoryMaps();
        List<MemoryMapping> mine = maps.ofFile(path);
        OptionalLong bias = elf.loadBias(mine);
        if (bias.isEmpty()) {
            throw new PtraceException("the executable " + path + " of " + pid + " is not mapped (yet): stop after"
                    + " the exec event before asking for its entry point", null);
        }
        return bias.getAsLong() + elf.entryPoint();
    }

    @Override
    public OptionalLong addressOf(String file, String symbol) {
        ProcMaps maps = tracee.memoryMaps();
        String path = null;
        for (MemoryMapping m : maps.mappings()) {
            Optional<String> f = m.file();
            if (f.isPresent() && (f.get().equals(file) || f.get().endsWith("/" + file))) {
                path = f.get();
                break;
            }
        }
        if (path == null) {
            return OptionalLong.empty();
        }
        ElfFile elf = readMapped(path);
        Optional<ElfFile.Symbol> sym = elf.symbol(symbol);
        OptionalLong bias = elf.loadBias(maps.ofFile(path));
        if (sym.isEmpty() || bias.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(bias.getAsLong() + sym.get().value());
    }

    /** Reads a mapped file by its path, or through the tracee's root when this JVM sees another file system. */
    private ElfFile readMapped(String path) {
        Path direct = Path.of(path);
        Path viaRoot = Path.of("/proc/" + tracee.pid() + "/root" + path);
        IOException first = null;
        for (Path p : List.of(viaRoot, direct)) {
            try {
                return ElfFile.read(p);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw new PtraceException("read the mapped file " + path + " of " + tracee.pid() + ": " + first, first);
    }

    @Override
    public String toString() {
        return "Breakpoints[pid=" + tracee.pid() + ", " + list() + "]";
    }
}
