package dev.ptrace;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalTest {

    @Test
    void namesFollowStrace() {
        assertEquals("0", Signal.NONE.name());
        assertEquals("SIGHUP", Signal.of(1).name());
        assertEquals("SIGKILL", Signal.SIGKILL.name());
        assertEquals("SIGSYS", Signal.of(31).name());
        assertEquals("SIGRTMIN", Signal.of(32).name());
        assertEquals("SIGRT_1", Signal.of(33).name());
        assertEquals("SIGRT_32", Signal.of(64).name());
        assertEquals("SIGRT_32", Signal.SIGRTMAX.name());
        assertEquals("SIGUSR1", Signal.SIGUSR1.toString());
    }

    @Test
    void constantsHaveTheKernelNumbers() {
        assertEquals(10, Signal.SIGUSR1.number());
        assertEquals(17, Signal.SIGCHLD.number());
        assertEquals(19, Signal.SIGSTOP.number());
        assertEquals(32, Signal.SIGRTMIN.number());
        assertEquals(64, Signal.SIGRTMAX.number());
        assertEquals(Signal.SIGTERM, Signal.of(15));
    }

    @Test
    void byNameWithAndWithoutPrefix() {
        assertEquals(Optional.of(Signal.SIGUSR1), Signal.byName("SIGUSR1"));
        assertEquals(Optional.of(Signal.SIGUSR1), Signal.byName("USR1"));
        assertEquals(Optional.of(Signal.SIGRTMIN), Signal.byName("RTMIN"));
        assertEquals(Optional.of(Signal.of(35)), Signal.byName("SIGRT_3"));
        assertEquals(Optional.of(Signal.of(64)), Signal.byName("SIGRT_32"));
        assertEquals(Optional.of(Signal.SIGRTMAX), Signal.byName("SIGRTMAX"));
        assertEquals(Optional.of(Signal.SIGRTMAX), Signal.byName("RTMAX"));
    }

    @Test
    void aliases() {
        assertEquals(Optional.of(Signal.SIGABRT), Signal.byName("SIGIOT"));
        assertEquals(Optional.of(Signal.SIGABRT), Signal.byName("IOT"));
        assertEquals(Optional.of(Signal.of(29)), Signal.byName("SIGPOLL"));
    }

    @Test
    void unknownNames() {
        assertEquals(Optional.empty(), Signal.byName("SIGFOO"));
        assertEquals(Optional.empty(), Signal.byName("SIGRT_33"));
        assertEquals(Optional.empty(), Signal.byName("0"));
        assertEquals(Optional.empty(), Signal.byName(""));
    }

    @Test
    void rangeIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> Signal.of(-1));
        assertThrows(IllegalArgumentException.class, () -> Signal.of(65));
        assertThrows(IllegalArgumentException.class, () -> new Signal(100));
    }

    @Test
    void stopSignals() {
        for (int n = 0; n <= 64; n++) {
            assertEquals(n >= 19 && n <= 22, Signal.of(n).isStopSignal(), "signal " + n);
        }
        assertTrue(Signal.SIGTSTP.isStopSignal());
        assertFalse(Signal.SIGCONT.isStopSignal());
    }
}
