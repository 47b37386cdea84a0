package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.PtraceEvent;
import dev.ptrace.PtraceException;
import dev.ptrace.PtraceOption;
import dev.ptrace.Redirect;
import dev.ptrace.RegisterSet;
import dev.ptrace.Registers;
import dev.ptrace.SignalInfo;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.SyscallInfo;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeState;
import dev.ptrace.TracePermissionException;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.ptrace.core.FakeKernel.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spawn, attach and seize, and the requests that read and write a stopped tracee. */
class EngineSpawnAttachTest extends EngineTestSupport {

    private int nextSpawn() {
        int pid = fake.reservePid();
        fake.spawnPids.add(pid);
        return pid;
    }

    /** The stub's read returning, its close_range, then whatever comes before its execve entry. */
    private void scriptStub(int pid, FakeKernel.Event... beforeExecve) {
        fake.afterResume(FakeKernel.syscallExit(pid, 1, false), FakeKernel.syscallEntry(pid, 436),
                FakeKernel.syscallExit(pid, 0, false));
        fake.afterResume(beforeExecve);
        fake.afterResume(FakeKernel.syscallEntry(pid, Linux.execveNumber(arch()), 0x1000, 0x2000, 0x3000));
    }

    // --- spawn ---------------------------------------------------------------------------------------------------

