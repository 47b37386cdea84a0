package dev.ptrace.strace.internal;

import dev.ptrace.strace.ConstantStyle;

import dev.ptrace.Arch;
import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;

/** Prints a siginfo the way strace does: {@code {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4, ...}}. */
public final class SiginfoFormat {
    private static final String[] CLD = {null, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED",
        "CLD_STOPPED", "CLD_CONTINUED"};
    private static final String[] SEGV = {null, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR"};
    private static final String[] BUS = {null, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR",
        "BUS_MCEERR_AO"};
    private static final String[] ILL = {null, "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP",
        "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK"};
    private static final String[] FPE = {null, "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF",
        "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB"};
    private static final String[] TRAP = {null, "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT"};
    private static final String[] POLL = {null, "POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI",
        "POLL_HUP"};

    private SiginfoFormat() {
    }

    /** Appends the braces and their fields, names printed as {@code style} says ({@code -X}). */
    public static void append(StringBuilder out, SignalInfo info, ConstantStyle style) {
        Signal sig = info.signal();
        int code = info.code();
        out.append("{si_signo=");
        Fmt.styled(style, out, sig.number(), sig.name(), false);
        out.append(", si_code=");
        String generic = genericCode(code);
        if (generic != null) {
            Fmt.styled(style, out, code & 0xffffffffL, generic, true);
            if (code == SignalInfo.SI_KERNEL) {
                if (isFault(sig)) {
                    out.append(", si_addr=");
                    Fmt.ptr(out, info.address());
                }
            } else {
                out.append(", si_pid=").append(info.pid()).append(", si_uid=").append(info.uid());
                if (code == SignalInfo.SI_QUEUE || code == -2) {
                    out.append(", si_int=").append((int) info.value()).append(", si_ptr=");
                    Fmt.ptr(out, info.value());
                }
            }
            out.append('}');
            return;
        }
        String specific = specificCode(sig, code);
        if (specific != null) {
            Fmt.styled(style, out, code & 0xffffffffL, specific, true);
        } else {
            out.append(code);
        }
        if (sig.equals(Signal.SIGCHLD)) {
            out.append(", si_pid=").append(info.pid()).append(", si_uid=").append(info.uid())
                    .append(", si_status=");
            if (code == 1) {
                out.append(info.status());
            } else if (info.status() > 0 && info.status() <= 64) {
                Fmt.styled(style, out, info.status(), Signal.of(info.status()).name(), false);
            } else {
                out.append(info.status());
            }
            out.append(", si_utime=");
            Fmt.clockTicks(style, out, info.userTime());
            out.append(", si_stime=");
            Fmt.clockTicks(style, out, info.systemTime());
        } else if (sig.equals(Signal.SIGSYS)) {
            out.append(", si_call_addr=");
            Fmt.ptr(out, info.address());
            out.append(", si_syscall=");
            Arch arch = Arch.ofAuditArch(info.auditArch()).orElse(null);
            if (arch != null) {
                out.append("__NR_").append(SyscallTables.of(arch).syscallName(info.syscall()));
            } else {
                out.append(info.syscall());
            }
            out.append(", si_arch=");
            out.append(arch == Arch.X86_64 ? "AUDIT_ARCH_X86_64" : arch == Arch.AARCH64 ? "AUDIT_ARCH_AARCH64"
                    : "0x" + Integer.toHexString(info.auditArch()));
        } else if (isFault(sig)) {
            out.append(", si_addr=");
            Fmt.ptr(out, info.address());
        }
        out.append('}');
    }

    private static boolean isFault(Signal s) {
        int n = s.number();
        return n == 4 || n == 5 || n == 7 || n == 8 || n == 11;
    }

    private static String genericCode(int code) {
        switch (code) {
            case 0: return "SI_USER";
            case 0x80: return "SI_KERNEL";
            case -1: return "SI_QUEUE";
            case -2: return "SI_TIMER";
            case -3: return "SI_MESGQ";
            case -4: return "SI_ASYNCIO";
            case -5: return "SI_SIGIO";
            case -6: return "SI_TKILL";
            default: return null;
        }
    }

    private static String specificCode(Signal sig, int code) {
        String[] table;
        switch (sig.number()) {
            case 17: table = CLD; break;
            case 11: table = SEGV; break;
            case 7: table = BUS; break;
            case 4: table = ILL; break;
            case 8: table = FPE; break;
            case 5: table = TRAP; break;
            case 29: table = POLL; break;
            case 31: return code == 1 ? "SYS_SECCOMP" : null;
            default: return null;
        }
        return code > 0 && code < table.length ? table[code] : null;
    }
}
