package dev.ptrace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitStatusTest {

    @Test
    void exited() {
        WaitStatus s = new WaitStatus(3 << 8);
        assertTrue(s.exited());
        assertEquals(3, s.exitStatus());
        assertFalse(s.signaled());
        assertFalse(s.stopped());
        assertFalse(s.continued());
        assertFalse(s.coreDumped());
        assertEquals("exited(3)", s.toString());
        assertEquals("exited(255)", new WaitStatus(0xff00).toString());
    }

    @Test
    void killedWithAndWithoutCore() {
        WaitStatus kill = new WaitStatus(9);
        assertTrue(kill.signaled());
        assertFalse(kill.exited());
        assertEquals(9, kill.termSignal());
        assertFalse(kill.coreDumped());
        assertEquals("killed(SIGKILL)", kill.toString());
        WaitStatus segv = new WaitStatus(0x80 | 11);
        assertTrue(segv.signaled());
        assertEquals(11, segv.termSignal());
        assertTrue(segv.coreDumped());
        assertEquals("killed(SIGSEGV, core)", segv.toString());
    }

    @Test
    void stoppedBySignalSyscallAndEvent() {
        WaitStatus stop = new WaitStatus(0x137f);
        assertTrue(stop.stopped());
        assertFalse(stop.signaled());
        assertFalse(stop.exited());
        assertEquals(19, stop.stopSignal());
        assertEquals(0, stop.event());
        assertEquals("stopped(SIGSTOP)", stop.toString());

        WaitStatus sys = new WaitStatus((0x85 << 8) | 0x7f);
        assertEquals(0x85, sys.stopSignal());
        assertEquals("stopped(SIGTRAP|0x80)", sys.toString());

        WaitStatus fork = new WaitStatus((1 << 16) | (5 << 8) | 0x7f);
        assertTrue(fork.stopped());
        assertEquals(5, fork.stopSignal());
        assertEquals(1, fork.event());
        assertEquals("stopped(SIGTRAP, event 1)", fork.toString());

        WaitStatus interrupt = new WaitStatus((128 << 16) | (19 << 8) | 0x7f);
        assertEquals(128, interrupt.event());
        assertEquals(19, interrupt.stopSignal());
    }

    @Test
    void continuedAndUnknown() {
        WaitStatus c = new WaitStatus(0xffff);
        assertTrue(c.continued());
        assertFalse(c.stopped());
        assertFalse(c.exited());
        assertFalse(c.signaled());
        assertEquals("continued", c.toString());
        assertEquals("status(0xff)", new WaitStatus(0xff).toString());
    }
}
