package dev.ptrace.syscalls;

import dev.ptrace.Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A system call of one architecture: its number, its name and, when the kernel headers declare one, its
 * prototype.
 *
 * <p>Some syscalls have no prototype in {@code include/linux/syscalls.h} (arch-specific ones such as x86_64's
 * {@code arch_prctl}, or entries that are not implemented). For those {@link #hasPrototype()} is false,
 * {@link #args()} is empty and {@link #argCount()} is empty: the number of arguments is unknown, not zero.
 *
 * @param arch         the architecture whose table this entry belongs to
 * @param number       the syscall number on that architecture
 * @param name         the name without prefix, as in {@code __NR_name} ("openat", "newfstatat")
 * @param args         the arguments in order (empty when unknown or when the call takes none)
 * @param hasPrototype whether {@link #args()} comes from a kernel prototype
 */
public record Syscall(Arch arch, int number, String name, List<SyscallArg> args, boolean hasPrototype) {

    /**
     * Copies the arguments and checks the parts.
     *
     * @param arch the architecture whose table it belongs to
     * @param number the syscall number on that architecture
     * @param name the name without prefix, as in {@code __NR_name}
     * @param args the arguments in order
     * @param hasPrototype whether {@code args} comes from a kernel prototype
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if the number is negative, or arguments are given without a prototype
     */
    public Syscall {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        if (number < 0) {
            throw new IllegalArgumentException("syscall number must not be negative: " + number);
        }
        if (!hasPrototype && !args.isEmpty()) {
            throw new IllegalArgumentException("arguments given for " + name + " without a prototype");
        }
    }

    /**
     * A syscall with a known prototype.
     *
     * @param arch the architecture whose table it belongs to
     * @param number the syscall number on that architecture
     * @param name the name without prefix, as in {@code __NR_name}
     * @param typesAndNames alternating C type and parameter name, one pair per argument
     * @return the syscall
     * @throws IllegalArgumentException if {@code typesAndNames} has an odd length
     */
    public static Syscall of(Arch arch, int number, String name, String... typesAndNames) {
        if (typesAndNames.length % 2 != 0) {
            throw new IllegalArgumentException("types and names must come in pairs for " + name);
        }
        List<SyscallArg> args = new ArrayList<>(typesAndNames.length / 2);
        for (int i = 0; i < typesAndNames.length; i += 2) {
            args.add(new SyscallArg(typesAndNames[i], typesAndNames[i + 1]));
        }
        return new Syscall(arch, number, name, args, true);
    }

    /**
     * {@return a syscall whose prototype the headers do not give}
     *
     * @param arch the architecture whose table it belongs to
     * @param number the syscall number on that architecture
     * @param name the name without prefix, as in {@code __NR_name}
     */
    public static Syscall withoutPrototype(Arch arch, int number, String name) {
        return new Syscall(arch, number, name, List.of(), false);
    }

    /** {@return the number of arguments, or empty when the prototype is unknown} */
    public OptionalInt argCount() {
        return hasPrototype ? OptionalInt.of(args.size()) : OptionalInt.empty();
    }

    /**
     * {@return a C-like signature, for example
     * {@code openat(int dfd, const char *filename, int flags, umode_t mode)}}
     */
    public String signature() {
        if (!hasPrototype) {
            return name + "(?)";
        }
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(args.get(i));
        }
        return sb.append(')').toString();
    }

    /** The name. */
    @Override
    public String toString() {
        return name;
    }
}
