package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.PtraceEvent;
import dev.ptrace.PtraceOption;
import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;
import dev.ptrace.Stop;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static dev.ptrace.core.FakeKernel.event;
import static dev.ptrace.core.FakeKernel.stopped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the engine classifies each kind of wait status into a {@link Stop}. */
class EngineStopDecodingTest extends EngineTestSupport {

    @Test
    void syscallEntryAndExitFromGetSyscallInfo() {
        TraceeHandle t = seize();
        Stop.SyscallEntry e = next(FakeKernel.syscallEntry(t.pid(), 257, -100, 0x1000, 0, 0, 0, 7),
                Stop.SyscallEntry.class);
        assertSame(t, e.tracee());
        assertEquals(Arch.X86_64, e.arch());
        assertEquals(257, e.number());
        assertEquals(new SyscallArgs(-100, 0x1000, 0, 0, 0, 7), e.args());
        assertEquals(0x401000L + 257, e.instructionPointer());
        assertEquals(0x7ffd0000L, e.stackPointer());
        assertEquals(TraceeState.STOPPED, t.state());
        assertEquals(Optional.of(e), t.currentStop());

        t.syscall();
        Stop.SyscallExit x = next(FakeKernel.syscallExit(t.pid(), -2, true), Stop.SyscallExit.class);
        assertEquals(257, x.number(), "the number seen at the entry");
        assertEquals(-2, x.returnValue());
        assertTrue(x.isError());

        t.syscall();
        Stop.SyscallExit ok = next(FakeKernel.syscallExit(t.pid(), 3, false), Stop.SyscallExit.class);
        assertEquals(3, ok.returnValue());
        assertFalse(ok.isError());
    }

    @Test
    void syscallArchComesFromTheAuditArch() {
        TraceeHandle t = seize();
        assertEquals(Arch.AARCH64, next(FakeKernel.syscallEntryArch(t.pid(), FakeKernel.AUDIT_AARCH64, 1),
                Stop.SyscallEntry.class).arch());
        t.syscall();
        assertEquals(Arch.X86_64, next(FakeKernel.syscallEntryArch(t.pid(), 0x40000003, 1), Stop.SyscallEntry.class)
                .arch(), "an unsupported audit arch (i386) falls back to the tracer's");
    }

    @Test
    void syscallExitBeforeAnyEntryHasNumberMinusOne() {
        TraceeHandle t = seize();
        assertEquals(-1, next(FakeKernel.syscallExit(t.pid(), 0, false), Stop.SyscallExit.class).number());
    }

    private static long[] x86Regs(long origRax, long rax, long rdi) {
        long[] r = new long[27];
        r[Arch.X86_64.registerIndex("orig_rax")] = origRax;
        r[Arch.X86_64.registerIndex("rax")] = rax;
        r[Arch.X86_64.registerIndex("rdi")] = rdi;
        r[Arch.X86_64.registerIndex("rip")] = 0x401234;
        r[Arch.X86_64.registerIndex("rsp")] = 0x7ffe0000L;
        return r;
    }

    @Test
    void registerFallbackWhenGetSyscallInfoIsUnsupported() {
        fake.syscallInfoUnsupported = true;
        TraceeHandle t = seize();
        Stop.SyscallEntry e = next(FakeKernel.syscallByRegisters(t.pid(), x86Regs(59, -38, 0xabc)),
                Stop.SyscallEntry.class);
        assertEquals(59, e.number());
        assertEquals(0xabc, e.arg(0));
        assertEquals(0x401234, e.instructionPointer());
        assertEquals(0x7ffe0000L, e.stackPointer());
        t.syscall();
        Stop.SyscallExit x = next(FakeKernel.syscallByRegisters(t.pid(), x86Regs(59, -38, 0)),
                Stop.SyscallExit.class);
        assertEquals(59, x.number(), "-ENOSYS right after an entry is that syscall's exit");
        assertEquals(-38, x.returnValue());
        assertTrue(x.isError());
        t.syscall();
        assertEquals(39, next(FakeKernel.syscallByRegisters(t.pid(), x86Regs(39, -38, 0)),
                Stop.SyscallEntry.class).number());
        t.syscall();
        Stop.SyscallExit pid = next(FakeKernel.syscallByRegisters(t.pid(), x86Regs(39, 1234, 0)),
                Stop.SyscallExit.class);
        assertEquals(1234, pid.returnValue());
        assertFalse(pid.isError());
        assertEquals(1, fake.calls(Linux.PTRACE_GET_SYSCALL_INFO, t.pid()).size(),
                "unsupported is remembered: asked once only");
    }

