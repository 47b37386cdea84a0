package dev.ptrace.core;

import dev.ptrace.PtraceException;
import dev.ptrace.PtraceOption;
import dev.ptrace.PtracePermissions;
import dev.ptrace.Signal;
import dev.ptrace.Stop;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeState;
import dev.ptrace.TracePermissionException;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static dev.ptrace.core.FakeKernel.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resuming, signal re-injection, detach, close, thread hand-off and waiting. */
class EngineControlTest extends EngineTestSupport {

    private Thread tracerThread() {
        return tracer.execute(Thread::currentThread);
    }

    // --- signal re-injection ------------------------------------------------------------------------------------

    @Test
    void resumingASignalDeliveryStopPassesTheSignal() {
        TraceeHandle t = seize();
        next(FakeKernel.signal(t.pid(), 10, 1), Stop.SignalDelivery.class);
        t.cont();
        FakeKernel.Call c = last(Linux.PTRACE_CONT, t.pid());
        assertEquals(10, c.data());
        assertEquals(TraceeState.RUNNING, t.state());
        assertEquals(Optional.empty(), t.currentStop());

        next(FakeKernel.signal(t.pid(), 2, 1), Stop.SignalDelivery.class);
        t.syscall();
        assertEquals(2, last(Linux.PTRACE_SYSCALL, t.pid()).data());
        next(FakeKernel.signal(t.pid(), 15, 1), Stop.SignalDelivery.class);
        t.singleStep();
        assertEquals(15, last(Linux.PTRACE_SINGLESTEP, t.pid()).data());
    }

    @Test
    void explicitSignalsOverrideThePendingOne() {
        TraceeHandle t = seize();
        next(FakeKernel.signal(t.pid(), 10, 1), Stop.SignalDelivery.class);
        t.cont(Signal.NONE);
        assertEquals(0, last(Linux.PTRACE_CONT, t.pid()).data());
        next(FakeKernel.signal(t.pid(), 10, 1), Stop.SignalDelivery.class);
        t.syscall(Signal.SIGTERM);
        assertEquals(15, last(Linux.PTRACE_SYSCALL, t.pid()).data());
        next(FakeKernel.syscallEntry(t.pid(), 1), Stop.SyscallEntry.class);
        t.singleStep(Signal.SIGUSR2);
        assertEquals(12, last(Linux.PTRACE_SINGLESTEP, t.pid()).data());
    }

    @Test
    void resumingAGroupStopUsesListen() {
        TraceeHandle t = seize();
        next(FakeKernel.groupStop(t.pid(), 19), Stop.GroupStop.class);
        t.cont();
        FakeKernel.Call c = last(Linux.PTRACE_LISTEN, t.pid());
        assertEquals(0, c.data());
        assertTrue(fake.calls(Linux.PTRACE_CONT, t.pid()).isEmpty());
        next(FakeKernel.groupStop(t.pid(), 19), Stop.GroupStop.class);
        t.syscall();
        assertEquals(2, fake.calls(Linux.PTRACE_LISTEN, t.pid()).size());
        next(FakeKernel.groupStop(t.pid(), 19), Stop.GroupStop.class);
        t.cont(Signal.SIGCONT);
        assertEquals(18, last(Linux.PTRACE_CONT, t.pid()).data(), "an explicit signal is a real restart");
    }

    @Test
    void resumingOtherStopsPassesNoSignal() {
        TraceeHandle t = seize();
        next(FakeKernel.syscallEntry(t.pid(), 1), Stop.SyscallEntry.class);
        t.syscall();
        assertEquals(0, last(Linux.PTRACE_SYSCALL, t.pid()).data());
        next(event(t.pid(), 6, 0), Stop.EventStop.class);
        t.cont();
        assertEquals(0, last(Linux.PTRACE_CONT, t.pid()).data());
        t.listen();
        assertEquals(0, last(Linux.PTRACE_LISTEN, t.pid()).data());
    }