    @Test
    void spawnRunsTheStubHiddenUntilItsExecveEntry() throws Exception {
        int pid = nextSpawn();
        scriptStub(pid, FakeKernel.signal(pid, 28, 1));
        Tracee t = tracer.spawn(List.of("/bin/true", "arg"), SpawnOptions.defaults()
                .withEnvironment(Map.of("A", "1")).withDirectory(Path.of("/tmp")));
        assertEquals(pid, t.pid());
        assertTrue(t.isSpawned());
        assertEquals(TraceeState.STOPPED, t.state());
        Stop.SyscallEntry first = assertInstanceOf(Stop.SyscallEntry.class, tracer.waitAny(LONG).orElseThrow());
        assertEquals(59, first.number());
        assertEquals(0x1000, first.arg(0));
        assertEquals(Optional.of(first), t.currentStop());
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO), "nothing of the stub is delivered");
        assertEquals(List.of(t), tracer.tracees());

        assertEquals(0x100011, last(Linux.PTRACE_SEIZE, pid).data(), "TRACESYSGOOD | TRACEEXEC | EXITKILL");
        assertEquals(List.of(Linux.PTRACE_SEIZE, Linux.PTRACE_INTERRUPT, Linux.PTRACE_SYSCALL), requests(pid).subList(0, 3));
        assertEquals(List.of(0L, 0L, 0L, 0L, 28L), fake.calls(Linux.PTRACE_SYSCALL, pid).stream()
                .map(FakeKernel.Call::data).toList(), "a signal sent to the stub is passed on");

        SpawnRequest r = fake.spawnsWhere(q -> FakeKernel.utf8(q.argv().get(0)).equals("ptrace-stub")).get(0);
        assertEquals(List.of("ptrace-stub", "/bin/true", "/bin/true", "arg"), FakeKernel.utf8(r.argv()));
        assertEquals(List.of("A=1"), FakeKernel.utf8(r.envp()));
        assertEquals(List.of(new SpawnRequest.Dup2(fake.sink.fd, 3), new SpawnRequest.Chdir("/tmp")),
                r.fileActions());
        assertArrayEquals(new byte[] {1}, fake.sink.content(), "the stub was released through its pipe");
        assertTrue(fake.closedFds.contains(fake.sink.fd));
    }

    @Test
    void spawnUsesTheOptionsBitsAndKillOnExit() {
        int pid = nextSpawn();
        scriptStub(pid);
        Tracee t = tracer.spawn(List.of("/bin/true"), SpawnOptions.defaults().followingChildren()
                .withKillOnExit(false));
        assertEquals(0x1f, last(Linux.PTRACE_SEIZE, pid).data());
        assertEquals(EnumSet.of(PtraceOption.TRACESYSGOOD, PtraceOption.TRACEEXEC, PtraceOption.TRACEFORK,
                PtraceOption.TRACEVFORK, PtraceOption.TRACECLONE), t.options());
        tracer.close();
        assertEquals(TraceeState.DETACHED, t.state(), "not kill-on-exit: detached on close");
    }

    @Test
    void spawnedTraceesAreKilledOnClose() {
        int pid = nextSpawn();
        scriptStub(pid);
        Tracee t = tracer.spawn(List.of("/bin/true"));
        tracer.close();
        assertTrue(fake.callsTo(pid).stream().anyMatch(c -> c.name().equals("kill") && c.data() == 9));
        assertEquals(TraceeState.EXITED, t.state());
    }

    @Test
    void spawnWithPipesGivesStreamsOnTheParentEnds() throws Exception {
        FakeKernel.RealFd in = fake.realFd();
        FakeKernel.RealFd out = fake.realFd();
        FakeKernel.RealFd err = fake.realFd();
        Files.writeString(out.path, "out-data");
        Files.writeString(err.path, "err-data");
        int child = 77_777;
        fake.pipes.add(new int[] {fake.sink.fd, fake.sink.fd});
        fake.pipes.add(new int[] {child, in.fd});
        fake.pipes.add(new int[] {out.fd, child});
        fake.pipes.add(new int[] {err.fd, child});
        int pid = nextSpawn();
        scriptStub(pid);
        Tracee t = tracer.spawn(List.of("/bin/true"), SpawnOptions.defaults().withStdin(Redirect.PIPE)
                .withStdout(Redirect.PIPE).withStderr(Redirect.PIPE));
        assertEquals("out-data", new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("err-data", new String(t.stderrPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
        try (OutputStream o = t.stdinPipe().orElseThrow()) {
            o.write("hi".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("hi", Files.readString(in.path));
        SpawnRequest r = fake.spawnsWhere(q -> FakeKernel.utf8(q.argv().get(0)).equals("ptrace-stub")).get(0);
        assertEquals(List.of(new SpawnRequest.Dup2(child, 0), new SpawnRequest.Dup2(child, 1),
                new SpawnRequest.Dup2(child, 2)), r.fileActions().subList(0, 3));
        assertTrue(fake.closedFds.containsAll(List.of(in.fd, out.fd, err.fd, child)),
                "the parent's raw ends are replaced by the streams, the child's ends closed");
    }

    @Test
    void aSeizedTraceeHasNoPipes() {
        Tracee t = seize();
        assertEquals(Optional.empty(), t.stdinPipe());
        assertEquals(Optional.empty(), t.stdoutPipe());
        assertEquals(Optional.empty(), t.stderrPipe());
        assertFalse(t.isSpawned());
    }

    @Test
    void spawnFailsWhenTheStubEndsBeforeItsExecve() {
        int pid = nextSpawn();
        fake.afterResume(FakeKernel.syscallExit(pid, 0, false), FakeKernel.exited(pid, 127));
        PtraceException e = assertThrows(PtraceException.class, () -> tracer.spawn(List.of("/bin/true")));
        assertEquals("spawn /bin/true: the process ended before its execve (exited(127))", e.getMessage());
        assertTrue(tracer.tracees().isEmpty());
    }

    @Test
    void spawnFailsWhenTheStubEndsBeforeItIsTraced() {
        int pid = nextSpawn();
        fake.interruptReplies.put(pid, List.of(FakeKernel.exited(pid, 1)));
        PtraceException e = assertThrows(PtraceException.class, () -> tracer.spawn(List.of("/bin/true")));
        assertEquals("spawn /bin/true: the process ended before it could be traced (exited(1))", e.getMessage());
    }

    @Test
    void spawnKillsTheStubWhenSeizeIsRefused() {
        int pid = nextSpawn();
        fake.failNext(Linux.PTRACE_SEIZE, Linux.EPERM);
        TracePermissionException e = assertThrows(TracePermissionException.class,
                () -> tracer.spawn(List.of("/bin/true")));
        assertTrue(e.getMessage().startsWith("ptrace(PTRACE_SEIZE, pid=" + pid + ") failed: EPERM"), e.getMessage());
        assertTrue(fake.callsTo(pid).stream().anyMatch(c -> c.name().equals("kill") && c.data() == 9));
        assertFalse(fake.isAlive(pid), "and reaps it");
        assertTrue(tracer.tracees().isEmpty());
    }

    @Test
    void spawnFailsWhenTheStubCannotBeReleased() {
        int pid = nextSpawn();
        fake.pipes.add(new int[] {fake.sink.fd, 999_999});
        PtraceException e = assertThrows(PtraceException.class, () -> tracer.spawn(List.of("/bin/true")));
        assertTrue(e.getMessage().startsWith("release the spawned process: java.io.FileNotFoundException"),
                e.getMessage());
        assertTrue(fake.closedFds.contains(999_999));
        assertFalse(fake.isAlive(pid));
    }

    @Test
    void spawnRetriesAnInterruptedWait() throws Exception {
        int pid = nextSpawn();
        scriptStub(pid);
        fake.awaitQuiescent();
        fake.failNext(FakeKernel.WAIT, Linux.EINTR);
        assertEquals(pid, tracer.spawn(List.of("/bin/true")).pid());
    }

    @Test
    void spawnRejectsBadCommands() {
        assertThrows(IllegalArgumentException.class, () -> tracer.spawn(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tracer.spawn(List.of("no-such-program-xyz")));
        assertTrue(e.getMessage().startsWith("Can't find 'no-such-program-xyz' on PATH"), e.getMessage());
        assertTrue(fake.spawnsWhere(q -> FakeKernel.utf8(q.argv().get(0)).equals("ptrace-stub")).isEmpty());
    }

    @Test
    void spawnAfterCloseIsRefused() {
        tracer.execute(() -> {
            tracer.close();
            return null;
        });
        assertThrows(IllegalStateException.class, () -> tracer.spawn(List.of("/bin/true")));
    }

    /** Spawner.startStub calls calls.pipe() outside any translation: EMFILE escapes as NativeCallException. */
    @Test
    void aFailingPipeIsReportedAsPtraceException() {
        fake.failNext(FakeKernel.PIPE, 24);
        PtraceException e = assertThrows(PtraceException.class, () -> tracer.spawn(List.of("/bin/true")));
        assertEquals(24, e.errnoNumber());
    }

    /** When SEIZE (or anything before release) fails, the write end of the stub's control pipe stays open. */
    @Test
    void aFailedSpawnClosesTheControlPipe() {
        nextSpawn();
        fake.pipes.add(new int[] {700, 701});
        fake.failNext(Linux.PTRACE_SEIZE, Linux.EPERM);
        assertThrows(TracePermissionException.class, () -> tracer.spawn(List.of("/bin/true")));
        assertTrue(fake.closedFds.contains(701));
    }

    // --- attach and seize ----------------------------------------------------------------------------------------

    @Test
    void attachReturnsAStoppedTraceeAndConsumesItsFirstStop() {
        int pid = fake.newProcess();
        Tracee t = tracer.attach(pid, Set.of(PtraceOption.TRACEEXIT));
        assertEquals(TraceeState.STOPPED, t.state());
        Stop.EventStop s = assertInstanceOf(Stop.EventStop.class, t.currentStop().orElseThrow());
        assertEquals(PtraceEvent.STOP, s.event());
        assertEquals(List.of(Linux.PTRACE_SEIZE, Linux.PTRACE_INTERRUPT), requests(pid));
        assertEquals(0x51, last(Linux.PTRACE_SEIZE, pid).data());
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO), "the first stop is consumed");
        assertFalse(t.isSpawned());
        tracer.close();
        assertEquals(TraceeState.DETACHED, t.state(), "attached tracees are detached on close");
    }

    @Test
    void attachWithExitkillKillsOnClose() {
        Tracee t = tracer.attach(fake.newProcess(), Set.of(PtraceOption.EXITKILL));
        tracer.close();
        assertEquals(TraceeState.EXITED, t.state());
    }

    @Test
    void attachSkipsStatusesThatAreNoStop() {
        int pid = fake.newProcess();
        fake.interruptReplies.put(pid, List.of(new FakeKernel.Event(pid, 0xffff, null),
                FakeKernel.signal(pid, 10, 1)));
        Tracee t = tracer.attach(pid);
        assertInstanceOf(Stop.SignalDelivery.class, t.currentStop().orElseThrow());
    }

    @Test
    void attachToAProcessThatExitsMeanwhile() {
        int pid = fake.newProcess();
        fake.interruptReplies.put(pid, List.of(FakeKernel.exited(pid, 0)));
        TraceeGoneException e = assertThrows(TraceeGoneException.class, () -> tracer.attach(pid));
        assertTrue(e.getMessage().contains("the process exited while being attached (exited(0))"), e.getMessage());
        assertEquals(Optional.empty(), tracer.tracee(pid));
    }

    @Test
    void attachWhoseInterruptFails() {
        int pid = fake.newProcess();
        fake.failNext(Linux.PTRACE_INTERRUPT, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> tracer.attach(pid));
        assertEquals(Optional.empty(), tracer.tracee(pid));
    }

    @Test
    void attachAndSeizeRefuseImpossibleTargets() {
        for (int bad : new int[] {0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tracer.attach(bad));
            assertEquals("pid must be positive, was " + bad, e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> tracer.seize(bad, Set.of()));
        }
        int self = (int) ProcessHandle.current().pid();
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> tracer.attach(self));
        assertTrue(own.getMessage().startsWith("refusing to trace pid " + self), own.getMessage());
        assertTrue(fake.calls(Linux.PTRACE_SEIZE, self).isEmpty());
        // an ancestor is not refused (strace -p allows it): the request reaches the kernel
        int parent = (int) ProcessHandle.current().parent().orElseThrow().pid();
        assertThrows(RuntimeException.class, () -> tracer.seize(parent, Set.of()));
        assertEquals(1, fake.calls(Linux.PTRACE_SEIZE, parent).size());

        Tracee t = seize();
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> tracer.attach(t.pid()));
        assertEquals("pid " + t.pid() + " is already traced by this tracer", twice.getMessage());
    }

    @Test
    void seizeErrorsAreTranslated() {
        int gone = fake.reservePid();
        TraceeGoneException e = assertThrows(TraceeGoneException.class, () -> tracer.seize(gone, Set.of()));
        assertEquals(Optional.of(gone), e.pid().isPresent() ? Optional.of(e.pid().getAsInt()) : Optional.empty());
        int pid = fake.newProcess();
        fake.failNext(Linux.PTRACE_SEIZE, Linux.EACCES);
        TracePermissionException p = assertThrows(TracePermissionException.class, () -> tracer.seize(pid, Set.of()));
        assertTrue(p.getMessage().startsWith("ptrace(PTRACE_SEIZE, pid=" + pid + ") failed: EACCES (Permission denied)"),
                p.getMessage());
        assertEquals(Optional.empty(), tracer.tracee(pid));
        Tracee ok = tracer.seize(pid, Set.of());
        assertEquals(TraceeState.RUNNING, ok.state());
    }

    // --- reading and writing a stopped tracee ------------------------------------------------------------------

    @Test
    void registersAreReadAndWrittenOnTheTracerThread() {
        TraceeHandle t = seize();
        long[] v = new long[27];
        v[16] = 0x401000;
        fake.registers.put(t.pid(), v);
        RegisterSet r = (RegisterSet) t.registers();
        assertEquals(new RegisterSet(Arch.X86_64, v), r);
        assertTrue(last(FakeKernel.GETREGSET, t.pid()).thread().getName().startsWith("ptrace-tracer-"));
        t.setRegisters(r.withReturnValue(7));
        assertArrayEquals(r.withReturnValue(7).values(), fake.writtenRegs.get(0));
        assertEquals(Linux.NT_PRSTATUS, last(FakeKernel.SETREGSET, t.pid()).addr());

        // another Registers implementation is written register by register
        RegisterSet backing = r.withProgramCounter(0x1234L);
        Registers other = (Registers) java.lang.reflect.Proxy.newProxyInstance(Registers.class.getClassLoader(),
                new Class<?>[] {Registers.class}, (proxy, m, a) -> m.invoke(backing, a));
        t.setRegisters(other);
        assertEquals(0x1234L, fake.writtenRegs.get(1)[16]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.setRegisters(new RegisterSet(Arch.AARCH64, new long[34])));
        assertEquals("registers of AARCH64 cannot be written to a X86_64 tracee", e.getMessage());
        assertEquals(0, fake.writtenScno.size(), "no NT_ARM_SYSTEM_CALL on x86_64");
    }

    @Test
    void registerErrorsAreTranslated() {
        TraceeHandle t = seize();
        assertThrows(TraceeGoneException.class, t::registers, "ESRCH: not stopped");
        fake.registers.put(t.pid(), new long[27]);
        fake.failNext(FakeKernel.SETREGSET, Linux.EIO);
        PtraceException e = assertThrows(PtraceException.class,
                () -> t.setRegisters(new RegisterSet(Arch.X86_64, new long[27])));
        assertEquals(Linux.EIO, e.errnoNumber());
    }

    @Test
    void eventMessageSignalInfoAndSyscallInfoOfTheCurrentStop() {
        TraceeHandle t = seize();
        next(event(t.pid(), 1, 4321), Stop.EventStop.class);
        assertEquals(4321, t.eventMessage());
        t.cont();
        Stop.SignalDelivery d = next(FakeKernel.signal(t.pid(), 10, 55), Stop.SignalDelivery.class);
        SignalInfo i = t.signalInfo();
        assertEquals(d.info(), i);
        assertEquals(55, i.pid());
        t.cont();
        next(FakeKernel.syscallEntry(t.pid(), 3, 9), Stop.SyscallEntry.class);
        SyscallInfo si = t.syscallInfo();
        assertEquals(SyscallInfo.Op.ENTRY, si.op());
        assertEquals(3, si.number());
        assertEquals(9, si.args().a0());
        t.syscall();
        next(FakeKernel.groupStop(t.pid(), 19), Stop.GroupStop.class);
        PtraceException noInfo = assertThrows(PtraceException.class, t::signalInfo);
        assertEquals(Linux.EINVAL, noInfo.errnoNumber());
        fake.failNext(Linux.PTRACE_GETEVENTMSG, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, t::eventMessage);
        fake.failNext(Linux.PTRACE_GET_SYSCALL_INFO, Linux.EIO);
        assertEquals(Linux.EIO, assertThrows(PtraceException.class, t::syscallInfo).errnoNumber());
    }

    @Test
    void traceeHandleBasics() throws Exception {
        TraceeHandle t = seize();
        assertEquals(t.pid(), t.processId(), "no /proc entry: the thread id");
        assertEquals("Tracee[pid=" + t.pid() + ", RUNNING]", t.toString());
        assertEquals("Memory[pid=" + t.pid() + "]", t.memory().toString());
        assertSame(t.memory(), t.memory());
        TraceeGoneException gone = assertThrows(TraceeGoneException.class, t::memoryMaps);
        assertTrue(gone.getMessage().startsWith("read /proc/" + t.pid() + "/maps (pid=" + t.pid()
                + ") failed: ESRCH"), gone.getMessage());

        int self = (int) ProcessHandle.current().pid();
        TraceeHandle own = tracer.table.create(self, false, 0, false);
        assertEquals(self, own.processId());
        assertFalse(own.memoryMaps().mappings().isEmpty());
        long javaThreadTid = Files.list(Path.of("/proc/self/task")).mapToLong(p -> Long.parseLong(
                p.getFileName().toString())).filter(x -> x != self).findFirst().orElse(self);
        assertEquals(self, tracer.table.create((int) javaThreadTid, false, 0, false).processId(),
                "a thread's process is its thread group");
    }
}
