package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Signals: handlers, masks, sending (strace's signal sources). */
final class SignalDecoders extends DecoderGroup {
    /** A result that is a signal number: {@code 10 (SIGUSR1)}; strace keeps the name under {@code -X raw} too. */
    private static final Result SIGNAL_NUMBER = (c, o) -> {
        long n = c.returnValue();
        o.append(n);
        if (n > 0) {
            o.append(" (").append(n <= 64 ? dev.ptrace.Signal.of((int) n).name() : Long.toString(n)).append(')');
        }
    };

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "rt_sigaction":
                return d(2, Result.DEC, A.sig(0), A.in(1, Structs::sigaction), A.out(2, Structs::sigaction),
                        A.udec(3));
            case "rt_sigprocmask":
                return d(2, Result.DEC, A.enumv(0, SIGPROCMASK_HOW, "SIG_"),
                        (c, o) -> sigsetArg(c, o, 1, 3), sigsetOut(2, 3), A.udec(3));
            case "rt_sigpending":
                return d(0, Result.DEC, sigsetOut(0, 1), A.udec(1));
            case "rt_sigtimedwait":
                return d(1, SIGNAL_NUMBER, (c, o) -> sigsetArg(c, o, 0, 3), A.out(1, Structs::siginfo), A.in(2, Structs::timespec),
                        A.udec(3));
            case "rt_sigqueueinfo":
                return d(A.i32(0), A.sig(1), A.in(2, Structs::siginfo));
            case "rt_tgsigqueueinfo":
                return d(A.i32(0), A.i32(1), A.sig(2), A.in(3, Structs::siginfo));
            case "signalfd4":
                return d(4, Result.FD, A.fd(0), (c, o) -> sigsetArg(c, o, 1, 2), A.udec(2),
                        A.flags32(3, SIGNALFD_FLAGS));
            case "signalfd":
                return d(3, Result.FD, A.fd(0), (c, o) -> sigsetArg(c, o, 1, 2), A.udec(2));
            case "sigaltstack":
                return d(1, Result.DEC, A.in(0, SignalDecoders::stack), A.out(1, SignalDecoders::stack));
            case "rt_sigreturn":
                return (new SigreturnDecoder());
            case "rt_sigsuspend":
                return d((c, o) -> sigsetArg(c, o, 0, 1), A.udec(1));
            case "kill":
                return d(A.i32(0), A.sig(1));
            case "tkill":
                return d(A.i32(0), A.sig(1));
            case "tgkill":
                return d(A.i32(0), A.i32(1), A.sig(2));
            case "pause":
                return d();
            default:
                return null;
        }
    }

    /** A signal set the kernel fills: printed after a successful call, else its pointer. */
    private static Arg sigsetOut(int set, int size) {
        return (c, o) -> {
            if (c.succeeded()) {
                sigsetArg(c, o, set, size);
            } else {
                Fmt.ptr(o, c.arg(set));
            }
        };
    }

    /** {@code stack_t} (64-bit): {@code {ss_sp=..., ss_flags=SS_DISABLE, ss_size=...}}. */
    static void stack(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 24);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{ss_sp=");
        Fmt.ptr(o, Bytes.getLong(b, 0));
        o.append(", ss_flags=");
        Fmt.flags(ctx, o, SIGALTSTACK_FLAGS, Bytes.getInt(b, 8) & 0xffffffffL);
        o.append(", ss_size=").append(Long.toUnsignedString(Bytes.getLong(b, 16))).append('}');
    }

    static void sigsetArg(SyscallCall c, StringBuilder o, int set, int size) {
        long addr = c.arg(set);
        if (addr == 0) {
            o.append("NULL");
        } else {
            Structs.sigset(c.ctx, o, addr, c.arg(size));
        }
    }
}
