package dev.ptrace;

import java.util.EnumSet;
import java.util.Set;

/** The {@code PTRACE_O_*} options (values from linux/ptrace.h). */
public enum PtraceOption {
    /** Syscall stops report {@code SIGTRAP|0x80}. Always set by the engine. */
    TRACESYSGOOD(0x1),
    /** Trace children created by fork(2). */
    TRACEFORK(0x2),
    /** Trace children created by vfork(2). */
    TRACEVFORK(0x4),
    /** Trace threads and children created by clone(2). */
    TRACECLONE(0x8),
    /** Stop at exec ({@code PTRACE_EVENT_EXEC}). Always set by the engine. */
    TRACEEXEC(0x10),
    /** Stop when a vfork child releases its parent. */
    TRACEVFORKDONE(0x20),
    /** Stop at exit, before the process is gone. */
    TRACEEXIT(0x40),
    /** Stop at {@code SECCOMP_RET_TRACE} verdicts. */
    TRACESECCOMP(0x80),
    /** Kill the tracee when the tracer thread exits. */
    EXITKILL(0x100000),
    /** Suspend the tracee's seccomp protections (needs CAP_SYS_ADMIN). */
    SUSPEND_SECCOMP(0x200000);

    private final int bit;

    PtraceOption(int bit) {
        this.bit = bit;
    }

    /** {@return the option's bit for {@code PTRACE_SETOPTIONS}} */
    public int bit() {
        return bit;
    }

    /**
     * {@return the bits of a set of options}
     *
     * @param options any options
     */
    public static int toBits(Set<PtraceOption> options) {
        int bits = 0;
        for (PtraceOption o : options) {
            bits |= o.bit;
        }
        return bits;
    }

    /**
     * {@return the options whose bits are set; unknown bits are ignored}
     *
     * @param bits a {@code PTRACE_SETOPTIONS} value
     */
    public static Set<PtraceOption> fromBits(int bits) {
        EnumSet<PtraceOption> set = EnumSet.noneOf(PtraceOption.class);
        for (PtraceOption o : values()) {
            if ((bits & o.bit) != 0) {
                set.add(o);
            }
        }
        return set;
    }

    /** {@return the options that follow every new child: fork, vfork and clone} */
    public static Set<PtraceOption> followChildren() {
        return EnumSet.of(TRACEFORK, TRACEVFORK, TRACECLONE);
    }
}