    @Test
    void aThirtyTwoBitRegisterSetIsReportedAndTheOtherTraceesGoOn() throws Exception {
        // A register set of the wrong size (a 32-bit tracee) cannot be decoded: the next wait says so.
        fake.syscallInfoUnsupported = true;
        TraceeHandle stopped = (TraceeHandle) tracer.attach(fake.newProcess(), Set.of());
        TraceeHandle t = seize();
        FakeKernel.Event e = FakeKernel.syscallByRegisters(t.pid(), new long[17]);
        e.ctx().regsetSize = 68;
        fake.emit(e);
        dev.ptrace.PtraceException x = org.junit.jupiter.api.Assertions.assertThrows(
                dev.ptrace.PtraceException.class, () -> tracer.waitAny(LONG));
        assertTrue(x.getMessage().contains("32-bit tracees are not supported"), x.getMessage());
        assertEquals(TraceeState.STOPPED, stopped.state(), "the other tracee is untouched");
        assertEquals(2, tracer.tracees().size());
    }

    @Test
    void signalDeliveryWithSiginfo() {
        TraceeHandle t = seize();
        Stop.SignalDelivery s = next(FakeKernel.signal(t.pid(), 10, 777), Stop.SignalDelivery.class);
        assertEquals(Signal.SIGUSR1, s.signal());
        SignalInfo i = s.info();
        assertEquals(Signal.SIGUSR1, i.signal());
        assertEquals(SignalInfo.SI_USER, i.code());
        assertEquals(777, i.pid());
        assertEquals(1000, i.uid());
    }

    @Test
    void groupStopOfASeizedTracee() {
        TraceeHandle t = seize();
        Stop.GroupStop g = next(FakeKernel.groupStop(t.pid(), 20), Stop.GroupStop.class);
        assertEquals(Signal.SIGTSTP, g.signal());
        assertEquals(0, fake.calls(Linux.PTRACE_GETSIGINFO, t.pid()).size(), "no GETSIGINFO needed");
    }

    @Test
    void stopSignalWithoutSiginfoIsAGroupStop() {
        TraceeHandle t = seize();
        // GETSIGINFO fails with EINVAL at a group-stop (no siginfo scripted)
        Stop.GroupStop g = next(new FakeKernel.Event(t.pid(), stopped(19, 0), new FakeKernel.Ctx()),
                Stop.GroupStop.class);
        assertEquals(Signal.SIGSTOP, g.signal());
    }

