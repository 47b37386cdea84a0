package dev.ptrace;

/**
 * A software breakpoint in a tracee's process: the breakpoint instruction ({@code int3} on x86_64, {@code BRK #0}
 * on aarch64) written over the code at {@link #address()}, with the bytes it replaced kept for restoring.
 *
 * <p>Breakpoints belong to a process (its threads share the memory), not to one thread. Handles stay valid after
 * removal; {@link #isInserted()} then is false.
 */
public interface Breakpoint {

    /** {@return the address of the instruction the breakpoint replaces} */
    long address();

    /** {@return a copy of the bytes the breakpoint instruction replaced (1 byte on x86_64, 4 on aarch64)} */
    byte[] originalBytes();

    /** {@return whether the breakpoint is set and enabled: its instruction is meant to be in the tracee's memory} */
    boolean isEnabled();

    /**
     * Whether the breakpoint instruction is really in memory now. False after {@link #remove()} or
     * {@link #disable()}, and when the tracee replaced the page since (for example with {@code mmap(MAP_FIXED)});
     * {@link Breakpoints#refresh()} writes it again in that case.
     *
     * @return whether the breakpoint instruction is in memory
     */
    boolean isInserted();

    /** {@return how many times a thread of the process has hit this breakpoint} */
    long hitCount();

    /** Removes the breakpoint and restores the original bytes (unless the tracee replaced them meanwhile). */
    void remove();

    /** Restores the original bytes but keeps the breakpoint in the list, to be {@link #enable() enabled} again. */
    void disable();

    /** Writes the breakpoint instruction again after {@link #disable()}. */
    void enable();
}
