package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Time: clocks, sleeps, alarms and timers (strace's time sources). */
final class TimeDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "nanosleep":
                return d(1, Result.DEC, A.in(0, Structs::timespec), TimeDecoders::remaining1);
            case "clock_nanosleep":
                return d(3, Result.DEC, A.enumv(0, CLOCK, "CLOCK_"),
                        (c, o) -> o.append(c.arg(1) == 1 ? "TIMER_ABSTIME" : Long.toString(c.arg(1))),
                        A.in(2, Structs::timespec), (c, o) -> {
                            if (c.isError() && c.arg(3) != 0) {
                                Structs.timespec(c.ctx, o, c.arg(3));
                            } else {
                                Fmt.ptr(o, c.arg(3));
                            }
                        });
            case "clock_gettime":
                return d(1, Result.DEC, A.enumv(0, CLOCK, "CLOCK_"), A.out(1, Structs::timespec));
            case "alarm":
                return d(A.u32(0));
            default:
                return null;
        }
    }

    static void remaining1(SyscallCall c, StringBuilder o) {
        if (c.isError() && c.arg(1) != 0) {
            Structs.timespec(c.ctx, o, c.arg(1));
        } else {
            Fmt.ptr(o, c.arg(1));
        }
    }
}
