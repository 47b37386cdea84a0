package dev.ptrace.core;

import dev.ptrace.PtraceException;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeState;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.ptrace.core.Regs.withRegs;
import static dev.ptrace.core.Regs.x86;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing under unusual conditions, interrupted callers, and requests on tracees that ended meanwhile. */
class EngineLifecycleTest extends EngineTestSupport {

    private int scriptSpawn() {
        int pid = fake.reservePid();
        fake.spawnPids.add(pid);
        fake.afterResume(FakeKernel.syscallExit(pid, 1, false), FakeKernel.syscallEntry(pid, 436),
                FakeKernel.syscallExit(pid, 0, false), FakeKernel.syscallEntry(pid, 59));
        return pid;
    }

    // --- close --------------------------------------------------------------------------------------------------

    @Test
    void closeGivesUpOnTraceesThatNeverStopAndSaysSo() throws Exception {
        TraceeHandle t = seize();
        fake.interruptReplies.put(t.pid(), List.of()); // the interrupt is never answered
        fake.awaitQuiescent();
        fake.failNext(FakeKernel.WAIT, Linux.EINTR); // retried
        fake.failNext(FakeKernel.WAIT, 0); // nothing yet
        fake.failNext(FakeKernel.WAIT, Linux.ECHILD); // and then no child left to wait for
        tracer.close();
        assertEquals(TraceeState.DETACHED, t.state());
        assertEquals(List.of(), tracer.tracees());
        assertTrue(fake.calls(Linux.PTRACE_DETACH, t.pid()).isEmpty(), "the kernel detaches it when the thread ends");
    }

    @Test
    void theDoorbellsStopsDuringCloseAreHandledThere() throws Exception {
        TraceeHandle t = seize();
        int bell = fake.doorbellPid;
        fake.interruptReplies.put(t.pid(), List.of(new FakeKernel.Event(bell, FakeKernel.stopped(Linux.SIGSTOP, 0),
                null), FakeKernel.killed(bell, 9, false), FakeKernel.interruptStop(t.pid())));
        fake.awaitQuiescent(); // blocked in waitpid: close() rings the doorbell, which is continued once
        long before = sigconts(bell);
        tracer.close();
        assertEquals(before + 2, sigconts(bell), "the doorbell stopped during close is continued as well");
        assertFalse(fake.callsTo(bell).stream().anyMatch(c -> c.name().equals("kill") && c.data() == Linux.SIGKILL),
                "a doorbell that is gone is not killed again");
        assertEquals(TraceeState.DETACHED, t.state());
    }

    private long sigconts(int pid) {
        return fake.callsTo(pid).stream().filter(c -> c.name().equals("kill") && c.data() == Linux.SIGCONT).count();
    }

    @Test
    void aTraceeThatEndedBeforeCloseIsNeitherInterruptedNorDetached() throws Exception {
        TraceeHandle t = seize();
        fake.emit(FakeKernel.exited(t.pid(), 0));
        fake.awaitQuiescent();
        assertEquals(TraceeState.EXITED, t.state());
        tracer.close();
        assertEquals(List.of(Linux.PTRACE_SEIZE), requests(t.pid()));
        assertEquals(TraceeState.EXITED, t.state());
    }

    @Test
    void aDetachThatFailsAtCloseStillForgetsTheTracee() {
        TraceeHandle t = seize();
        fake.failNext(Linux.PTRACE_DETACH, Linux.ESRCH);
        tracer.close();
        assertEquals(1, fake.calls(Linux.PTRACE_DETACH, t.pid()).size());
        assertEquals(TraceeState.DETACHED, t.state());
    }

    @Test
    void aKillOnCloseTraceeStoppingOnItsWayOutIsContinuedToItsEnd() {
        TraceeHandle t = seize(Set.of(dev.ptrace.PtraceOption.EXITKILL));
        fake.killReplies.put(t.pid(), List.of(FakeKernel.signal(t.pid(), 10, 1), FakeKernel.killed(t.pid(), 9,
                false)));
        tracer.close();
        assertEquals(1, fake.calls(Linux.PTRACE_CONT, t.pid()).size());
        assertEquals(TraceeState.EXITED, t.state());
    }

