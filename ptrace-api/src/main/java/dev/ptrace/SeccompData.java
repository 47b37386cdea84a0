package dev.ptrace;

/**
 * What a seccomp filter saw for the syscall that stopped the tracee at a {@link PtraceEvent#SECCOMP} stop
 * ({@code struct seccomp_data}, plus the data of the filter's verdict).
 *
 * @param number the syscall number
 * @param auditArch the {@code AUDIT_ARCH_*} of the call
 * @param instructionPointer the address of the syscall instruction's successor
 * @param args the six arguments
 * @param retData {@code SECCOMP_RET_DATA} of the {@code SECCOMP_RET_TRACE} verdict (16 bits)
 */
public record SeccompData(int number, int auditArch, long instructionPointer, SyscallArgs args, int retData) {

    /** {@return the architecture of {@link #auditArch()}, if it is one this library supports} */
    public java.util.Optional<Arch> arch() {
        return Arch.ofAuditArch(auditArch);
    }
}
