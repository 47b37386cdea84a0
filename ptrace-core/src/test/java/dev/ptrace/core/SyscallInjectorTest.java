package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.RegisterSet;
import dev.ptrace.Stop;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeState;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.ptrace.core.Regs.withRegs;
import static dev.ptrace.core.Regs.x86;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Syscall injection on x86_64: at exit, entry, interrupt and event stops; signals and the end of the tracee during
 * the injected call; the restart of an interrupted syscall; the stops it refuses.
 */
class SyscallInjectorTest extends EngineTestSupport {
    static final long TEXT = 0x400000;
    static final long SP = 0x7ff800;
    static final byte[] SYSCALL = {0x0f, 0x05};
    static final byte[] NOPS = {(byte) 0x90, (byte) 0x90};

    @BeforeEach
    void text() {
        fake.map(TEXT, 1, false); // program text: read-only, written through POKEDATA
    }

    private RegisterSet written(int i) {
        List<long[]> w = fake.writtenRegs;
        return Regs.set(Arch.X86_64, w.get(i < 0 ? w.size() + i : i));
    }

    private List<Integer> resumes(int pid) {
        return requests(pid).stream().filter(r -> r == Linux.PTRACE_SYSCALL || r == Linux.PTRACE_CONT).toList();
    }

    // --- at a syscall-exit stop ---------------------------------------------------------------------------------

