/** Syscall, errno, signal and constant tables generated from the Linux headers. The generated classes behind
 * {@link dev.ptrace.syscalls.SyscallTable} and {@link dev.ptrace.syscalls.Constants} are not exported. */
module dev.ptrace.syscalls {
    requires transitive dev.ptrace.api;
    exports dev.ptrace.syscalls;
}
