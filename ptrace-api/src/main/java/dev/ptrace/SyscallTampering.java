package dev.ptrace;

/**
 * Changes the syscall a tracee is stopped in: its arguments and number at the entry stop (or a
 * {@link PtraceEvent#SECCOMP} stop), its result at the exit stop.
 *
 * <p>Where the kernel has {@code PTRACE_SET_SYSCALL_INFO} (Linux 6.16+) it is used; otherwise the registers are
 * written: on x86_64 {@code orig_rax} for the number, the argument registers and {@code rax}; on aarch64 the
 * argument registers, {@code x0} for the result, and {@code NT_ARM_SYSTEM_CALL} for the number (writing x8 does not
 * change the call). On aarch64 x0 is both the first argument and the result, so the first argument can only be
 * changed at the entry stop.
 *
 * <p>Each method checks the stop it needs and throws {@link IllegalStateException} at another one.
 */
public interface SyscallTampering {

    /**
     * {@return whether this kernel takes {@code PTRACE_SET_SYSCALL_INFO} (probed on first use; false before any use)}
     */
    boolean usesSetSyscallInfo();

    /**
     * Changes argument {@code index} at the entry or seccomp stop.
     *
     * @param index the argument's position, 0 to 5
     * @param value its new value
     */
    void setArg(int index, long value);

    /**
     * Changes the syscall number at the entry or seccomp stop; -1 skips the call.
     *
     * @param number a syscall number of the tracee's architecture, or -1
     */
    void setNumber(int number);

    /**
     * Skips the syscall (number -1) at the entry or seccomp stop. The kernel then reports {@code -ENOSYS} at the exit
     * stop, where {@link #setResult(long)} or {@link #fail(Errno)} can set what the tracee sees.
     */
    void skip();

    /**
     * Sets the return value at the exit stop.
     *
     * @param value what the tracee sees the call return; a negated errno for a failure
     */
    void setResult(long value);

    /**
     * Makes the syscall fail with {@code errno} at the exit stop (the return value {@code -errno}).
     *
     * @param errno the error the tracee sees
     */
    void fail(Errno errno);

    /**
     * {@link #fail(Errno)} by number.
     *
     * @param errno the error number, 1 to 4095
     */
    void fail(int errno);
}
