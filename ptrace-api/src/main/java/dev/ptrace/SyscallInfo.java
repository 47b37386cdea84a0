package dev.ptrace;

/**
 * What {@code PTRACE_GET_SYSCALL_INFO} reports at a stop (struct ptrace_syscall_info, Linux 5.3+).
 *
 * @param op which kind of stop the kernel says this is
 * @param auditArch the {@code AUDIT_ARCH_*} of the syscall (tells 32-bit calls from 64-bit code)
 * @param instructionPointer the instruction pointer
 * @param stackPointer the stack pointer
 * @param number the syscall number (ENTRY and SECCOMP)
 * @param args the arguments (ENTRY and SECCOMP)
 * @param returnValue the return value, a negated errno when {@code isError} (EXIT)
 * @param isError whether the return value is an error (EXIT)
 * @param seccompData {@code SECCOMP_RET_DATA} of the filter's verdict (SECCOMP)
 */
public record SyscallInfo(Op op, int auditArch, long instructionPointer, long stackPointer, int number,
                          SyscallArgs args, long returnValue, boolean isError, int seccompData) {

    /** The kind of stop, as {@code PTRACE_SYSCALL_INFO_*} says. */
    public enum Op {
        /** Not a syscall stop. */
        NONE,
        /** Syscall-entry stop. */
        ENTRY,
        /** Syscall-exit stop. */
        EXIT,
        /** {@code PTRACE_EVENT_SECCOMP} stop. */
        SECCOMP
    }
}