    @Test
    void theTracerThreadReapsAReleasedSpawnedChildAfterClose() throws Exception {
        int pid = scriptSpawn();
        Tracee t = tracer.spawn(List.of("/bin/true"), SpawnOptions.defaults().withKillOnExit(false));
        Thread thread = tracer.execute(Thread::currentThread);
        tracer.close();
        assertEquals(TraceeState.DETACHED, t.state());
        assertTrue(thread.isAlive(), "it lives on to reap its released child");
        fake.emit(FakeKernel.exited(pid, 0));
        thread.join(10_000);
        assertFalse(thread.isAlive());
    }

    @Test
    void closingWhileInterruptedStillWaitsAndKeepsTheInterrupt() {
        TraceeHandle t = seize();
        Thread.currentThread().interrupt();
        try {
            tracer.close();
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(TraceeState.DETACHED, t.state());
        assertThrows(IllegalStateException.class, () -> tracer.seize(fake.newProcess(), Set.of()));
    }

    @Test
    void closingFromTheTracerThreadRefusesNewWorkThere() {
        IllegalStateException e = tracer.execute(() -> {
            tracer.close();
            return assertThrows(IllegalStateException.class, () -> tracer.seize(fake.newProcess(), Set.of()));
        });
        assertEquals("this tracer is closed", e.getMessage());
    }

    // --- callers and requests -----------------------------------------------------------------------------------

    @Test
    void anInterruptedCallerStillGetsItsResultAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertEquals(42, tracer.execute(() -> 42));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void resumingATraceeThatWasKilledAndReportedIsNoError() throws Exception {
        TraceeHandle t = seize();
        next(FakeKernel.signal(t.pid(), 10, 1), Stop.SignalDelivery.class);
        fake.emit(FakeKernel.killed(t.pid(), 9, false));
        fake.awaitQuiescent();
        assertEquals(TraceeState.EXITED, t.state());
        fake.failNext(Linux.PTRACE_CONT, Linux.ESRCH);
        t.cont();
        assertEquals(TraceeState.EXITED, t.state());
        assertEquals(Stop.Killed.class, tracer.waitAny(LONG).orElseThrow().getClass());
    }

    @Test
    void detachingARunningTraceeSkipsStopsOfAThreadKilledMeanwhile() {
        TraceeHandle t = seize();
        fake.interruptReplies.put(t.pid(), List.of(FakeKernel.signal(t.pid(), 10, 1),
                FakeKernel.interruptStop(t.pid())));
        fake.failNext(Linux.PTRACE_GETSIGINFO, Linux.ESRCH);
        t.detach();
        assertEquals(TraceeState.DETACHED, t.state());
        assertEquals(0, last(Linux.PTRACE_DETACH, t.pid()).data(), "the interrupt stop was the one detached from");
    }

    // --- spawn with a seccomp filter: the tracee dies during the installation -------------------------------------

    @Test
    void aSpawnThatFailsWhileInstallingTheFilterLeavesNoStopBehind() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                SeccompAccelerator.kernelSupported(System.getProperty("os.version", "")), "kernel before 4.8");
        int pid = fake.reservePid();
        fake.spawnPids.add(pid);
        fake.map(0x400000, 1, false);
        fake.map(0x7fe000, 2, true);
        fake.poke(0x400010, (byte) 0x0f, (byte) 0x05);
        fake.afterResume(FakeKernel.syscallExit(pid, 1, false), FakeKernel.syscallEntry(pid, 436),
                FakeKernel.syscallExit(pid, 0, false),
                withRegs(FakeKernel.syscallEntry(pid, 59), x86(0x400012, 0x7ff800, 59, -38)),
                FakeKernel.killed(pid, 9, false));
        assertThrows(PtraceException.class, () -> tracer.spawn(List.of("/bin/true"),
                SpawnOptions.defaults().withTracedSyscalls(Set.of(1))));
        assertEquals(List.of(), tracer.tracees());
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO), "a stop of a tracee nobody was given");
    }

    @Test
    void engineBasics() {
        assertEquals("fake", tracer.backend());
        assertSame(dev.ptrace.Arch.X86_64, tracer.arch());
        assertTrue(tracer.toString().startsWith("Tracer[fake, 0 tracees"), tracer.toString());
        TraceeHandle t = seize();
        assertEquals(Optional.of(t), tracer.tracee(t.pid()));
        assertEquals("Tracee[pid=" + t.pid() + ", RUNNING]", t.toString());
        tracer.close();
        assertTrue(tracer.toString().endsWith(", closed]"), tracer.toString());
    }
}
