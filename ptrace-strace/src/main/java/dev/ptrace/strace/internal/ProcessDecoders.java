package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Processes, threads and credentials: ids, creation, exec, exit, waiting, limits, futexes, prctl. */
final class ProcessDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "getpid": case "getppid": case "getuid": case "geteuid": case "getgid": case "getegid": case "gettid": case "fork": case "vfork": case "setsid": case "getpgrp": case "sched_yield":
                return d();
            case "execve":
                return (new ArgListDecoder(new Arg[] {A.path(0), (c, o) -> Structs.stringArray(c.ctx, o, c.arg(1)),
                    (c, o) -> Structs.envCount(c.ctx, o, c.arg(2))}, 3, Result.DEC));
            case "exit_group":
                return d(A.i32(0));
            case "exit":
                return d(A.i32(0));
            case "clone":
                return (new CloneDecoder());
            case "clone3":
                return new Clone3Decoder();
            case "wait4":
                return d(1, Result.DEC, A.i32(0), (c, o) -> {
                    if (c.succeeded() && c.returnValue() > 0 && c.arg(1) != 0) {
                        Structs.waitStatus(c.ctx, o, c.arg(1));
                    } else {
                        Fmt.ptr(o, c.arg(1));
                    }
                }, A.flags(2, WAIT_OPTIONS), A.ptr(3));
            case "set_tid_address":
                return d(A.ptr(0));
            case "set_robust_list":
                return d(A.ptr(0), A.udec(1));
            case "rseq":
                return d(A.ptr(0), A.hex(1), A.i32(2), A.hex(3));
            case "ptrace":
                return d((c, o) -> {
                    Fmt.enumValue(c.ctx, o, PTRACE_REQUEST, c.arg(0) & 0xffffffffL, "PTRACE_");
                    if (c.arg(0) != 0) { // all but PTRACE_TRACEME take a pid, an address and data
                        o.append(", ").append((int) c.arg(1)).append(", ");
                        Fmt.ptr(o, c.arg(2));
                        o.append(", ");
                        Fmt.ptr(o, c.arg(3));
                    }
                });
            case "sched_getscheduler":
                return d(1, (c, o) -> {
                    o.append(c.returnValue());
                    String policy = c.ctx.xlat(SCHED_POLICY).name(c.returnValue());
                    if (policy != null) {
                        o.append(" (").append(policy).append(')');
                    }
                }, A.i32(0));
            case "sched_get_priority_max": case "sched_get_priority_min":
                return d(A.enumv(0, SCHED_POLICY, "SCHED_"));
            case "sched_getparam":
                return d(1, Result.DEC, A.i32(0), A.out(1, Structs::intRef));
            case "sched_getaffinity":
                return d(2, Result.DEC, A.i32(0), A.udec(1), (c, o) -> {
                    int n = (int) Math.min(c.returnValue(), 1024); // bytes of mask the kernel wrote
                    byte[] b = c.succeeded() && n > 0 ? c.ctx.read(c.arg(2), n) : null;
                    if (b == null) {
                        Fmt.ptr(o, c.arg(2));
                    } else {
                        Structs.bitList(o, b, n * 8);
                    }
                });
            case "getrusage":
                return d(1, Result.DEC, A.enumv(0, RUSAGE_WHO, "RUSAGE_"), A.out(1, Structs::rusage));
            case "waitid":
                return d(2, Result.DEC, A.enumv(0, WAITID_TYPE, "P_"), A.i32(1), A.out(2, ProcessDecoders::waitSiginfo),
                        A.flags32(3, WAIT_OPTIONS), A.out(4, Structs::rusage));
            case "getresuid": case "getresgid":
                return d(0, Result.DEC, A.out(0, Structs::intRef), A.out(1, Structs::intRef),
                        A.out(2, Structs::intRef));
            case "setgroups":
                return d(A.i32(0), (c, o) -> Structs.intArray(c.ctx, o, c.arg(1), (int) c.arg(0)));
            case "getgroups":
                return d(1, Result.DEC, A.i32(0), (c, o) -> {
                    if (c.succeeded() && (int) c.arg(0) != 0) {
                        Structs.intArray(c.ctx, o, c.arg(1), c.returnValue());
                    } else {
                        Fmt.ptr(o, c.arg(1));
                    }
                });
            case "prlimit64":
                return d(3, Result.DEC, A.i32(0), A.enumv(1, RLIMIT, "RLIMIT_"), A.in(2, Structs::rlimit),
                        A.out(3, Structs::rlimit));
            case "getrlimit":
                return d(1, Result.DEC, A.enumv(0, RLIMIT, "RLIMIT_"), A.out(1, Structs::rlimit));
            case "setrlimit":
                return d(A.enumv(0, RLIMIT, "RLIMIT_"), A.in(1, Structs::rlimit));
            case "futex":
                return (new FutexDecoder());
            case "arch_prctl":
                return d((c, o) -> Fmt.enumValue(c.ctx, o, ARCH_PRCTL, c.arg(0), "ARCH_"), A.hex(1));
            case "prctl":
                return new PrctlDecoder();
            default:
                return null;
        }
    }

    /** waitid's siginfo: {@code {}} when no child was waitable (WNOHANG), else the child's. */
    private static void waitSiginfo(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] signo = ctx.read(addr, 4);
        if (signo != null && Bytes.getInt(signo, 0) == 0) {
            o.append("{}");
        } else {
            Structs.siginfo(ctx, o, addr);
        }
    }
}
