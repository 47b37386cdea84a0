/**
 * Syscall, errno, signal and constant tables for x86_64 and aarch64, generated from the Linux headers.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link dev.ptrace.syscalls.SyscallTable}: {@code SyscallTable.of(arch)} answers which
 *       {@link dev.ptrace.syscalls.Syscall} a number is ({@code byNumber}), the number of a name
 *       ({@code byName}), and {@code all()}. Unknown numbers are answered, not thrown: {@code nameOf(0x1c8)}
 *       is {@code syscall_0x1c8}, as strace prints it. {@code ofAuditArch(int)} maps the {@code AUDIT_ARCH_*}
 *       value of {@code PTRACE_GET_SYSCALL_INFO} to a table.</li>
 *   <li>{@link dev.ptrace.syscalls.Syscall}: number, name, and the arguments (C type and name,
 *       {@link dev.ptrace.syscalls.SyscallArg}) of the kernel prototype. A syscall with no prototype in the
 *       headers (only unimplemented x86_64 slots such as {@code tuxcall}) has an empty {@code argCount()}:
 *       unknown, which is not the same as zero.</li>
 *   <li>{@link dev.ptrace.syscalls.Constants}: per-arch {@link dev.ptrace.syscalls.ConstantFamily} lists
 *       (open flags, {@code AT_*}, {@code PROT_*}, {@code MAP_*}, clone flags, wait options, fcntl commands,
 *       socket families and types, seccomp, ptrace requests/options/events, signals) with strace-style
 *       formatting of bitmasks and values.</li>
 *   <li>{@link dev.ptrace.syscalls.Errnos}: reading {@code -errno} return values. The errno table is
 *       {@link dev.ptrace.Errno} in the API, generated from the same headers and not duplicated here.</li>
 * </ul>
 * Architectures are {@link dev.ptrace.Arch} from the API; this module adds no second Arch type.
 *
 * <h2>How the tables are made</h2>
 * The classes in {@code dev.ptrace.syscalls.generated} and {@code dev.ptrace.Errno} are written by the
 * {@code codegen} module and committed, so the normal build needs no kernel headers. Run
 * {@code mvn -pl codegen compile exec:java} from the project root to regenerate them; the headers used are
 * recorded in each file's first line and in {@code codegen/KERNEL_VERSION}. Sources:
 * <ul>
 *   <li>syscall numbers: x86_64 {@code asm/unistd_64.h} (Debian {@code linux-libc-dev}); aarch64
 *       {@code asm/unistd.h} with {@code asm-generic/unistd.h} ({@code linux-libc-dev-arm64-cross}), read
 *       with a small preprocessor so {@code #ifdef __ARCH_WANT_*}, the {@code __NR3264_*} aliases
 *       (aarch64 79 is {@code newfstatat}) and the {@code __SYSCALL}/{@code __SC_*} entry forms come out as
 *       the kernel compiles them;</li>
 *   <li>argument names and types: the {@code sys_*} prototypes of the kernel's
 *       {@code include/linux/syscalls.h} ({@code linux-headers-<version>-common}), matched through the entry
 *       point the header names, then {@code sys_new<name>}, then {@code sys_<name>}; a few arch-specific
 *       prototypes that no installed header declares ({@code mmap}, {@code rt_sigreturn},
 *       {@code arch_prctl} ...) are bundled with the generator;</li>
 *   <li>errno: {@code asm-generic/errno-base.h}, {@code asm-generic/errno.h} and the kernel-internal codes of
 *       {@code include/linux/errno.h} (ERESTARTSYS 512 and up), messages from the header comments;</li>
 *   <li>constants and signals: the uapi headers of each arch; socket families and types from the kernel's
 *       {@code include/linux/socket.h} and {@code include/linux/net.h}, which uapi lacks.</li>
 * </ul>
 * Generated types carry {@link dev.ptrace.syscalls.Generated} (class retention, so coverage tools skip them).
 * Signal numbers are the kernel's: SIGRTMIN is 32 on both architectures (glibc's 34 is a user-space convention).
 */
package dev.ptrace.syscalls;
