package dev.ptrace;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The software breakpoints of a tracee's process, and how to find addresses to break at.
 *
 * <h2>Hits</h2>
 * A thread that runs into a breakpoint reports a {@link Stop.SignalDelivery} of {@code SIGTRAP}. The engine
 * recognises its own breakpoints there: it rewinds the program counter to the breakpoint's address (on x86_64 the
 * CPU leaves it one byte further), counts the hit, and makes {@link #isHit()} and {@link #current()} answer for
 * that stop. The {@code SIGTRAP} is never delivered to the tracee. Resuming the thread in any way
 * ({@link Tracee#cont()}, {@link Tracee#syscall()}, {@link Tracee#singleStep()}, {@link #stepOver()}) first steps
 * over the breakpoint: restore the original bytes, single-step, insert the breakpoint again, then resume as asked.
 * So a loop hits the same breakpoint again on its next turn. If something else stops the thread during that step
 * (a signal, a fork or exec event, the end), that stop is reported instead and the thread is not resumed.
 * While the step runs, other threads of the process could run through the restored bytes without a hit.
 *
 * <h2>Writes</h2>
 * Breakpoints are written with {@link Memory#write(long, byte[])}, which falls back to {@code /proc/<pid>/mem}
 * and {@code PTRACE_POKEDATA}, so read-only program text can be written. Bytes are written one breakpoint at a
 * time, never whole words, so two breakpoints in one word keep each other's original bytes right.
 *
 * <h2>Children and exec</h2>
 * A child made by {@code fork} inherits the breakpoint instructions but not this bookkeeping. When the child is
 * traced too, the engine removes the inherited instructions from its memory at its first stop, so it runs clean
 * (set breakpoints on the child's own {@code breakpoints()} if you want them there). A child that shares the
 * parent's memory ({@code vfork}, {@code clone(CLONE_VM)}) shares its breakpoints until it execs. A child that is
 * not traced keeps the instructions and dies of {@code SIGTRAP} if it runs into one: trace children
 * ({@link PtraceOption#followChildren()}) when breakpoints are set in a process that forks. After an
 * {@code execve} the process has new memory and no breakpoints.
 */
public interface Breakpoints {

    /**
     * Sets a breakpoint at {@code address}; returns the one already there if any. The tracee may be running.
     *
     * @param address the address of the first byte of an instruction
     * @return the breakpoint
     * @throws TraceeMemoryException if the address cannot be read or written
     */
    Breakpoint set(long address);

    /**
     * Removes the breakpoint at {@code address} and restores its bytes.
     *
     * @param address the breakpoint's address
     * @return whether there was one
     */
    boolean remove(long address);

    /** Removes every breakpoint of the process. */
    void clear();

    /** {@return the breakpoints of the process, in address order} */
    List<Breakpoint> list();

    /**
     * {@return the breakpoint at {@code address}, if any}
     *
     * @param address any address
     */
    Optional<Breakpoint> at(long address);

    /** {@return whether this thread's current stop is a hit of one of these breakpoints} */
    boolean isHit();

    /** {@return the breakpoint this thread's current stop hit, if it is such a stop} */
    Optional<Breakpoint> current();

    /**
     * At a breakpoint hit: steps over the breakpoint (original bytes back, one instruction, breakpoint back) and
     * continues with {@code PTRACE_CONT}. The same as {@link Tracee#cont()} at a hit.
     *
     * @throws IllegalStateException if this thread is not stopped at a breakpoint hit
     */
    void stepOver();

    /**
     * Writes again every enabled breakpoint whose instruction is no longer in memory because the tracee replaced
     * its page (munmap and mmap, {@code mmap(MAP_FIXED)}), provided the bytes there are still the original ones.
     * A breakpoint whose address now holds different code is disabled instead, never written over.
     *
     * @return the breakpoints written again
     */
    List<Breakpoint> refresh();

    /**
     * The run-time address of the entry point of the tracee's executable: {@code e_entry} of the ELF file
     * ({@code /proc/<pid>/exe}) plus the load base found in {@link Tracee#memoryMaps()}.
     *
     * @return the entry point's address
     * @throws PtraceException if the executable cannot be read or is not mapped
     */
    long entryPoint();

    /**
     * The run-time address of a symbol in a mapped ELF file, from its {@code .symtab} or {@code .dynsym}.
     *
     * @param file the mapped file: a full path, or a file name such as {@code "libc.so.6"} (a path ending in
     *     {@code "/" + file}); the first mapped file that matches is searched
     * @param symbol the symbol name without version, e.g. {@code "readdir64"}
     * @return empty if no such file is mapped or it has no such defined symbol
     */
    OptionalLong addressOf(String file, String symbol);
}
