package dev.ptrace;

import java.util.List;

/**
 * An immutable snapshot of a tracee's general-purpose registers, with accessors by name and by role.
 *
 * <p>Changes are made on copies ({@link #with(String, long)} and friends) and written back with
 * {@link Tracee#setRegisters(Registers)}. {@link RegisterSet} is the implementation; this interface exists so
 * tests can mock it.
 */
public interface Registers {

    /** {@return the architecture whose register layout this is} */
    Arch arch();

    /** {@return the register names in register-set order} */
    default List<String> names() {
        return arch().registerNames();
    }

    /**
     * The value of a register by its kernel name ({@code "rax"}, {@code "x0"}, {@code "pc"}).
     *
     * @param name the register's name as in {@link #names()}
     * @return its value
     * @throws IllegalArgumentException if the architecture has no such register
     */
    long get(String name);

    /**
     * A copy with one register changed.
     *
     * @param name the register's name as in {@link #names()}
     * @param value its new value
     * @return the copy; this snapshot is unchanged
     * @throws IllegalArgumentException for an unknown name
     */
    Registers with(String name, long value);

    /** {@return the program counter ({@code rip} / {@code pc})} */
    long programCounter();

    /** {@return the stack pointer ({@code rsp} / {@code sp})} */
    long stackPointer();

    /** {@return the syscall number at a syscall stop ({@code orig_rax} / {@code x8})} */
    long syscallNumber();

    /**
     * {@return syscall argument {@code index} at a syscall-entry stop}
     *
     * @param index the argument's position, 0 to 5
     */
    long syscallArg(int index);

    /** {@return the return value register ({@code rax} / {@code x0}); at a syscall-exit stop, the syscall's result} */
    long returnValue();

    /**
     * {@return a copy with a different program counter}
     *
     * @param value the new program counter
     */
    Registers withProgramCounter(long value);

    /**
     * {@return a copy with a different syscall number (-1 skips the syscall when written at its entry stop)}
     *
     * @param value the new syscall number
     */
    Registers withSyscallNumber(long value);

    /**
     * {@return a copy with syscall argument {@code index} changed}
     *
     * @param index the argument's position, 0 to 5
     * @param value its new value
     */
    Registers withSyscallArg(int index, long value);

    /**
     * {@return a copy with a different return value (write at a syscall-exit stop to change the result)}
     *
     * @param value the new return value, a negated errno to make the syscall fail
     */
    Registers withReturnValue(long value);
}