    @Test
    void interruptStopIsAnEventStop() {
        TraceeHandle t = seize();
        Stop.EventStop s = next(FakeKernel.interruptStop(t.pid()), Stop.EventStop.class);
        assertEquals(PtraceEvent.STOP, s.event());
        assertEquals(0, s.message());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void forkVforkCloneReportTheChildAndAdoptIt(int code) {
        TraceeHandle parent = seize(EnumSet.of(PtraceOption.TRACEFORK, PtraceOption.TRACEVFORK,
                PtraceOption.TRACECLONE, PtraceOption.EXITKILL));
        int child = fake.reservePid();
        Stop.EventStop f = next(event(parent.pid(), code, child), Stop.EventStop.class);
        assertEquals(PtraceEvent.of(code).orElseThrow(), f.event());
        assertEquals(child, f.message());
        Tracee c = tracer.tracee(child).orElseThrow();
        assertEquals(parent.options(), c.options(), "a new child inherits the options");
        assertFalse(c.isSpawned());
        // its first stop (SIGSTOP with PTRACE_EVENT_STOP) is the new child's initial stop, not a group-stop
        Stop.EventStop first = next(new FakeKernel.Event(child, stopped(19, 128), new FakeKernel.Ctx()),
                Stop.EventStop.class);
        assertEquals(PtraceEvent.STOP, first.event());
        assertSame(c, first.tracee());
        c.cont();
        // a later one is a real group-stop
        next(new FakeKernel.Event(child, stopped(19, 128), new FakeKernel.Ctx()), Stop.GroupStop.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aForkedChildLeadsItsOwnProcessWithoutAProcReadWhileACloneChildIsLookedUp(int code) throws Exception {
        TraceeHandle parent = seize(EnumSet.of(PtraceOption.TRACEFORK, PtraceOption.TRACEVFORK,
                PtraceOption.TRACECLONE, PtraceOption.EXITKILL));
        // a thread id of this JVM as the child's: /proc would say its thread group is the JVM
        long self = ProcessHandle.current().pid();
        int jvmThread;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            jvmThread = tasks.mapToInt(p -> Integer.parseInt(p.getFileName().toString())).filter(x -> x != self)
                    .findFirst().orElseThrow();
        }
        next(event(parent.pid(), code, jvmThread), Stop.EventStop.class);
        Tracee c = tracer.tracee(jvmThread).orElseThrow();
        assertEquals(code == 3 ? self : jvmThread, c.processId());
        tracer.execute(() -> {
            ((TraceeHandle) c).gone(TraceeState.EXITED); // nothing to release at close: it is not a real child
            return null;
        });
    }

    @Test
    void childStopArrivingBeforeTheForkEvent() {
        TraceeHandle parent = seize(EnumSet.of(PtraceOption.TRACEFORK, PtraceOption.EXITKILL));
        int child = fake.reservePid();
        Stop.EventStop first = next(new FakeKernel.Event(child, stopped(19, 128), new FakeKernel.Ctx()),
                Stop.EventStop.class);
        assertEquals(PtraceEvent.STOP, first.event());
        TraceeHandle c = (TraceeHandle) tracer.tracee(child).orElseThrow();
        assertEquals(EnumSet.of(PtraceOption.TRACESYSGOOD, PtraceOption.TRACEEXEC), c.options(),
                "before the parent's event only the always-on options are known");
        assertFalse(c.killOnClose());
        Stop.EventStop fork = next(event(parent.pid(), 1, child), Stop.EventStop.class);
        assertEquals(child, fork.message());
        assertSame(c, tracer.tracee(child).orElseThrow(), "the same handle, not a second one");
        assertEquals(parent.options(), c.options());
        assertTrue(c.killOnClose(), "kill-on-close follows the parent");
    }

    @Test
    void execWithoutThreadIdChange() {
        TraceeHandle t = seize();
        Stop.EventStop x = next(event(t.pid(), 4, t.pid()), Stop.EventStop.class);
        assertEquals(PtraceEvent.EXEC, x.event());
        assertEquals(t.pid(), x.message());
        assertEquals(1, tracer.tracees().size());
    }

    @Test
    void execByANonLeaderThreadTakesOverTheLeadersId() throws Exception {
        TraceeHandle leader = seize(EnumSet.of(PtraceOption.TRACECLONE));
        int tid = fake.reservePid();
        next(event(leader.pid(), 3, tid), Stop.EventStop.class);
        leader.cont();
        Tracee thread = tracer.tracee(tid).orElseThrow();
        next(new FakeKernel.Event(tid, stopped(19, 128), new FakeKernel.Ctx()), Stop.EventStop.class);
        thread.syscall();
        assertEquals(59, next(FakeKernel.syscallEntry(tid, 59), Stop.SyscallEntry.class).number());
        thread.syscall();
        // the thread's pending exit stop and the exec event arrive together; the exec supersedes the thread
        fake.emit(event(tid, 6, 0), event(leader.pid(), 4, tid));
        fake.awaitQuiescent();
        Stop.EventStop exec = (Stop.EventStop) tracer.waitAny(LONG).orElseThrow();
        assertSame(leader, exec.tracee());
        assertEquals(PtraceEvent.EXEC, exec.event());
        assertEquals(tid, exec.message());
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO), "the former thread's stops are dropped");
        assertEquals(Optional.empty(), tracer.tracee(tid));
        assertEquals(TraceeState.EXITED, thread.state());
        leader.syscall();
        Stop.SyscallExit x = next(FakeKernel.syscallExit(leader.pid(), 0, false), Stop.SyscallExit.class);
        assertEquals(59, x.number(), "the syscall number carries over to the leader");
    }

