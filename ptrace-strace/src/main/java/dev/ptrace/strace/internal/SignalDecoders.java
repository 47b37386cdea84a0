package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Signals: handlers, masks, sending (strace's signal sources). */
final class SignalDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "rt_sigaction":
                return d(2, Result.DEC, A.sig(0), A.in(1, Structs::sigaction), A.out(2, Structs::sigaction),
                        A.udec(3));
            case "rt_sigprocmask":
                return d(2, Result.DEC, A.enumv(0, SIGPROCMASK_HOW, "SIG_"),
                        (c, o) -> sigsetArg(c, o, 1, 3), (c, o) -> {
                            if (c.succeeded()) {
                                sigsetArg(c, o, 2, 3);
                            } else {
                                Fmt.ptr(o, c.arg(2));
                            }
                        }, A.udec(3));
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

    static void sigsetArg(SyscallCall c, StringBuilder o, int set, int size) {
        long addr = c.arg(set);
        if (addr == 0) {
            o.append("NULL");
        } else {
            Structs.sigset(c.ctx, o, addr, c.arg(size));
        }
    }
}
