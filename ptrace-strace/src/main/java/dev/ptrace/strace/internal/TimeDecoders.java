package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Time: clocks, sleeps, alarms and timers (strace's time sources). */
final class TimeDecoders extends DecoderGroup {

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "setitimer":
                return d(2, Result.DEC, A.enumv(0, ITIMER_WHICH, "ITIMER_"), A.in(1, TimeDecoders::itimerval),
                        A.out(2, TimeDecoders::itimerval));
            case "getitimer":
                return d(1, Result.DEC, A.enumv(0, ITIMER_WHICH, "ITIMER_"), A.out(1, TimeDecoders::itimerval));
            case "clock_settime":
                return d(A.enumv(0, CLOCK, "CLOCK_"), A.in(1, Structs::timespec));
            case "clock_getres":
                return d(1, Result.DEC, A.enumv(0, CLOCK, "CLOCK_"), A.out(1, Structs::timespec));
            case "timer_create":
                return d(2, Result.DEC, A.enumv(0, CLOCK, "CLOCK_"), A.in(1, TimeDecoders::sigevent),
                        A.out(2, Structs::intRef));
            case "timer_settime":
                return d(3, Result.DEC, A.i32(0), A.flags32(1, TIMER_FLAGS), A.in(2, TimeDecoders::itimerspec),
                        A.out(3, TimeDecoders::itimerspec));
            case "timer_gettime":
                return d(1, Result.DEC, A.i32(0), A.out(1, TimeDecoders::itimerspec));
            case "timerfd_create":
                return d(2, Result.FD, A.enumv(0, CLOCK, "CLOCK_"), A.flags32(1, TIMERFD_FLAGS));
            case "timerfd_settime":
                return d(3, Result.DEC, A.fd(0), A.flags32(1, TIMERFD_SETTIME_FLAGS),
                        A.in(2, TimeDecoders::itimerspec), A.out(3, TimeDecoders::itimerspec));
            case "timerfd_gettime":
                return d(1, Result.DEC, A.fd(0), A.out(1, TimeDecoders::itimerspec));
            case "nanosleep":
                return d(1, Result.DEC, A.in(0, Structs::timespec), TimeDecoders::remaining1);
            case "clock_nanosleep":
                return d(3, Result.DEC, A.enumv(0, CLOCK, "CLOCK_"),
                        A.flags32(1, TIMER_FLAGS),
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

    /** {@code struct itimerval}: two timevals. */
    static void itimerval(DecodeContext ctx, StringBuilder o, long addr) {
        interval(ctx, o, addr, Structs::timeval);
    }

    /** {@code struct itimerspec}: two timespecs. */
    static void itimerspec(DecodeContext ctx, StringBuilder o, long addr) {
        interval(ctx, o, addr, Structs::timespec);
    }

    /** An interval and a value, each a 16-byte time printed by {@code time}. */
    private static void interval(DecodeContext ctx, StringBuilder o, long addr, A.At time) {
        if (ctx.read(addr, 32) == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{it_interval=");
        time.print(ctx, o, addr);
        o.append(", it_value=");
        time.print(ctx, o, addr + 16);
        o.append('}');
    }

    /** {@code struct sigevent} (64-bit): the value (when not zero), the signal and how the timer notifies. */
    static void sigevent(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 24);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        long value = Bytes.getLong(b, 0);
        int signo = Bytes.getInt(b, 8);
        int notify = Bytes.getInt(b, 12);
        o.append('{');
        if (value != 0) { // strace leaves a zero value out
            o.append("sigev_value={sival_int=").append((int) value).append(", sival_ptr=");
            Fmt.hex(o, value);
            o.append("}, ");
        }
        o.append("sigev_signo=");
        if (signo == 0) {
            o.append('0');
        } else {
            Fmt.signal(ctx, o, signo);
        }
        o.append(", sigev_notify=");
        Fmt.enumValue(ctx, o, SIGEV_NOTIFY, notify, "SIGEV_");
        if (notify == 4) { // SIGEV_THREAD_ID
            o.append(", sigev_notify_thread_id=").append(Bytes.getInt(b, 16));
        }
        o.append('}');
    }
}