    @Test
    void execNamingAnUnknownFormerThreadChangesNothingElse() {
        TraceeHandle t = seize();
        assertEquals(123, next(event(t.pid(), 4, 123), Stop.EventStop.class).message());
        assertEquals(1, tracer.tracees().size());
    }

    @Test
    void exitEventCarriesThePendingStatus() {
        TraceeHandle t = seize();
        Stop.EventStop x = next(event(t.pid(), 6, 0x0300), Stop.EventStop.class);
        assertEquals(PtraceEvent.EXIT, x.event());
        assertEquals(0x0300, x.message());
        assertFalse(x.isTerminal());
    }

    @Test
    void seccompDataIsMaskedTo16Bits() {
        TraceeHandle t = seize();
        Stop.EventStop s = next(event(t.pid(), 7, 0xdeadbeef12345678L), Stop.EventStop.class);
        assertEquals(PtraceEvent.SECCOMP, s.event());
        assertEquals(0x5678, s.message());
    }

    @Test
    void vforkDoneAndUnknownEvents() {
        TraceeHandle t = seize();
        Stop.EventStop done = next(event(t.pid(), 5, 99), Stop.EventStop.class);
        assertEquals(PtraceEvent.VFORK_DONE, done.event());
        assertEquals(99, done.message());
        t.cont();
        Stop.EventStop unknown = next(event(t.pid(), 9, 1), Stop.EventStop.class);
        assertEquals(PtraceEvent.STOP, unknown.event());
        assertEquals(9, unknown.message(), "an unknown event is reported as STOP carrying its number");
    }

    @Test
    void exitedAndKilled() {
        TraceeHandle a = seize();
        Stop.Exited x = next(FakeKernel.exited(a.pid(), 3), Stop.Exited.class);
        assertEquals(3, x.status());
        assertTrue(x.isTerminal());
        assertEquals(TraceeState.EXITED, a.state());
        assertEquals(Optional.empty(), a.currentStop());
        assertEquals(Optional.empty(), tracer.tracee(a.pid()), "a terminal stop, once taken, ends the tracee");

        TraceeHandle b = seize();
        Stop.Killed k = next(FakeKernel.killed(b.pid(), 11, true), Stop.Killed.class);
        assertEquals(Signal.SIGSEGV, k.signal());
        assertTrue(k.coreDumped());
        TraceeHandle c = seize();
        Stop.Killed k9 = next(FakeKernel.killed(c.pid(), 9, false), Stop.Killed.class);
        assertEquals(Signal.SIGKILL, k9.signal());
        assertFalse(k9.coreDumped());
    }

