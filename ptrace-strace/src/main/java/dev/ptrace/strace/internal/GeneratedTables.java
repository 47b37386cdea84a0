package dev.ptrace.strace.internal;

import dev.ptrace.Arch;
import dev.ptrace.syscalls.Constant;
import dev.ptrace.syscalls.Constants;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link SyscallTables} backed by the generated tables of {@code ptrace-syscalls}. Families the generator does
 * not produce yet are read from the installed headers ({@link HeaderTables}).
 */
final class GeneratedTables implements SyscallTables {

    /** strace prints open flags in this order, not by value. */
    private static final List<String> OPEN_FLAG_ORDER = List.of("O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC",
            "O_APPEND", "O_NONBLOCK", "O_SYNC", "O_DSYNC", "O_DIRECT", "O_LARGEFILE", "O_NOFOLLOW", "O_NOATIME",
            "O_CLOEXEC", "O_PATH", "O_TMPFILE", "O_DIRECTORY");
    /** Aliases strace never prints. */
    private static final Set<String> ALIASES = Set.of("O_NDELAY", "WSTOPPED", "AF_LOCAL", "AF_ROUTE",
            "AT_STATX_FORCE_SYNC", "AT_STATX_DONT_SYNC", "PROT_NONE");

    private final Arch arch;
    private final SyscallTable table;
    private final Constants constants;
    private final HeaderTables headers;
    private final Map<ConstantFamily, Xlat> families = new EnumMap<>(ConstantFamily.class);

    GeneratedTables(Arch arch) {
        this.arch = arch;
        this.table = SyscallTable.of(arch);
        this.constants = Constants.of(arch);
        this.headers = HeaderTables.load(arch);
    }

    @Override
    public Arch arch() {
        return arch;
    }

    @Override
    public String syscallName(int number) {
        return table.nameOf(number);
    }

    @Override
    public OptionalInt syscallNumber(String name) {
        return table.byName(name).map(s -> OptionalInt.of(s.number())).orElse(OptionalInt.empty());
    }

    @Override
    public Collection<String> syscallNames() {
        Set<String> names = new TreeSet<>();
        for (Syscall s : table.all()) {
            names.add(s.name());
        }
        return names;
    }

    @Override
    public int argumentCount(int number) {
        return table.byNumber(number).map(s -> s.argCount().orElse(6)).orElse(6);
    }

    @Override
    public synchronized Xlat constants(ConstantFamily family) {
        return families.computeIfAbsent(family, this::load);
    }

    private Xlat load(ConstantFamily family) {
        String generated = generatedName(family);
        if (generated == null) {
            return headers.constants(family);
        }
        dev.ptrace.syscalls.ConstantFamily f = constants.family(generated).orElse(null);
        if (f == null) {
            return headers.constants(family);
        }
        Map<String, Long> picked = new LinkedHashMap<>();
        boolean flags = f.kind() == dev.ptrace.syscalls.ConstantFamily.Kind.FLAGS;
        for (Constant c : f.entries()) {
            if (ALIASES.contains(c.name())) {
                continue;
            }
            if (flags && family != ConstantFamily.MAP && f.fieldMask() != 0 && (c.value() & ~f.fieldMask()) == 0) {
                continue;
            }
            picked.putIfAbsent(c.name(), c.value());
        }
        List<Xlat.Entry> entries = new ArrayList<>();
        if (family == ConstantFamily.OPEN_FLAGS) {
            for (String n : OPEN_FLAG_ORDER) {
                Long v = picked.remove(n);
                if (v != null) {
                    entries.add(new Xlat.Entry(n, v));
                }
            }
        }
        if (family == ConstantFamily.SOCKET_FLAGS) {
            for (String n : List.of("SOCK_CLOEXEC", "SOCK_NONBLOCK")) {
                Long v = picked.remove(n);
                if (v != null) {
                    entries.add(new Xlat.Entry(n, v));
                }
            }
        }
        picked.forEach((n, v) -> entries.add(new Xlat.Entry(n, v)));
        return new Xlat(entries);
    }

    private static String generatedName(ConstantFamily family) {
        switch (family) {
            case OPEN_FLAGS: return "openFlags";
            case AT_FLAGS: return "atFlags";
            case PROT: return "protFlags";
            case MAP: return "mapFlags";
            case CLONE: return "cloneFlags";
            case WAIT_OPTIONS: return "waitOptions";
            case FCNTL_CMD: return "fcntlCommands";
            case ADDRESS_FAMILY: return "addressFamilies";
            case SOCKET_TYPE: return "socketTypes";
            case SOCKET_FLAGS: return "socketFlags";
            case SEEK: return "seekWhence";
            default: return null;
        }
    }
}
