package dev.ptrace;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A CPU architecture a tracee can run on, with what the engine needs to read its registers and syscalls.
 *
 * <p>Register names are the kernel's: {@code struct user_regs_struct} for x86_64 and
 * {@code struct user_pt_regs} for aarch64, in the order of the {@code NT_PRSTATUS} register set.
 */
public enum Arch {
    /** 64-bit x86 ({@code AUDIT_ARCH_X86_64}). */
    X86_64(0xC000003E,
            List.of("r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx",
                    "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es",
                    "fs", "gs"),
            "rip", "rsp", "orig_rax", "rax", List.of("rdi", "rsi", "rdx", "r10", "r8", "r9")),
    /** 64-bit ARM ({@code AUDIT_ARCH_AARCH64}). */
    AARCH64(0xC00000B7,
            List.of("x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
                    "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28",
                    "x29", "x30", "sp", "pc", "pstate"),
            "pc", "sp", "x8", "x0", List.of("x0", "x1", "x2", "x3", "x4", "x5"));

    private final int auditArch;
    private final List<String> registerNames;
    private final int pc;
    private final int sp;
    private final int syscallNumber;
    private final int returnValue;
    private final int[] syscallArgs;

    Arch(int auditArch, List<String> registerNames, String pc, String sp, String syscallNumber,
         String returnValue, List<String> syscallArgs) {
        this.auditArch = auditArch;
        this.registerNames = registerNames;
        this.pc = registerNames.indexOf(pc);
        this.sp = registerNames.indexOf(sp);
        this.syscallNumber = registerNames.indexOf(syscallNumber);
        this.returnValue = registerNames.indexOf(returnValue);
        this.syscallArgs = syscallArgs.stream().mapToInt(registerNames::indexOf).toArray();
    }

    /** {@return the {@code AUDIT_ARCH_*} value that {@code PTRACE_GET_SYSCALL_INFO} and seccomp report} */
    public int auditArch() {
        return auditArch;
    }

    /** {@return the register names in register-set order} */
    public List<String> registerNames() {
        return registerNames;
    }

    /** {@return the size in bytes of the general-purpose register set ({@code NT_PRSTATUS})} */
    public int registerSetSize() {
        return registerNames.size() * Long.BYTES;
    }

    /**
     * {@return the index of a register in register-set order, or -1}
     *
     * @param name the register's kernel name, e.g. {@code "rax"} or {@code "x0"}
     */
    public int registerIndex(String name) {
        return registerNames.indexOf(name);
    }

    int programCounterIndex() {
        return pc;
    }

    int stackPointerIndex() {
        return sp;
    }

    int syscallNumberIndex() {
        return syscallNumber;
    }

    int returnValueIndex() {
        return returnValue;
    }

    int syscallArgIndex(int i) {
        if (i < 0 || i >= syscallArgs.length) {
            throw new IllegalArgumentException("syscall argument index must be 0..5, was " + i);
        }
        return syscallArgs[i];
    }

    /**
     * {@return the architecture of an {@code AUDIT_ARCH_*} value, if it is one this library supports}
     *
     * @param auditArch the value, as {@link SyscallInfo#auditArch()} reports it
     */
    public static Optional<Arch> ofAuditArch(int auditArch) {
        for (Arch a : values()) {
            if (a.auditArch == auditArch) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * {@return the architecture of an {@code os.arch} value, if supported}
     *
     * @param osArch the value of the {@code os.arch} system property: "amd64", "x86_64", "aarch64" ...
     */
    public static Optional<Arch> ofOsArch(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return Optional.of(X86_64);
            case "aarch64":
            case "arm64":
                return Optional.of(AARCH64);
            default:
                return Optional.empty();
        }
    }

    /**
     * The architecture of the running JVM.
     *
     * @return the architecture
     * @throws UnsupportedOperationException on an architecture this library does not support
     */
    public static Arch current() {
        String osArch = System.getProperty("os.arch", "");
        return ofOsArch(osArch).orElseThrow(() -> new UnsupportedOperationException(
                "ptrace-java supports x86_64 and aarch64; this JVM runs on '" + osArch + "'"));
    }
}
