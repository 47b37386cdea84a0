package dev.ptrace.syscalls;

import dev.ptrace.Arch;
import dev.ptrace.syscalls.generated.Aarch64Syscalls;
import dev.ptrace.syscalls.generated.X86_64Syscalls;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The syscall table of one architecture, generated from the kernel headers. Lookups by number and by name are
 * constant time; tables are built once per architecture and shared.
 *
 * <p>Numbers without a syscall are answered, not thrown: {@link #byNumber(int)} is empty and
 * {@link #nameOf(int)} gives {@code syscall_0x1c8} as strace prints it.
 */
public final class SyscallTable {
    private static final Map<Arch, SyscallTable> TABLES = new EnumMap<>(Arch.class);

    private final Arch arch;
    private final List<Syscall> all;
    private final Syscall[] byNumber;
    private final Map<String, Syscall> byName;

    private SyscallTable(Arch arch, List<Syscall> all) {
        this.arch = arch;
        this.all = List.copyOf(all);
        int max = -1;
        for (Syscall s : all) {
            if (s.arch() != arch) {
                throw new IllegalStateException(s.name() + " belongs to " + s.arch() + ", not " + arch);
            }
            max = Math.max(max, s.number());
        }
        this.byNumber = new Syscall[max + 1];
        this.byName = new HashMap<>(all.size() * 2);
        for (Syscall s : all) {
            if (byNumber[s.number()] != null) {
                throw new IllegalStateException("two syscalls with number " + s.number() + " on " + arch);
            }
            byNumber[s.number()] = s;
            byName.put(s.name(), s);
        }
    }

    /**
     * {@return the table of an architecture}
     *
     * @param arch x86_64 or aarch64
     */
    public static SyscallTable of(Arch arch) {
        synchronized (TABLES) {
            return TABLES.computeIfAbsent(arch, a -> new SyscallTable(a, load(a)));
        }
    }

    /**
     * The table for an {@code AUDIT_ARCH_*} value as {@code PTRACE_GET_SYSCALL_INFO} reports it, if that
     * architecture is supported.
     *
     * @param auditArch the value, as {@link dev.ptrace.SyscallInfo#auditArch()} reports it
     * @return the table, or empty for an architecture this library has no table for
     */
    public static Optional<SyscallTable> ofAuditArch(int auditArch) {
        return Arch.ofAuditArch(auditArch).map(SyscallTable::of);
    }

    /**
     * The table of the architecture the JVM runs on.
     *
     * @return the table
     * @throws UnsupportedOperationException on an architecture this library does not support
     */
    public static SyscallTable current() {
        return of(Arch.current());
    }

    private static List<Syscall> load(Arch arch) {
        switch (arch) {
            case X86_64:
                return X86_64Syscalls.all();
            case AARCH64:
                return Aarch64Syscalls.all();
            default:
                throw new IllegalArgumentException("no syscall table for " + arch);
        }
    }

    /** {@return the architecture of this table} */
    public Arch arch() {
        return arch;
    }

    /**
     * {@return the syscall with this number, or empty if the number has none on this architecture}
     *
     * @param number a syscall number
     */
    public Optional<Syscall> byNumber(int number) {
        return number >= 0 && number < byNumber.length ? Optional.ofNullable(byNumber[number]) : Optional.empty();
    }

    /**
     * {@return the syscall with this name, or empty}
     *
     * @param name the name without prefix: "openat", "newfstatat"
     */
    public Optional<Syscall> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** {@return every syscall, by ascending number} */
    public List<Syscall> all() {
        return all;
    }

    /** {@return how many syscalls the table has} */
    public int size() {
        return all.size();
    }

    /** {@return the highest syscall number in the table} */
    public int maxNumber() {
        return byNumber.length - 1;
    }

    /**
     * {@return the name of a syscall number, or {@code syscall_0x<hex>} when it has none, as strace prints it}
     *
     * @param number a syscall number
     */
    public String nameOf(int number) {
        return byNumber(number).map(Syscall::name).orElseGet(() -> unknownName(number));
    }

    /**
     * {@return the name strace gives a number it does not know: {@code syscall_0x1c8} (unsigned, lower-case hex)}
     *
     * @param number a syscall number
     */
    public static String unknownName(int number) {
        return "syscall_0x" + Integer.toHexString(number);
    }

    /** The architecture and size, for diagnostics. */
    @Override
    public String toString() {
        return "SyscallTable[" + arch + ", " + all.size() + " syscalls]";
    }
}
