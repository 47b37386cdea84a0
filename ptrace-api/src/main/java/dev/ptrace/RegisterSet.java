package dev.ptrace;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * The register snapshot of one architecture: one 64-bit value per name of {@link Arch#registerNames()}.
 *
 * @param arch the architecture
 * @param values register values in register-set order (copied in and out)
 */
public record RegisterSet(Arch arch, long[] values) implements Registers {

    /**
     * Copies the values.
     *
     * @param arch the architecture whose register layout this is
     * @param values register values in register-set order
     * @throws IllegalArgumentException if the number of values does not match the architecture
     */
    public RegisterSet {
        if (values.length != arch.registerNames().size()) {
            throw new IllegalArgumentException(arch + " has " + arch.registerNames().size()
                    + " registers, got " + values.length + " values");
        }
        values = values.clone();
    }

    /** {@return a copy of the values in register-set order} */
    @Override
    public long[] values() {
        return values.clone();
    }

    /**
     * {@return the value at a register-set index}
     *
     * @param index the position in {@link Arch#registerNames()}
     */
    public long get(int index) {
        return values[index];
    }

    @Override
    public long get(String name) {
        return values[indexOf(name)];
    }

    @Override
    public RegisterSet with(String name, long value) {
        return withIndex(indexOf(name), value);
    }

    @Override
    public long programCounter() {
        return values[arch.programCounterIndex()];
    }

    @Override
    public long stackPointer() {
        return values[arch.stackPointerIndex()];
    }

    @Override
    public long syscallNumber() {
        return values[arch.syscallNumberIndex()];
    }

    @Override
    public long syscallArg(int index) {
        return values[arch.syscallArgIndex(index)];
    }

    @Override
    public long returnValue() {
        return values[arch.returnValueIndex()];
    }

    @Override
    public RegisterSet withProgramCounter(long value) {
        return withIndex(arch.programCounterIndex(), value);
    }

    @Override
    public RegisterSet withSyscallNumber(long value) {
        return withIndex(arch.syscallNumberIndex(), value);
    }

    @Override
    public RegisterSet withSyscallArg(int index, long value) {
        return withIndex(arch.syscallArgIndex(index), value);
    }

    @Override
    public RegisterSet withReturnValue(long value) {
        return withIndex(arch.returnValueIndex(), value);
    }

    private RegisterSet withIndex(int index, long value) {
        long[] copy = values.clone();
        copy[index] = value;
        return new RegisterSet(arch, copy);
    }

    private int indexOf(String name) {
        int i = arch.registerIndex(name);
        if (i < 0) {
            throw new IllegalArgumentException(arch + " has no register '" + name + "'; it has "
                    + arch.registerNames());
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegisterSet r && r.arch == arch && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return arch.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", arch + "{", "}");
        for (int i = 0; i < values.length; i++) {
            j.add(arch.registerNames().get(i) + "=0x" + Long.toHexString(values[i]));
        }
        return j.toString();
    }
}
