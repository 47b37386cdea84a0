package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;
import dev.ptrace.Tracee;
import org.junit.jupiter.api.Test;

/** The siginfo of a {@code --- SIG... ---} line under {@code -X}: the lines strace 6.1 prints for the same signals. */
class SignalEventStyleTest {
    private static String line(Signal s, int code, ConstantStyle style) {
        Tracee t = mock(Tracee.class);
        when(t.pid()).thenReturn(7);
        return new SignalEvent(t, 0, s, new SignalInfo(s, 0, code, 7, 0, 0, 0, 0, 0, 0), false, style).toString();
    }

    @Test
    void tkillUnderEachStyle() {
        assertEquals("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=7, si_uid=0} ---",
                line(Signal.SIGUSR1, -6, ConstantStyle.ABBREV));
        assertEquals("--- SIGUSR1 {si_signo=10, si_code=0xfffffffa, si_pid=7, si_uid=0} ---",
                line(Signal.SIGUSR1, -6, ConstantStyle.RAW));
        assertEquals("--- SIGUSR1 {si_signo=10 /* SIGUSR1 */, si_code=0xfffffffa /* SI_TKILL */, si_pid=7, si_uid=0} ---",
                line(Signal.SIGUSR1, -6, ConstantStyle.VERBOSE));
    }

    @Test
    void userAndChildCodes() {
        assertEquals("--- SIGUSR2 {si_signo=12, si_code=0, si_pid=7, si_uid=0} ---",
                line(Signal.SIGUSR2, 0, ConstantStyle.RAW));
        assertEquals("--- SIGCHLD {si_signo=17 /* SIGCHLD */, si_code=0x1 /* CLD_EXITED */, si_pid=7, si_uid=0, "
                + "si_status=0, si_utime=0, si_stime=0} ---", line(Signal.SIGCHLD, 1, ConstantStyle.VERBOSE));
    }

    /** A child's CPU times, in clock ticks, carry their seconds in a comment unless zero or under -X raw. */
    @Test
    void childTimesInSeconds() {
        Tracee t = mock(Tracee.class);
        when(t.pid()).thenReturn(7);
        SignalInfo info = new SignalInfo(Signal.SIGCHLD, 0, 1, 7, 0, 0, 0, 0, 0, 0, 0, 123);
        assertEquals("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=7, si_uid=0, si_status=0, si_utime=0, "
                + "si_stime=123 /* 1.23 s */} ---",
                new SignalEvent(t, 0, Signal.SIGCHLD, info, false, ConstantStyle.ABBREV).toString());
        SignalInfo small = new SignalInfo(Signal.SIGCHLD, 0, 1, 7, 0, 0, 0, 0, 0, 0, 8, 0);
        assertEquals("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=7, si_uid=0, si_status=0, "
                + "si_utime=8 /* 0.08 s */, si_stime=0} ---",
                new SignalEvent(t, 0, Signal.SIGCHLD, small, false, ConstantStyle.ABBREV).toString());
        assertEquals("--- SIGCHLD {si_signo=17, si_code=0x1, si_pid=7, si_uid=0, si_status=0, si_utime=8, si_stime=0} ---",
                new SignalEvent(t, 0, Signal.SIGCHLD, small, false, ConstantStyle.RAW).toString());
    }
}
