package dev.ptrace.strace.internal;

import dev.ptrace.Arch;
import java.util.EnumMap;
import java.util.Map;

/** Loads each architecture's tables once. */
final class TablesHolder {
    private static final Map<Arch, SyscallTables> CACHE = new EnumMap<>(Arch.class);

    private TablesHolder() {
    }

    static synchronized SyscallTables get(Arch arch) {
        return CACHE.computeIfAbsent(arch, GeneratedTables::new);
    }
}