    @Test
    void atAnExitStopTheSyscallJustExecutedIsRunAgainWithOurArguments() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x10, SYSCALL);
        long[] saved = x86(TEXT + 0x12, SP, 39, 1234);
        Stop.SyscallExit exit = next(withRegs(FakeKernel.syscallExit(pid, 1234, false), saved), Stop.SyscallExit.class);
        fake.afterResume(Regs.syscallStop(pid, x86(TEXT + 0x12, SP, 102, -38)),
                Regs.syscallStop(pid, x86(TEXT + 0x12, SP, 102, 777)));

        assertEquals(777, t.injectSyscall(102, 1, 2, 3));

        RegisterSet start = written(0);
        assertEquals(TEXT + 0x10, start.programCounter(), "back to the syscall instruction");
        assertEquals(102, start.get("rax"));
        assertEquals(-1, start.get("orig_rax"), "no syscall to restart");
        assertEquals(List.of(1L, 2L, 3L), List.of(start.syscallArg(0), start.syscallArg(1), start.syscallArg(2)));
        assertArrayEquals(saved, written(-1).values(), "the registers are put back as they were");
        assertEquals(2, fake.writtenRegs.size());
        assertEquals(List.of(Linux.PTRACE_SYSCALL, Linux.PTRACE_SYSCALL), resumes(pid));
        assertArrayEquals(SYSCALL, fake.memory(TEXT + 0x10, 2), "nothing was patched");
        assertTrue(fake.calls(Linux.PTRACE_POKEDATA, pid).isEmpty());

        assertEquals(TraceeState.STOPPED, t.state());
        assertEquals(Optional.of(exit), t.currentStop(), "still at the stop it was injected at");
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO), "the injection's stops are not delivered");
        assertTrue(fake.calls.stream().noneMatch(c -> c.name().equals("tgkill")));
    }

    @Test
    void withoutASyscallInstructionBeforeThePcOneIsWrittenAtThePcAndRemovedAfterwards() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x22, NOPS);
        long[] saved = x86(TEXT + 0x22, SP, 0, 0);
        next(withRegs(FakeKernel.syscallExit(pid, 0, false), saved), Stop.SyscallExit.class);
        fake.afterResume(Regs.syscallStop(pid, saved), Regs.syscallStop(pid, x86(TEXT + 0x24, SP, 39, 4321)));

        assertEquals(4321, t.injectSyscall(39));

        assertEquals(TEXT + 0x22, written(0).programCounter(), "the instruction sits at the pc");
        assertTrue(fake.calls(Linux.PTRACE_POKEDATA, pid).stream().anyMatch(c -> c.addr() == TEXT + 0x20
                && ((c.data() >>> 16) & 0xffff) == 0x050f), "syscall written over the pc's bytes");
        assertArrayEquals(NOPS, fake.memory(TEXT + 0x22, 2), "the original bytes are back");
        assertArrayEquals(saved, written(-1).values());
    }

    // --- at a syscall-entry stop --------------------------------------------------------------------------------

    @Test
    void atAnEntryStopThePendingSyscallIsReplacedAndThenRearmed() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x10, SYSCALL);
        long[] saved = x86(TEXT + 0x12, SP, 1, -38);
        Stop.SyscallEntry entry = next(withRegs(FakeKernel.syscallEntry(pid, 1, 1, 0x5000, 10), saved),
                Stop.SyscallEntry.class);
        fake.afterResume(Regs.syscallStop(pid, x86(TEXT + 0x12, SP, 39, 5555)),
                Regs.syscallStop(pid, x86(TEXT + 0x12, SP, 1, -38)));

        assertEquals(5555, t.injectSyscall(39));

        RegisterSet ours = written(0);
        assertEquals(39, ours.syscallNumber(), "our number replaces the pending one");
        assertEquals(TEXT + 0x12, ours.programCounter());
        RegisterSet rearm = written(1);
        assertEquals(TEXT + 0x10, rearm.programCounter(), "the instruction is run again");
        assertEquals(1, rearm.get("rax"), "with the original number");
        assertArrayEquals(saved, written(2).values());
        assertEquals(3, fake.writtenRegs.size());
        assertEquals(List.of(), fake.writtenScno, "x86_64 has no separate syscall number register");
        assertEquals(Optional.of(entry), t.currentStop());

        // the engine still knows it is inside syscall 1: the next stop is its exit
        t.syscall();
        assertEquals(1, next(FakeKernel.syscallExit(pid, 10, false), Stop.SyscallExit.class).number());
    }

    @Test
    void anEntryStopThatDoesNotComeBackToItsSyscallIsAnError() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x10, SYSCALL);
        next(withRegs(FakeKernel.syscallEntry(pid, 1), x86(TEXT + 0x12, SP, 1, -38)), Stop.SyscallEntry.class);
        fake.afterResume(Regs.syscallStop(pid, x86(TEXT + 0x12, SP, 39, 1)),
                Regs.syscallStop(pid, x86(TEXT + 0x12, SP, 2, -38)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.injectSyscall(39));
        assertEquals("tracee " + pid + " did not return to its syscall after the injected one", e.getMessage());
    }

    @Test
    void anEntryStopWithoutANativeSyscallInstructionIsRefused() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x10, (byte) 0xcd, (byte) 0x80); // int $0x80: a 32-bit call
        next(withRegs(FakeKernel.syscallEntry(pid, 1), x86(TEXT + 0x12, SP, 1, -38)), Stop.SyscallEntry.class);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.injectSyscall(39));
        assertTrue(e.getMessage().contains("is not a native one"), e.getMessage());
        assertEquals(List.of(), resumes(pid));
        assertEquals(List.of(), fake.writtenRegs);
    }

    // --- at interrupt stops: restarting what the interrupt broke off ------------------------------------------

    private RegisterSet injectAtInterruptStop(long rax, long origRax) {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x20, NOPS);
        long[] saved = x86(TEXT + 0x20, SP, origRax, rax);
        next(withRegs(FakeKernel.interruptStop(pid), saved), Stop.EventStop.class);
        fake.afterResume(Regs.syscallStop(pid, saved), Regs.syscallStop(pid, x86(TEXT + 0x22, SP, 39, 42)));
        assertEquals(42, t.injectSyscall(39));
        assertArrayEquals(NOPS, fake.memory(TEXT + 0x20, 2));
        assertEquals(TEXT + 0x20, written(0).programCounter());
        return written(-1);
    }

    @Test
    void aSyscallInterruptedWithErestartsysIsRestarted() {
        RegisterSet after = injectAtInterruptStop(-512, 7);
        assertEquals(7, after.get("rax"), "the kernel would have put orig_rax back into rax");
        assertEquals(TEXT + 0x1e, after.programCounter(), "and stepped back over the syscall instruction");
    }

    @Test
    void erestartnointrAndErestartnohandRestartToo() {
        assertEquals(23, injectAtInterruptStop(-513, 23).get("rax"));
    }

    @Test
    void erestartnohandRestarts() {
        RegisterSet after = injectAtInterruptStop(-514, 61);
        assertEquals(61, after.get("rax"));
        assertEquals(TEXT + 0x1e, after.programCounter());
    }

    @Test
    void aRestartBlockBecomesRestartSyscall() {
        RegisterSet after = injectAtInterruptStop(-516, 35);
        assertEquals(219, after.get("rax"), "restart_syscall");
        assertEquals(TEXT + 0x1e, after.programCounter());
    }

    @Test
    void otherResultsAndStopsOutsideASyscallAreRestoredAsTheyWere() {
        RegisterSet after = injectAtInterruptStop(-4, 7); // EINTR: nothing to restart
        assertEquals(-4, after.get("rax"));
        assertEquals(TEXT + 0x20, after.programCounter());
    }

    @Test
    void outsideASyscallNothingIsRestarted() {
        RegisterSet after = injectAtInterruptStop(-512, -1); // orig_rax -1: not in a syscall
        assertEquals(-512, after.get("rax"));
        assertEquals(TEXT + 0x20, after.programCounter());
    }

    // --- what happens meanwhile ---------------------------------------------------------------------------------

    @Test
    void signalsArrivingDuringTheInjectedSyscallAreDeliveredAfterwards() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x10, SYSCALL);
        long[] saved = x86(TEXT + 0x12, SP, 39, 0);
        next(withRegs(FakeKernel.syscallExit(pid, 0, false), saved), Stop.SyscallExit.class);
        fake.afterResume(FakeKernel.signal(pid, 10, 77), Regs.syscallStop(pid, saved),
                FakeKernel.event(pid, 2, 99), // an event stop (SIGTRAP | event): not a signal to hold back
                FakeKernel.signal(pid, 5, 77), // SIGTRAP: the tracer's business, not passed on
                Regs.syscallStop(pid, x86(TEXT + 0x12, SP, 39, 8)));

        assertEquals(8, t.injectSyscall(39));

        assertEquals(List.of(0L, 0L, 0L, 0L, 0L), fake.calls(Linux.PTRACE_SYSCALL, pid).stream()
                .map(FakeKernel.Call::data).toList(), "held back while our syscall runs");
        List<FakeKernel.Call> tgkill = fake.calls.stream().filter(c -> c.name().equals("tgkill")).toList();
        assertEquals(1, tgkill.size());
        assertEquals(pid, tgkill.get(0).pid(), "to the thread");
        assertEquals(pid, tgkill.get(0).addr(), "of its process");
        assertEquals(10, tgkill.get(0).data());
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO));
    }

    @Test
    void everySignalArrivingDuringTheInjectedSyscallIsDeliveredAfterwards() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x10, SYSCALL);
        long[] saved = x86(TEXT + 0x12, SP, 39, 0);
        next(withRegs(FakeKernel.syscallExit(pid, 0, false), saved), Stop.SyscallExit.class);
        fake.afterResume(FakeKernel.signal(pid, 17, 77), Regs.syscallStop(pid, saved), FakeKernel.signal(pid, 14, 77),
                Regs.syscallStop(pid, x86(TEXT + 0x12, SP, 39, 8)));
        assertEquals(8, t.injectSyscall(39));
        assertEquals(java.util.Set.of(17L, 14L), fake.calls.stream().filter(c -> c.name().equals("tgkill"))
                .map(FakeKernel.Call::data).collect(java.util.stream.Collectors.toSet()),
                "SIGCHLD and SIGALRM both reach the tracee");
    }

    @Test
    void theEndOfTheTraceeDuringTheInjectedSyscallIsReportedAndDelivered() {
        TraceeHandle t = seize();
        int pid = t.pid();
        fake.poke(TEXT + 0x20, NOPS);
        next(withRegs(FakeKernel.interruptStop(pid), x86(TEXT + 0x20, SP, -1, 0)), Stop.EventStop.class);
        fake.afterResume(FakeKernel.killed(pid, 9, false));

        TraceeGoneException e = assertThrows(TraceeGoneException.class, () -> t.injectSyscall(39));
        assertTrue(e.getMessage().contains("the tracee ended during the injected syscall"), e.getMessage());
        assertEquals(TraceeState.EXITED, t.state());
        assertArrayEquals(NOPS, fake.memory(TEXT + 0x20, 2), "the patch is undone all the same");
        Stop.Killed k = assertInstanceOf(Stop.Killed.class, tracer.waitAny(LONG).orElseThrow());
        assertEquals(9, k.signal().number());
        assertEquals(List.of(), tracer.tracees());
    }

    @Test
    void aTraceeGoneBeforeTheRegistersAreReadIsReportedAsGone() {
        TraceeHandle t = seize();
        next(withRegs(FakeKernel.interruptStop(t.pid()), x86(TEXT, SP, -1, 0)), Stop.EventStop.class);
        fake.failNext(FakeKernel.GETREGSET, Linux.ESRCH);
        TraceeGoneException e = assertThrows(TraceeGoneException.class, () -> t.injectSyscall(39));
        assertEquals(Optional.of(dev.ptrace.Errno.ESRCH), e.errno());
    }

    // --- refusals -----------------------------------------------------------------------------------------------

    @Test
    void stopsThatCannotTakeAnInjectedSyscallAreRefused() {
        TraceeHandle t = seize();
        int pid = t.pid();
        IllegalStateException running = assertThrows(IllegalStateException.class, () -> t.injectSyscall(39));
        assertEquals("tracee " + pid + " is not stopped", running.getMessage());

        next(FakeKernel.signal(pid, 10, 1), Stop.SignalDelivery.class);
        assertTrue(assertThrows(IllegalStateException.class, () -> t.injectSyscall(39)).getMessage()
                .contains("at a SignalDelivery"));
        t.cont();
        next(FakeKernel.groupStop(pid, 19), Stop.GroupStop.class);
        assertTrue(assertThrows(IllegalStateException.class, () -> t.injectSyscall(39)).getMessage()
                .contains("at a GroupStop"));
        t.cont();
        next(FakeKernel.event(pid, 4, pid), Stop.EventStop.class);
        assertTrue(assertThrows(IllegalStateException.class, () -> t.injectSyscall(39)).getMessage()
                .contains("at the EXEC event stop"));
        IllegalArgumentException args = assertThrows(IllegalArgumentException.class,
                () -> t.injectSyscall(39, 1, 2, 3, 4, 5, 6, 7));
        assertEquals("a syscall takes at most 6 arguments, got 7", args.getMessage());
        assertEquals(List.of(), fake.writtenRegs);
    }

    @Test
    void scratchSpaceLiesBelowTheRedZoneAndIsAligned() {
        RegisterSet r = Regs.set(Arch.X86_64, x86(0, 0x7ffff001, 0, 0));
        assertEquals((0x7ffff001L - 128 - 100) & ~15L, SyscallInjector.scratchAddress(r, 100));
        assertEquals((0x7ffff001L - 128 - 1) & ~15L, SyscallInjector.scratchAddress(r, 1));
        assertEquals((0x7ffff001L - 128) & ~15L, SyscallInjector.scratchAddress(r, 0));
        assertEquals((0x7ffff001L - 128 - 65536) & ~15L, SyscallInjector.scratchAddress(r, 65536));
        assertThrows(IllegalArgumentException.class, () -> SyscallInjector.scratchAddress(r, -1));
        assertEquals("scratch size must be 0..65536, was 65537", assertThrows(IllegalArgumentException.class,
                () -> SyscallInjector.scratchAddress(r, 65537)).getMessage());

        TraceeHandle t = seize();
        next(withRegs(FakeKernel.interruptStop(t.pid()), x86(TEXT, 0x7ff808, -1, 0)), Stop.EventStop.class);
        assertEquals((0x7ff808L - 128 - 100) & ~15L, t.scratchAddress(100));
    }
}
