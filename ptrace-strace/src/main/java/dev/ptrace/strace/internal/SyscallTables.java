package dev.ptrace.strace.internal;

import dev.ptrace.Arch;
import dev.ptrace.syscalls.SyscallArg;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the decoders need from the syscall tables of one architecture: names and numbers of syscalls, their
 * argument counts, and the named constants of each {@link ConstantFamily}. Kept small so that the source of the
 * tables can change without touching the decoders.
 */
public interface SyscallTables {

    /** The architecture these tables describe. */
    Arch arch();

    /** The syscall's name, or {@code syscall_0x<hex>} for an unknown number (as strace prints it). */
    String syscallName(int number);

    /** The number of a syscall by name. */
    OptionalInt syscallNumber(String name);

    /** All syscall names of this architecture. */
    Collection<String> syscallNames();

    /** The kernel prototype's arguments of a syscall, or null when the headers give none. */
    List<SyscallArg> prototype(int number);

    /** The number of arguments the syscall takes, or 6 when unknown. */
    int argumentCount(int number);

    /** The constants of a family, in print order; empty when the tables have none. */
    Xlat constants(ConstantFamily family);

    /** The tables for an architecture. */
    static SyscallTables of(Arch arch) {
        return TablesHolder.get(arch);
    }

    /** The name strace gives an unknown syscall number. */
    static String unknownName(int number) {
        return "syscall_0x" + Integer.toHexString(number);
    }
}
