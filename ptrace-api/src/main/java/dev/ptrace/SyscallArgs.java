package dev.ptrace;

/**
 * The six syscall argument registers, as raw 64-bit values.
 */
public record SyscallArgs(long a0, long a1, long a2, long a3, long a4, long a5) {

    /**
     * {@return argument {@code i}}
     *
     * @param i the argument's position, 0 to 5
     * @throws IllegalArgumentException for another index
     */
    public long get(int i) {
        switch (i) {
            case 0: return a0;
            case 1: return a1;
            case 2: return a2;
            case 3: return a3;
            case 4: return a4;
            case 5: return a5;
            default: throw new IllegalArgumentException("syscall argument index must be 0..5, was " + i);
        }
    }

    /**
     * {@return the arguments of a register snapshot taken at a syscall-entry stop}
     *
     * @param registers the snapshot
     */
    public static SyscallArgs of(Registers registers) {
        return new SyscallArgs(registers.syscallArg(0), registers.syscallArg(1), registers.syscallArg(2),
                registers.syscallArg(3), registers.syscallArg(4), registers.syscallArg(5));
    }
}