    @Test
    void resumingDropsAStopNobodyTook() throws Exception {
        TraceeHandle t = seize();
        fake.emit(FakeKernel.syscallEntry(t.pid(), 1));
        fake.awaitQuiescent();
        assertEquals(TraceeState.STOPPED, t.state());
        t.syscall();
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO));
    }

    // --- errno translation on requests --------------------------------------------------------------------------

    @Test
    void requestErrorsAreTranslatedWithCallPidAndErrno() {
        TraceeHandle t = seize();
        fake.failNext(Linux.PTRACE_CONT, Linux.ESRCH);
        TraceeGoneException gone = assertThrows(TraceeGoneException.class, t::cont);
        assertTrue(gone.getMessage().startsWith("ptrace(PTRACE_CONT, pid=" + t.pid()
                + ") failed: ESRCH (No such process) — "), gone.getMessage());
        assertEquals(TraceeState.RUNNING, t.state());

        fake.failNext(Linux.PTRACE_SYSCALL, Linux.EPERM);
        TracePermissionException perm = assertThrows(TracePermissionException.class, t::syscall);
        assertEquals(PtracePermissions.current().diagnoseAttach(t.pid()), perm.hint());

        fake.failNext(Linux.PTRACE_INTERRUPT, Linux.EIO);
        PtraceException other = assertThrows(PtraceException.class, t::interrupt);
        assertEquals(PtraceException.class, other.getClass());
        assertEquals("ptrace(PTRACE_INTERRUPT, pid=" + t.pid() + ") failed: EIO (" + dev.ptrace.Errno.EIO.description() + ")",
                other.getMessage());
        assertTrue(other.getCause() instanceof NativeCallException);

        fake.failNext(Linux.PTRACE_SETOPTIONS, Linux.EINVAL);
        assertEquals(Optional.of(dev.ptrace.Errno.EINVAL),
                assertThrows(PtraceException.class, () -> t.setOptions(Set.of())).errno());
    }

    @Test
    void interruptAndOptions() {
        TraceeHandle t = seize();
        t.interrupt();
        assertEquals(Linux.PTRACE_INTERRUPT, (int) requests(t.pid()).get(requests(t.pid()).size() - 1));
        t.setOptions(EnumSet.of(PtraceOption.TRACEFORK));
        assertEquals(0x13, last(Linux.PTRACE_SETOPTIONS, t.pid()).data());
        assertEquals(EnumSet.of(PtraceOption.TRACEFORK, PtraceOption.TRACESYSGOOD, PtraceOption.TRACEEXEC),
                t.options());
    }

    // --- thread hand-off ----------------------------------------------------------------------------------------

    @Test
    void callsFromOtherThreadsRunOnTheTracerThread() {
        TraceeHandle t = seize();
        next(FakeKernel.signal(t.pid(), 10, 1), Stop.SignalDelivery.class);
        t.cont();
        Thread ran = last(Linux.PTRACE_CONT, t.pid()).thread();
        assertNotEquals(Thread.currentThread(), ran);
        assertSame(tracerThread(), ran);
        assertTrue(ran.getName().startsWith("ptrace-tracer-"), ran.getName());
        assertTrue(ran.isDaemon());
        assertSame(ran, last(Linux.PTRACE_SEIZE, t.pid()).thread());
        assertFalse(tracer.isTracerThread());
    }

    @Test
    void executeRunsDirectlyOnTheTracerThread() {
        TraceeHandle t = seize();
        AtomicReference<Thread> inner = new AtomicReference<>();
        boolean onTracer = tracer.execute(() -> {
            next(FakeKernel.signal(t.pid(), 10, 1), Stop.SignalDelivery.class);
            t.cont();
            inner.set(tracer.execute(Thread::currentThread));
            return tracer.isTracerThread();
        });
        assertTrue(onTracer);
        assertSame(inner.get(), last(Linux.PTRACE_CONT, t.pid()).thread());
        assertSame(tracerThread(), inner.get());
    }

    @Test
    void executeRethrowsAndWraps() {
        IllegalArgumentException iae = new IllegalArgumentException("x");
        assertSame(iae, assertThrows(IllegalArgumentException.class, () -> tracer.execute(() -> {
            throw iae;
        })));
        AssertionError err = new AssertionError("e");
        assertSame(err, assertThrows(AssertionError.class, () -> tracer.execute(() -> {
            throw err;
        })));
        IOException io = new IOException("checked");
        PtraceException wrapped = assertThrows(PtraceException.class, () -> tracer.execute(() -> {
            throw io;
        }));
        assertSame(io, wrapped.getCause());
        assertEquals("the action failed: java.io.IOException: checked", wrapped.getMessage());
        // the same rules on the tracer thread itself
        PtraceException direct = tracer.execute(() -> assertThrows(PtraceException.class,
                () -> tracer.execute(() -> {
                    throw io;
                })));
        assertSame(io, direct.getCause());
        assertSame(iae, tracer.execute(() -> assertThrows(IllegalArgumentException.class,
                () -> tracer.execute(() -> {
                    throw iae;
                }))));
    }

    @Test
    void anInterruptedCallerStillGetsItsResultAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertEquals(42, tracer.execute(() -> 42));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    // --- waiting -------------------------------------------------------------------------------------------------

    @Test
    void waitAnyWithoutTraceesReturnsAtOnce() {
        long t0 = System.nanoTime();
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ofSeconds(20)));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tracer.waitAny());
        assertEquals("no tracee left to wait for", e.getMessage());
    }

    @Test
    void waitAnyTimesOut() {
        seize();
        long t0 = System.nanoTime();
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(100).toNanos());
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ofMillis(-5)));
    }

    @Test
    void waitAnyWithoutLimitAndHugeTimeouts() {
        TraceeHandle t = seize();
        fake.emit(FakeKernel.syscallEntry(t.pid(), 1));
        assertEquals(Stop.SyscallEntry.class, tracer.waitAny().getClass());
        t.syscall();
        fake.emit(FakeKernel.syscallExit(t.pid(), 0, false));
        assertEquals(Stop.SyscallExit.class,
                tracer.waitAny(Duration.ofSeconds(Long.MAX_VALUE)).orElseThrow().getClass());
        t.syscall();
        fake.emit(FakeKernel.syscallEntry(t.pid(), 2));
        assertEquals(Stop.SyscallEntry.class,
                tracer.waitAny(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L - 1)).orElseThrow().getClass());
    }

    @Test
    void waitForStopOnlyReturnsThatTraceesStops() {
        TraceeHandle a = seize();
        TraceeHandle b = seize();
        fake.emit(FakeKernel.syscallEntry(b.pid(), 2), FakeKernel.syscallEntry(a.pid(), 1));
        assertSame(a, a.waitForStop(LONG).orElseThrow().tracee());
        assertSame(b, tracer.waitAny(LONG).orElseThrow().tracee());
        assertEquals(Optional.empty(), a.waitForStop(Duration.ofMillis(20)));
        b.syscall();
        fake.emit(FakeKernel.exited(b.pid(), 0));
        assertEquals(Stop.Exited.class, b.waitForStop().getClass());
        TraceeGoneException e = assertThrows(TraceeGoneException.class, b::waitForStop);
        assertTrue(e.getMessage().contains("the tracee is no longer traced"), e.getMessage());
    }

    @Test
    void waitingOnTheTracerThreadPumpsItself() {
        TraceeHandle t = seize();
        Stop s = tracer.execute(() -> {
            fake.emit(FakeKernel.syscallEntry(t.pid(), 7));
            return tracer.waitAny(LONG).orElseThrow();
        });
        assertEquals(7, ((Stop.SyscallEntry) s).number());
        Stop own = tracer.execute(() -> {
            t.syscall();
            fake.emit(FakeKernel.syscallExit(t.pid(), 0, false));
            return t.waitForStop();
        });
        assertSame(t, own.tracee());
    }

    @Test
    void waitingOnTheTracerThreadTimesOut() {
        seize();
        long t0 = System.nanoTime();
        assertEquals(Optional.empty(), tracer.execute(() -> tracer.waitAny(Duration.ofMillis(100))));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(100).toNanos());
        assertEquals(Optional.empty(), tracer.execute(() -> tracer.waitAny(Duration.ZERO)));
    }

    /**
     * Tracer.waitAny documents "Duration.ZERO polls", but on the tracer thread pumpUntil returns before polling
     * waitpid when the deadline has passed (PtraceEngine.pumpUntil: the "now - deadline >= 0" check comes before
     * the "pump(false)" branch, which is therefore unreachable). Nothing else pumps while the tracer thread runs the
     * user's loop, so an event loop polling with ZERO inside execute() never sees a new stop.
     */
    @Test
    void pollingOnTheTracerThreadSeesNewStops() {
        TraceeHandle t = seize();
        Optional<Stop> s = tracer.execute(() -> {
            fake.emit(FakeKernel.syscallEntry(t.pid(), 7));
            Optional<Stop> got = Optional.empty();
            for (int i = 0; i < 100 && got.isEmpty(); i++) {
                got = tracer.waitAny(Duration.ZERO);
            }
            return got;
        });
        assertTrue(s.isPresent());
    }

    @Test
    void interruptedWaiterReturnsEmpty() {
        seize();
        Thread.currentThread().interrupt();
        try {
            assertEquals(Optional.empty(), tracer.waitAny(LONG));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    // --- detach --------------------------------------------------------------------------------------------------

    @Test
    void detachingAStoppedTraceePassesItsPendingSignal() {
        TraceeHandle t = seize();
        next(FakeKernel.signal(t.pid(), 10, 1), Stop.SignalDelivery.class);
        t.detach();
        assertEquals(10, last(Linux.PTRACE_DETACH, t.pid()).data());
        assertEquals(TraceeState.DETACHED, t.state());
        assertEquals(Optional.empty(), tracer.tracee(t.pid()));
        t.detach();
        assertEquals(1, fake.calls(Linux.PTRACE_DETACH, t.pid()).size(), "detaching twice is harmless");
    }

    @Test
    void detachingAtOtherStopsPassesNoSignal() {
        TraceeHandle t = seize();
        next(FakeKernel.syscallEntry(t.pid(), 1), Stop.SyscallEntry.class);
        t.detach();
        assertEquals(0, last(Linux.PTRACE_DETACH, t.pid()).data());
    }

    @Test
    void detachingARunningTraceeInterruptsWaitsThenDetaches() {
        TraceeHandle t = seize();
        t.detach();
        assertEquals(List.of(Linux.PTRACE_SEIZE, Linux.PTRACE_INTERRUPT, Linux.PTRACE_DETACH), requests(t.pid()));
        assertEquals(0, last(Linux.PTRACE_DETACH, t.pid()).data());
        assertEquals(TraceeState.DETACHED, t.state());
    }

    @Test
    void detachingARunningTraceeThatStopsForASignalFirst() {
        TraceeHandle t = seize();
        fake.interruptReplies.put(t.pid(), List.of(FakeKernel.signal(t.pid(), 12, 1)));
        t.detach();
        assertEquals(12, last(Linux.PTRACE_DETACH, t.pid()).data(), "the signal is not lost");
    }

    @Test
    void detachingARunningTraceeThatExits() {
        TraceeHandle t = seize();
        fake.interruptReplies.put(t.pid(), List.of(FakeKernel.exited(t.pid(), 4)));
        t.detach();
        assertTrue(fake.calls(Linux.PTRACE_DETACH, t.pid()).isEmpty());
        assertEquals(TraceeState.EXITED, t.state());
        assertEquals(4, ((Stop.Exited) tracer.waitAny(LONG).orElseThrow()).status(), "its end is still reported");
    }

    @Test
    void detachingATraceeThatIsGone() throws Exception {
        TraceeHandle a = seize();
        fake.failNext(Linux.PTRACE_INTERRUPT, Linux.ESRCH);
        a.detach();
        assertEquals(TraceeState.EXITED, a.state());
        TraceeHandle b = seize();
        next(FakeKernel.syscallEntry(b.pid(), 1), Stop.SyscallEntry.class);
        fake.failNext(Linux.PTRACE_DETACH, Linux.ESRCH);
        b.detach();
        assertEquals(TraceeState.DETACHED, b.state());
        TraceeHandle c = seize();
        fake.interruptReplies.put(c.pid(), List.of());
        fake.awaitQuiescent();
        fake.failNext(FakeKernel.WAIT, Linux.ECHILD);
        c.detach();
        assertEquals(TraceeState.EXITED, c.state());
        assertTrue(tracer.tracees().isEmpty());
    }

    @Test
    void detachErrorsOtherThanEsrchAreReported() {
        TraceeHandle t = seize();
        next(FakeKernel.syscallEntry(t.pid(), 1), Stop.SyscallEntry.class);
        fake.failNext(Linux.PTRACE_DETACH, Linux.EPERM);
        assertThrows(TracePermissionException.class, t::detach);
    }

    // --- kill ----------------------------------------------------------------------------------------------------

    @Test
    void killSendsSigkillToTheProcess() {
        TraceeHandle t = seize();
        t.kill();
        FakeKernel.Call k = fake.callsTo(t.pid()).stream().filter(c -> c.name().equals("kill")).findFirst()
                .orElseThrow();
        assertEquals(9, k.data());
        assertEquals(Stop.Killed.class, tracer.waitAny(LONG).orElseThrow().getClass());
        t.kill(); // ESRCH: already gone, harmless
        TraceeHandle u = seize();
        fake.failNext(FakeKernel.KILL, Linux.EPERM);
        assertThrows(TracePermissionException.class, u::kill);
    }

    // --- close ---------------------------------------------------------------------------------------------------

    @Test
    void closeKillsKillOnCloseTraceesAndDetachesTheOthers() {
        TraceeHandle killed = seize(EnumSet.of(PtraceOption.EXITKILL));
        TraceeHandle stopped = seize();
        next(FakeKernel.signal(stopped.pid(), 10, 1), Stop.SignalDelivery.class);
        TraceeHandle running = seize();
        int doorbell = fake.doorbellPid;
        tracer.close();
        assertTrue(fake.callsTo(killed.pid()).stream().anyMatch(c -> c.name().equals("kill") && c.data() == 9));
        assertTrue(fake.calls(Linux.PTRACE_DETACH, killed.pid()).isEmpty());
        assertEquals(TraceeState.EXITED, killed.state());
        assertEquals(10, last(Linux.PTRACE_DETACH, stopped.pid()).data());
        assertEquals(TraceeState.DETACHED, stopped.state());
        assertEquals(List.of(Linux.PTRACE_SEIZE, Linux.PTRACE_INTERRUPT, Linux.PTRACE_DETACH),
                requests(running.pid()));
        assertEquals(TraceeState.DETACHED, running.state());
        assertTrue(tracer.tracees().isEmpty());
        assertTrue(fake.callsTo(doorbell).stream().anyMatch(c -> c.name().equals("kill") && c.data() == 9),
                "the doorbell is killed");
        for (FakeKernel.Call c : fake.calls) {
            if (c.request() > 0) {
                assertTrue(c.thread().getName().startsWith("ptrace-tracer-"), c.toString());
            }
        }
    }

    @Test
    void closeIsIdempotentAndEndsTheSession() {
        TraceeHandle t = seize();
        tracer.close();
        int calls = fake.calls.size();
        tracer.close();
        assertEquals(calls, fake.calls.size());
        EngineStopDecodingTest.assertThrowsClosed(() -> tracer.seize(fake.newProcess(), Set.of()));
        EngineStopDecodingTest.assertThrowsClosed(t::cont);
        assertEquals(Optional.empty(), tracer.waitAny(LONG));
        assertTrue(tracer.toString().contains("closed"), tracer.toString());
    }

    @Test
    void closeOnTheTracerThread() {
        seize();
        tracer.execute(() -> {
            tracer.close();
            tracer.close();
            return null;
        });
        tracer.close();
        assertTrue(tracer.tracees().isEmpty());
    }

    @Test
    void closeLetsAKilledTraceeRunToItsEnd() {
        TraceeHandle t = seize(EnumSet.of(PtraceOption.EXITKILL, PtraceOption.TRACEEXIT));
        // SIGKILL first shows as an exit event stop; the killed status follows the restart
        fake.killReplies.put(t.pid(), List.of(event(t.pid(), 6, 9), FakeKernel.killed(t.pid(), 9, false)));
        tracer.close();
        assertEquals(0, last(Linux.PTRACE_CONT, t.pid()).data());
        assertTrue(fake.calls(Linux.PTRACE_DETACH, t.pid()).isEmpty());
        assertEquals(TraceeState.EXITED, t.state());
        assertFalse(fake.isAlive(t.pid()), "reaped");
    }

    @Test
    void aChildBornDuringCloseIsDetachedAndPendingSignalsPassed() {
        TraceeHandle parent = seize(EnumSet.of(PtraceOption.TRACEFORK));
        int child = fake.reservePid();
        // the interrupt finds the parent at a fork: its child's first stop and then its own signal stop
        fake.interruptReplies.put(parent.pid(), List.of(
                new FakeKernel.Event(child, FakeKernel.stopped(19, 128), new FakeKernel.Ctx()),
                FakeKernel.signal(parent.pid(), 10, 1)));
        tracer.close();
        assertEquals(0, last(Linux.PTRACE_DETACH, child).data());
        assertEquals(10, last(Linux.PTRACE_DETACH, parent.pid()).data());
    }

    @Test
    void closeIgnoresStatusesOfStrangers() {
        TraceeHandle t = seize();
        int stranger = fake.reservePid();
        fake.interruptReplies.put(t.pid(), List.of(
                FakeKernel.exited(stranger, 0),
                new FakeKernel.Event(stranger, 0xffff, null),
                FakeKernel.signal(stranger, 10, 1),
                FakeKernel.syscallEntry(t.pid(), 1)));
        tracer.close();
        assertEquals(0, last(Linux.PTRACE_DETACH, t.pid()).data());
        assertTrue(fake.calls(Linux.PTRACE_DETACH, stranger).isEmpty());
    }

    @Test
    void closeForgetsTraceesThatVanish() {
        TraceeHandle a = seize();
        fake.failNext(Linux.PTRACE_INTERRUPT, Linux.ESRCH);
        TraceeHandle b = seize(EnumSet.of(PtraceOption.EXITKILL));
        fake.killReplies.put(b.pid(), List.of(FakeKernel.exited(b.pid(), 0)));
        tracer.close();
        assertEquals(TraceeState.EXITED, a.state());
        assertEquals(TraceeState.EXITED, b.state());
    }

    // --- the tracer thread ---------------------------------------------------------------------------------------

    @Test
    void aFailingWaitEndsTheTracerAndReleasesEveryTracee() throws Exception {
        TraceeHandle t = (TraceeHandle) tracer.attach(fake.newProcess(), Set.of());
        fake.awaitQuiescent();
        fake.failNext(FakeKernel.WAIT, Linux.EINVAL);
        fake.emit(FakeKernel.exited(fake.reservePid(), 0)); // wakes the thread, whose next wait fails
        assertEquals(Optional.empty(), tracer.waitAny(LONG));
        assertEquals(TraceeState.DETACHED, t.state());
        EngineStopDecodingTest.assertThrowsClosed(t::cont);
    }

    @Test
    void interruptedWaitsAndEchildAreRetried() throws Exception {
        TraceeHandle t = seize();
        fake.awaitQuiescent();
        fake.failNext(FakeKernel.WAIT, Linux.EINTR);
        fake.failNext(FakeKernel.WAIT, Linux.ECHILD);
        fake.emit(FakeKernel.exited(fake.reservePid(), 0));
        next(FakeKernel.syscallEntry(t.pid(), 1), Stop.SyscallEntry.class);
    }

    @Test
    void aDeadDoorbellIsReplaced() throws Exception {
        int first = fake.doorbellPid;
        fake.emit(FakeKernel.exited(first, 127));
        fake.awaitQuiescent();
        assertEquals(2, fake.doorbellSpawns().size());
        assertNotEquals(first, fake.doorbellPid);
        TraceeHandle t = seize();
        assertTrue(fake.callsTo(fake.doorbellPid).stream().anyMatch(c -> c.name().equals("kill") && c.data() == 19),
                "the new doorbell rings");
        assertEquals(TraceeState.RUNNING, t.state());
    }

    @Test
    void aDoorbellThatCannotBeRungOrContinuedIsHarmless() throws Exception {
        fake.awaitQuiescent();
        long rings = rings();
        fake.failNext(FakeKernel.KILL, Linux.ESRCH); // the ring fails: the task waits for the tracer's next turn
        java.util.concurrent.CompletableFuture<Integer> r =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> tracer.execute(() -> 1));
        long deadline = System.nanoTime() + LONG.toNanos();
        while (rings() == rings) {
            assertTrue(System.nanoTime() < deadline, "no ring");
            Thread.onSpinWait();
        }
        fake.emit(FakeKernel.exited(fake.reservePid(), 0)); // any status gives it that turn
        assertEquals(1, r.get(10, java.util.concurrent.TimeUnit.SECONDS));
        fake.awaitQuiescent();
        fake.failNext(FakeKernel.KILL, Linux.ESRCH); // the SIGCONT after a doorbell stop fails
        fake.emit(new FakeKernel.Event(fake.doorbellPid, FakeKernel.stopped(19, 0), null));
        fake.awaitQuiescent();
        assertEquals(2, (int) tracer.execute(() -> 2));
    }

    private long rings() {
        return fake.calls.stream().filter(c -> c.name().equals("kill") && c.data() == 19).count();
    }

    @Test
    void theDoorbellSpawnDiscardsItsStreams() {
        SpawnRequest r = fake.doorbellSpawns().get(0);
        assertEquals(List.of("ptrace-doorbell"), FakeKernel.utf8(r.argv()));
        assertEquals(List.of(), FakeKernel.utf8(r.envp()));
        assertTrue(r.fileActions().contains(new SpawnRequest.Open(0, "/dev/null", Linux.O_RDONLY, 0666)));
        assertTrue(r.fileActions().contains(new SpawnRequest.Open(1, "/dev/null",
                Linux.O_WRONLY | Linux.O_CREAT | Linux.O_TRUNC, 0666)));
        assertTrue(r.fileActions().contains(new SpawnRequest.Dup2(fake.sink.fd, Spawner.CONTROL_FD)));
    }

    @Test
    void accessors() {
        assertEquals("fake", tracer.backend());
        assertEquals(dev.ptrace.Arch.X86_64, tracer.arch());
        assertSame(fake, tracer.kernel.calls());
        assertEquals("Tracer[fake, 0 tracees]", tracer.toString());
        TraceeHandle t = seize();
        assertEquals(List.of(t), tracer.tracees());
        assertEquals(Optional.of(t), tracer.tracee(t.pid()));
        assertEquals(Optional.empty(), tracer.tracee(1));
    }

    // --- polling before blocking ---------------------------------------------------------------------------------

    /** Lets one stop through and waits until the tracer thread blocks again; returns the polls it made meanwhile. */
    private int pollsAroundOneStop(TraceeHandle t) throws InterruptedException {
        fake.awaitQuiescent();
        fake.emptyPolls.set(0);
        next(FakeKernel.syscallEntry(t.pid(), 1), Stop.SyscallEntry.class);
        t.syscall();
        fake.awaitQuiescent();
        return fake.emptyPolls.get();
    }

    @Test
    void theTracerThreadPollsBeforeItBlocksUnlessTurnedOff() throws Exception {
        TraceeHandle t = seize();
        tracer.pollBeforeBlocking(Duration.ofMillis(2));
        pollsAroundOneStop(t); // the wait already under way when the limit changed
        assertTrue(pollsAroundOneStop(t) > 0, "no poll before blocking");

        tracer.pollBeforeBlocking(Duration.ZERO);
        pollsAroundOneStop(t);
        assertEquals(0, pollsAroundOneStop(t));
    }

    @Test
    void pinningToOneCpuTurnsPollingOff() throws Exception {
        TraceeHandle t = seize();
        tracer.pollBeforeBlocking(Duration.ofMillis(2));
        tracer.pinToCpu(1);
        assertEquals(2L, fake.affinities.get(0)[1]);
        assertTrue(fake.affinities.stream().anyMatch(a -> a[0] == t.pid()), "the tracee was not pinned");
        pollsAroundOneStop(t);
        assertEquals(0, pollsAroundOneStop(t));
    }

    @Test
    void pollingLimitsOutsideZeroToOneSecondAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> tracer.pollBeforeBlocking(Duration.ofNanos(-1)));
        assertThrows(IllegalArgumentException.class, () -> tracer.pollBeforeBlocking(Duration.ofMillis(1001)));
        tracer.pollBeforeBlocking(Duration.ofSeconds(1));
    }
}
