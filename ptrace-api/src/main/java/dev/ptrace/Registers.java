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

    /** Register names in register-set order. */
    default List<String> names() {
        return arch().registerNames();
    }

    /**
     * The value of a register by its kernel name ({@code "rax"}, {@code "x0"}, {@code "pc"}).
     *
     * @throws IllegalArgumentException if the architecture has no such register
     */
    long get(String name);

    /** A copy with one register changed. @throws IllegalArgumentException for an unknown name */
    Registers with(String name, long value);

    /** {@return the program counter ({@code rip} / {@code pc})} */
    long programCounter();

    /** {@return the stack pointer ({@code rsp} / {@code sp})} */
    long stackPointer();

    /** {@return the syscall number at a syscall stop ({@code orig_rax} / {@code x8})} */
    long syscallNumber();

    /** Syscall argument {@code index} (0..5) at a syscall-entry stop. */
    long syscallArg(int index);

    /** {@return the return value register ({@code rax} / {@code x0}); at a syscall-exit stop, the syscall's result} */
    long returnValue();

    /** {@return a copy with a different program counter} */
    Registers withProgramCounter(long value);

    /** {@return a copy with a different syscall number (-1 skips the syscall when written at its entry stop)} */
    Registers withSyscallNumber(long value);

    /** {@return a copy with syscall argument {@code index} (0..5) changed} */
    Registers withSyscallArg(int index, long value);

    /** {@return a copy with a different return value (write at a syscall-exit stop to change the result)} */
    Registers withReturnValue(long value);
}