    @Test
    void aTraceeThatVanishesWhileBeingDecodedReportsOnlyItsEnd() throws Exception {
        TraceeHandle t = seize();
        fake.failNext(Linux.PTRACE_GETEVENTMSG, Linux.ESRCH);
        fake.failNext(Linux.PTRACE_GETSIGINFO, Linux.ESRCH);
        fake.failNext(Linux.PTRACE_GET_SYSCALL_INFO, Linux.ESRCH);
        fake.emit(event(t.pid(), 1, 5), FakeKernel.signal(t.pid(), 10, 1), FakeKernel.syscallEntry(t.pid(), 1),
                FakeKernel.exited(t.pid(), 0));
        assertEquals(Stop.Exited.class, tracer.waitAny(LONG).orElseThrow().getClass());
    }

    @Test
    void statusesOfUnknownPidsAreIgnored() throws Exception {
        TraceeHandle t = seize();
        int stranger = fake.reservePid();
        fake.emit(FakeKernel.signal(stranger, 10, 1), FakeKernel.exited(stranger, 0),
                new FakeKernel.Event(t.pid(), 0xffff, null));
        fake.awaitQuiescent();
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO));
        assertEquals(Optional.empty(), tracer.tracee(stranger));
    }

    @Test
    void anUndecodableStopIsReportedByTheNextWaitAndTheSessionGoesOn() {
        TraceeHandle t = seize();
        fake.failNext(Linux.PTRACE_GETSIGINFO, Linux.EFAULT);
        fake.emit(FakeKernel.signal(t.pid(), 10, 1));
        dev.ptrace.PtraceException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.ptrace.PtraceException.class, () -> tracer.waitAny(LONG));
        assertTrue(e.getMessage().startsWith("ptrace(PTRACE_GETSIGINFO, pid=" + t.pid() + ") failed: EFAULT"),
                e.getMessage());
        assertEquals(Optional.empty(), tracer.waitAny(java.time.Duration.ZERO), "reported once");
        assertTrue(tracer.seize(fake.newProcess(), Set.of()).pid() > 0, "the tracer is still open");
    }

    static void assertThrowsClosed(org.junit.jupiter.api.function.Executable e) {
        IllegalStateException x = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, e);
        assertEquals("this tracer is closed", x.getMessage());
    }

    @Test
    void syscallInfoErrorsOtherThanUnsupportedAreReportedByTheNextWait() {
        TraceeHandle t = seize();
        fake.failNext(Linux.PTRACE_GET_SYSCALL_INFO, Linux.EPERM);
        fake.emit(FakeKernel.syscallEntry(t.pid(), 1));
        org.junit.jupiter.api.Assertions.assertThrows(dev.ptrace.TracePermissionException.class,
                () -> tracer.waitAny(LONG));
        assertFalse(tracer.toString().endsWith(", closed]"), tracer.toString());
    }

    @Test
    void eventMessageErrorsAreReportedByTheNextWait() {
        TraceeHandle t = seize();
        fake.failNext(Linux.PTRACE_GETEVENTMSG, Linux.EIO);
        fake.emit(event(t.pid(), 6, 0));
        dev.ptrace.PtraceException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.ptrace.PtraceException.class, () -> tracer.waitAny(LONG));
        assertEquals(Linux.EIO, e.errnoNumber());
        assertFalse(tracer.toString().endsWith(", closed]"), tracer.toString());
    }

    @Test
    void syscallStopWithoutAnOpFallsBackToRegistersOnce() {
        TraceeHandle t = seize();
        FakeKernel.Event e = FakeKernel.syscallByRegisters(t.pid(), x86Regs(60, -38, 1));
        Stop.SyscallEntry s = next(e, Stop.SyscallEntry.class);
        assertEquals(60, s.number());
        t.syscall();
        next(FakeKernel.syscallEntry(t.pid(), 61), Stop.SyscallEntry.class);
        assertEquals(2, fake.calls(Linux.PTRACE_GET_SYSCALL_INFO, t.pid()).size(),
                "op NONE does not mark the request unsupported");
    }
}
