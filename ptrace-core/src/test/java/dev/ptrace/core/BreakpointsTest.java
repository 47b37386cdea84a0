package dev.ptrace.core;

import dev.ptrace.Breakpoint;
import dev.ptrace.Breakpoints;
import dev.ptrace.PtraceOption;
import dev.ptrace.Signal;
import dev.ptrace.Stop;
import dev.ptrace.TraceeState;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.ptrace.core.Regs.withRegs;
import static dev.ptrace.core.Regs.x86;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Software breakpoints on x86_64 (int3) over the fake kernel's memory: setting and removing, recognising a hit,
 * stepping over it, and what detach, close, exec and the end of the process do to them.
 */
class BreakpointsTest extends EngineTestSupport {
    static final long TEXT = 0x400000;
    static final long BP = TEXT + 0x10;
    static final long SP = 0x7ff800;
    static final byte ORIGINAL = 0x55; // push %rbp
    static final byte INT3 = (byte) 0xcc;

    @BeforeEach
    void text() {
        fake.map(TEXT, 1, false);
        fake.poke(BP, ORIGINAL, (byte) 0x48, (byte) 0x89, (byte) 0xe5);
    }

    private byte at(long address) {
        return fake.memory(address, 1)[0];
    }

    /** The SIGTRAP an int3 raises, with the pc one past it. */
    private static FakeKernel.Event int3Trap(int pid, long pc) {
        return withRegs(FakeKernel.signal(pid, 5, FakeKernel.siginfo(5, 0, Linux.SI_KERNEL, 0, 0, 0)),
                x86(pc, SP, -1, 0));
    }

    /** The SIGTRAP of a finished single step. */
    private static FakeKernel.Event stepTrap(int pid, long pc) {
        return withRegs(FakeKernel.signal(pid, 5, FakeKernel.siginfo(5, 0, Linux.TRAP_TRACE, 0, 0, pc)),
                x86(pc, SP, -1, 0));
    }

    private FakeKernel.Call lastResume(int pid) {
        List<FakeKernel.Call> c = fake.callsTo(pid).stream().filter(x -> x.request() == Linux.PTRACE_CONT
                || x.request() == Linux.PTRACE_SYSCALL || x.request() == Linux.PTRACE_SINGLESTEP).toList();
        return c.get(c.size() - 1);
    }

    /** A seized tracee stopped at a hit of a breakpoint at BP. */
    private TraceeHandle atHit(Breakpoint[] bp) {
        TraceeHandle t = seize();
        bp[0] = t.breakpoints().set(BP);
        Stop.SignalDelivery d = next(int3Trap(t.pid(), BP + 1), Stop.SignalDelivery.class);
        assertEquals(Signal.SIGTRAP, d.signal());
        return t;
    }

    // --- the table ----------------------------------------------------------------------------------------------

    @Test
    void settingWritesInt3AndKeepsTheOriginalByte() {
        TraceeHandle t = seize();
        Breakpoints bps = t.breakpoints();
        assertEquals(List.of(), bps.list());
        assertEquals(Optional.empty(), bps.at(BP));
        Breakpoint bp = bps.set(BP);
        assertEquals(INT3, at(BP));
        assertEquals((byte) 0x48, at(BP + 1), "only one byte");
        assertEquals(BP, bp.address());
        assertArrayEquals(new byte[] {ORIGINAL}, bp.originalBytes());
        assertTrue(bp.isEnabled());
        assertTrue(bp.isInserted());
        assertEquals(0, bp.hitCount());
        assertSame(bp, bps.set(BP), "one breakpoint per address");
        assertEquals(List.of(bp), bps.list());
        assertEquals(Optional.of(bp), bps.at(BP));
        assertEquals("Breakpoint[0x400010, hits=0]", bp.toString());
        assertEquals("Breakpoints[pid=" + t.pid() + ", [" + bp + "]]", bps.toString());
        assertFalse(bps.isHit(), "running");
        assertEquals(Optional.empty(), bps.current());
        assertThrows(IllegalStateException.class, bps::stepOver);

        Breakpoint second = bps.set(BP + 1);
        assertEquals(INT3, at(BP + 1));
        assertArrayEquals(new byte[] {0x48}, second.originalBytes(), "its own byte, not the first one's int3");
        assertTrue(bps.remove(BP + 1));
        assertEquals((byte) 0x48, at(BP + 1));
        assertFalse(bps.remove(BP + 1));
        assertFalse(bps.remove(BP + 2));
        assertEquals(INT3, at(BP));
    }

    @Test
    void removingAndClearingWriteTheOriginalBytesBack() {
        TraceeHandle t = seize();
        Breakpoints bps = t.breakpoints();
        assertFalse(bps.remove(BP), "no table yet");
        bps.clear(); // nothing to clear
        Breakpoint a = bps.set(BP);
        Breakpoint b = bps.set(BP + 2);
        a.remove();
        assertEquals(ORIGINAL, at(BP));
        assertFalse(a.isEnabled());
        assertFalse(a.isInserted());
        assertEquals("Breakpoint[0x400010, removed, hits=0]", a.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, a::enable);
        assertEquals("the breakpoint at 0x400010 was removed; set a new one", e.getMessage());
        a.remove(); // again: nothing happens
        a.disable();
        assertEquals(ORIGINAL, at(BP));

        bps.clear();
        assertEquals((byte) 0x89, at(BP + 2));
        assertEquals(List.of(), bps.list());
        assertFalse(b.isEnabled());
    }

    @Test
    void disablingKeepsTheBreakpointAndEnablingOrSettingPutsItBack() {
        TraceeHandle t = seize();
        Breakpoint bp = t.breakpoints().set(BP);
        bp.disable();
        assertEquals(ORIGINAL, at(BP));
        assertFalse(bp.isEnabled());
        assertEquals("Breakpoint[0x400010, disabled, hits=0]", bp.toString());
        assertEquals(List.of(bp), t.breakpoints().list());
        bp.enable();
        assertEquals(INT3, at(BP));
        bp.enable(); // already in
        assertTrue(bp.isInserted());
        bp.disable();
        assertSame(bp, t.breakpoints().set(BP), "setting a disabled one enables it");
        assertTrue(bp.isEnabled());
        assertEquals(INT3, at(BP));
    }

    @Test
    void aBreakpointWhoseCodeWasReplacedIsNotInsertedAndIsNotOverwrittenOnRemoval() {
        TraceeHandle t = seize();
        Breakpoint bp = t.breakpoints().set(BP);
        fake.poke(BP, (byte) 0x90); // the tracee mapped other code there
        assertFalse(bp.isInserted());
        assertTrue(bp.isEnabled());
        assertTrue(t.breakpoints().remove(BP));
        assertEquals((byte) 0x90, at(BP), "the new code is left alone");
    }

    @Test
    void refreshReinsertsWhereTheOriginalCodeCameBackAndGivesUpWhereOtherCodeIs() {
        TraceeHandle t = seize();
        Breakpoint kept = t.breakpoints().set(BP);
        Breakpoint reloaded = t.breakpoints().set(BP + 1);
        Breakpoint replaced = t.breakpoints().set(BP + 2);
        Breakpoint disabled = t.breakpoints().set(BP + 3);
        disabled.disable();
        fake.poke(BP + 1, (byte) 0x48); // the page was loaded again: original code
        fake.poke(BP + 2, (byte) 0x90); // other code
        fake.poke(BP + 3, (byte) 0x90);

        assertEquals(List.of(reloaded), t.breakpoints().refresh());

        assertEquals(INT3, at(BP));
        assertEquals(INT3, at(BP + 1));
        assertTrue(reloaded.isInserted());
        assertTrue(kept.isInserted());
        assertEquals((byte) 0x90, at(BP + 2));
        assertFalse(replaced.isEnabled());
        assertEquals((byte) 0x90, at(BP + 3), "a disabled breakpoint is not looked at");
        assertEquals(List.of(), seize().breakpoints().refresh(), "a process without breakpoints");
    }

    @Test
    void clearingAProcessThatVanishedDropsTheBreakpoints() {
        TraceeHandle t = seize();
        Breakpoint bp = t.breakpoints().set(BP);
        fake.failNext(FakeKernel.VM_READ, Linux.ESRCH);
        t.breakpoints().clear();
        assertEquals(List.of(), t.breakpoints().list());
        assertFalse(bp.isEnabled());
        assertFalse(bp.isInserted());
        assertEquals("Breakpoint[0x400010, removed, hits=0]", bp.toString());
    }

    // --- hits and stepping over ---------------------------------------------------------------------------------

    @Test
    void aHitRewindsThePcAndCountsAndContinuingStepsOverIt() throws Exception {
        Breakpoint[] bp = new Breakpoint[1];
        TraceeHandle t = atHit(bp);
        int pid = t.pid();
        assertEquals(BP, Regs.set(dev.ptrace.Arch.X86_64, fake.writtenRegs.get(fake.writtenRegs.size() - 1))
                .programCounter(), "the pc is back at the breakpoint");
        assertEquals(1, bp[0].hitCount());
        assertTrue(t.breakpoints().isHit());
        assertEquals(Optional.of(bp[0]), t.breakpoints().current());

        t.breakpoints().stepOver();
        assertEquals(ORIGINAL, at(BP), "the original instruction runs");
        assertEquals(Linux.PTRACE_SINGLESTEP, lastResume(pid).request());
        assertEquals(0, lastResume(pid).data());
        assertFalse(t.breakpoints().isHit());
        assertEquals("Breakpoint[0x400010, not in memory, hits=1]", bp[0].toString());

        fake.emit(stepTrap(pid, BP + 1));
        fake.awaitQuiescent();
        assertEquals(INT3, at(BP), "back in after the step");
        assertEquals(Linux.PTRACE_CONT, lastResume(pid).request(), "then the resume asked for");
        assertEquals(0, lastResume(pid).data());
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO), "the step's trap is not delivered");
        assertEquals(TraceeState.RUNNING, t.state());

        next(int3Trap(pid, BP + 1), Stop.SignalDelivery.class);
        assertEquals(2, bp[0].hitCount());
    }

    @Test
    void theSignalAndRequestAskedForAtAHitAreUsedAfterTheStep() throws Exception {
        Breakpoint[] bp = new Breakpoint[1];
        TraceeHandle t = atHit(bp);
        t.syscall(Signal.SIGUSR1);
        assertEquals(Linux.PTRACE_SINGLESTEP, lastResume(t.pid()).request());
        assertEquals(0, lastResume(t.pid()).data(), "not during the step");
        fake.emit(stepTrap(t.pid(), BP + 1));
        fake.awaitQuiescent();
        assertEquals(Linux.PTRACE_SYSCALL, lastResume(t.pid()).request());
        assertEquals(10, lastResume(t.pid()).data());
    }

    @Test
    void singleSteppingFromAHitDeliversTheStepAndDoesNotPassItsTrapOn() {
        Breakpoint[] bp = new Breakpoint[1];
        TraceeHandle t = atHit(bp);
        t.singleStep(Signal.SIGUSR2);
        assertEquals(Linux.PTRACE_SINGLESTEP, lastResume(t.pid()).request());
        assertEquals(12, lastResume(t.pid()).data(), "a single step takes the signal along");
        Stop.SignalDelivery step = next(stepTrap(t.pid(), BP + 1), Stop.SignalDelivery.class);
        assertEquals(Signal.SIGTRAP, step.signal());
        assertEquals(INT3, at(BP));
        assertFalse(t.breakpoints().isHit());
        t.cont();
        assertEquals(Linux.PTRACE_CONT, lastResume(t.pid()).request());
        assertEquals(0, lastResume(t.pid()).data(), "the step's SIGTRAP is the tracer's own");
    }

    @Test
    void anotherStopDuringTheStepIsDeliveredWithTheBreakpointBackIn() {
        Breakpoint[] bp = new Breakpoint[1];
        TraceeHandle t = atHit(bp);
        t.cont();
        Stop.SignalDelivery usr1 = next(FakeKernel.signal(t.pid(), 10, 1), Stop.SignalDelivery.class);
        assertEquals(Signal.SIGUSR1, usr1.signal());
        assertEquals(INT3, at(BP));
        t.cont();
        assertEquals(Linux.PTRACE_CONT, lastResume(t.pid()).request());
        assertEquals(10, lastResume(t.pid()).data());
    }

    @Test
    void aBreakpointRemovedAtItsHitNeedsNoStep() {
        Breakpoint[] bp = new Breakpoint[1];
        TraceeHandle t = atHit(bp);
        bp[0].remove();
        t.cont(Signal.SIGUSR1);
        assertEquals(Linux.PTRACE_CONT, lastResume(t.pid()).request());
        assertEquals(10, lastResume(t.pid()).data());
        assertTrue(fake.calls(Linux.PTRACE_SINGLESTEP, t.pid()).isEmpty());
    }

    @Test
    void aBreakpointDisabledDuringTheStepStaysOut() throws Exception {
        Breakpoint[] bp = new Breakpoint[1];
        TraceeHandle t = atHit(bp);
        t.cont();
        bp[0].disable();
        fake.emit(stepTrap(t.pid(), BP + 1));
        fake.awaitQuiescent();
        assertEquals(ORIGINAL, at(BP));
        assertEquals(Linux.PTRACE_CONT, lastResume(t.pid()).request());
    }

    @Test
    void failuresWhileEndingAStepAreLeftToTheExitThatFollows() throws Exception {
        Breakpoint[] bp = new Breakpoint[1];
        TraceeHandle t = atHit(bp);
        t.cont();
        fake.failNext(Linux.PTRACE_POKEDATA, Linux.ESRCH);
        fake.failNext(Linux.PTRACE_CONT, Linux.ESRCH);
        fake.emit(stepTrap(t.pid(), BP + 1));
        fake.awaitQuiescent();
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO));
        assertEquals(Stop.Killed.class, next(FakeKernel.killed(t.pid(), 9, false)).getClass());
    }

    @Test
    void theEndOfTheProcessDuringAStepForgetsItsBreakpoints() {
        Breakpoint[] bp = new Breakpoint[1];
        TraceeHandle t = atHit(bp);
        t.cont();
        assertInstanceOf(Stop.Killed.class, next(FakeKernel.killed(t.pid(), 9, false)));
        assertFalse(bp[0].isEnabled());
        assertEquals(List.of(), t.breakpoints().list());
    }

    @Test
    void trapsThatAreNoHitsAreDeliveredUntouched() {
        TraceeHandle t = seize();
        int pid = t.pid();
        // no breakpoints anywhere yet
        next(int3Trap(pid, BP + 1), Stop.SignalDelivery.class);
        t.cont();
        Breakpoint bp = t.breakpoints().set(BP);
        // an int3 the program has itself, elsewhere
        next(int3Trap(pid, BP + 0x21), Stop.SignalDelivery.class);
        assertFalse(t.breakpoints().isHit());
        t.cont();
        assertEquals(5, lastResume(pid).data(), "the program's own trap is delivered");
        // a SIGTRAP sent with kill(2)
        next(withRegs(FakeKernel.signal(pid, 5, 777), x86(BP + 1, SP, -1, 0)), Stop.SignalDelivery.class);
        assertFalse(t.breakpoints().isHit());
        t.cont();
        assertEquals(5, lastResume(pid).data());
        // another signal
        next(FakeKernel.signal(pid, 10, 1), Stop.SignalDelivery.class);
        t.cont();
        // a disabled breakpoint
        bp.disable();
        next(int3Trap(pid, BP + 1), Stop.SignalDelivery.class);
        assertFalse(t.breakpoints().isHit());
        t.cont();
        // registers that cannot be read
        bp.enable();
        fake.failNext(FakeKernel.GETREGSET, Linux.ESRCH);
        next(int3Trap(pid, BP + 1), Stop.SignalDelivery.class);
        assertFalse(t.breakpoints().isHit());
        assertEquals(0, bp.hitCount());
        assertEquals(List.of(), fake.writtenRegs, "the pc was never rewound");
    }

    @Test
    void aHitOfAnotherProcessIsNotOurs() {
        TraceeHandle t = seize();
        TraceeHandle other = seize();
        t.breakpoints().set(BP);
        next(int3Trap(other.pid(), BP + 1), Stop.SignalDelivery.class);
        assertFalse(other.breakpoints().isHit());
        assertEquals(List.of(), other.breakpoints().list(), "each process has its own table");
    }

    // --- detach, close, exec ------------------------------------------------------------------------------------

    @Test
    void detachingAtAHitRemovesTheBreakpointsAndSwallowsTheTrap() {
        Breakpoint[] bp = new Breakpoint[1];
        TraceeHandle t = atHit(bp);
        t.detach();
        assertEquals(ORIGINAL, at(BP), "a detached process would die of the int3");
        assertEquals(0, last(Linux.PTRACE_DETACH, t.pid()).data());
        assertEquals(TraceeState.DETACHED, t.state());
        assertFalse(bp[0].isEnabled());
    }

    @Test
    void detachingAfterASingleStepSwallowsItsTrapButPassesOtherTraps() {
        TraceeHandle t = seize();
        t.breakpoints().set(BP);
        next(FakeKernel.signal(t.pid(), 10, 1), Stop.SignalDelivery.class);
        t.singleStep();
        next(stepTrap(t.pid(), BP + 4), Stop.SignalDelivery.class);
        t.detach();
        assertEquals(0, last(Linux.PTRACE_DETACH, t.pid()).data());
        assertEquals(ORIGINAL, at(BP));

        TraceeHandle u = seize();
        next(withRegs(FakeKernel.signal(u.pid(), 5, 777), x86(BP + 1, SP, -1, 0)), Stop.SignalDelivery.class);
        u.detach();
        assertEquals(5, last(Linux.PTRACE_DETACH, u.pid()).data(), "a SIGTRAP someone sent is passed on");
    }

    @Test
    void closingRewindsAPendingHitAndDetachesWithoutTheTrap() {
        TraceeHandle t = seize();
        Breakpoint bp = t.breakpoints().set(BP);
        fake.interruptReplies.put(t.pid(), List.of(int3Trap(t.pid(), BP + 1)));
        tracer.close();
        assertEquals(0, last(Linux.PTRACE_DETACH, t.pid()).data());
        assertEquals(BP, Regs.set(dev.ptrace.Arch.X86_64, fake.writtenRegs.get(fake.writtenRegs.size() - 1))
                .programCounter(), "rewound: the instruction runs after the detach");
        assertEquals(ORIGINAL, at(BP));
        assertFalse(bp.isEnabled());
        assertEquals(TraceeState.DETACHED, t.state());
    }

    @Test
    void closingPassesTrapsThatAreNotAtABreakpoint() {
        TraceeHandle t = seize();
        t.breakpoints().set(BP);
        TraceeHandle stepping = seize();
        next(FakeKernel.signal(stepping.pid(), 10, 1), Stop.SignalDelivery.class);
        stepping.singleStep();
        TraceeHandle unreadable = seize();
        unreadable.breakpoints().set(BP + 2);
        fake.interruptReplies.put(t.pid(), List.of(int3Trap(t.pid(), BP + 0x31)));
        fake.interruptReplies.put(stepping.pid(), List.of(stepTrap(stepping.pid(), BP + 4)));
        fake.interruptReplies.put(unreadable.pid(), List.of(withRegs(FakeKernel.signal(unreadable.pid(), 5,
                FakeKernel.siginfo(5, 0, Linux.SI_KERNEL, 0, 0, 0)), new long[3])));
        tracer.close();
        assertEquals(5, last(Linux.PTRACE_DETACH, t.pid()).data(), "the program's own int3");
        assertEquals(0, last(Linux.PTRACE_DETACH, stepping.pid()).data(), "the tracer's single step");
        assertEquals(5, last(Linux.PTRACE_DETACH, unreadable.pid()).data(), "registers unreadable: passed on");
        assertEquals(ORIGINAL, at(BP));
    }

    @Test
    void execForgetsTheBreakpointsWithoutWritingToTheNewProgram() {
        TraceeHandle t = seize(Set.of(PtraceOption.TRACEEXEC));
        Breakpoint bp = t.breakpoints().set(BP);
        next(FakeKernel.event(t.pid(), 4, t.pid()), Stop.EventStop.class);
        assertEquals(List.of(), t.breakpoints().list());
        assertFalse(bp.isEnabled());
        assertEquals(INT3, at(BP), "the old program's memory is gone; nothing is written into the new one");
        t.cont();
        next(int3Trap(t.pid(), BP + 1), Stop.SignalDelivery.class);
        assertFalse(t.breakpoints().isHit());
    }

    @Test
    void aNewChildIsMatchedToItsCreatorByTheForkEvent() {
        // The fork event names the creator; the fake kernel has one memory for every pid, so the engine's probe
        // finds the child sharing its creator's memory (as after vfork) and the child shares its breakpoints.
        TraceeHandle t = seize(Set.of(PtraceOption.TRACEFORK));
        t.breakpoints().set(BP);
        int child = fake.reservePid();
        next(FakeKernel.event(t.pid(), 1, child), Stop.EventStop.class);
        Stop s = next(FakeKernel.interruptStop(child));
        assertEquals(t.breakpoints().list(), ((TraceeHandle) s.tracee()).breakpoints().list());
        assertEquals(1, t.breakpoints().list().size());
    }

    // --- addresses from the ELF files a process maps (read through /proc only) ----------------------------------

    /**
     * Runs a shell that waits on its stdin, once it is up (it said so): a real process whose /proc files the handle
     * reads. Nothing is traced. (Not this JVM: reading an ELF file maps it here, which would add mappings of it.)
     */
    private static <T> T withShell(java.util.function.Function<Integer, T> body) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo ready; read x").redirectErrorStream(true).start();
        try {
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            assertEquals("ready", r.readLine());
            return body.apply((int) p.pid());
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    void theEntryPointLiesInTheExecutableTextOfTheProgram() throws Exception {
        withShell(pid -> {
            TraceeHandle sh = tracer.table.create(pid, false, 0, false);
            long entry = sh.breakpoints().entryPoint();
            try {
                java.nio.file.Path exe = java.nio.file.Path.of("/proc/" + pid + "/exe");
                String path = java.nio.file.Files.readSymbolicLink(exe).toString();
                dev.ptrace.MemoryMapping m = sh.memoryMaps().find(entry).orElseThrow(() -> new AssertionError(
                        "entry 0x" + Long.toHexString(entry) + " not mapped"));
                assertEquals(Optional.of(path), m.file());
                assertTrue(m.executable(), m.toString());
                ElfFile elf = ElfFile.read(exe);
                assertEquals(elf.loadBias(sh.memoryMaps().ofFile(path)).getAsLong() + elf.entryPoint(), entry);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            return null;
        });
    }

    @Test
    void aSymbolOfAMappedLibraryIsFoundByFileName() throws Exception {
        withShell(pid -> {
            TraceeHandle sh = tracer.table.create(pid, false, 0, false);
            dev.ptrace.ProcMaps maps = sh.memoryMaps();
            String libc = maps.mappings().stream().map(dev.ptrace.MemoryMapping::file).flatMap(Optional::stream)
                    .filter(p -> p.endsWith("/libc.so.6")).findFirst().orElseThrow();
            long expected;
            try {
                ElfFile elf = ElfFile.read(java.nio.file.Path.of(libc));
                expected = elf.loadBias(maps.ofFile(libc)).getAsLong() + elf.symbol("getpid").orElseThrow().value();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertTrue(maps.find(expected).orElseThrow().executable());
            assertEquals(java.util.OptionalLong.of(expected), sh.breakpoints().addressOf("libc.so.6", "getpid"));
            assertEquals(java.util.OptionalLong.of(expected), sh.breakpoints().addressOf(libc, "getpid"));
            assertEquals(java.util.OptionalLong.empty(), sh.breakpoints().addressOf("libc.so.6", "no_such_symbol_x"));
            assertEquals(java.util.OptionalLong.empty(), sh.breakpoints().addressOf("libnothere.so.9", "getpid"));
            return null;
        });
    }

    @Test
    void aProcessThatIsGoneHasNoEntryPointAndNoSymbols() {
        TraceeHandle t = seize();
        dev.ptrace.PtraceException e = assertThrows(dev.ptrace.PtraceException.class,
                () -> t.breakpoints().entryPoint());
        assertTrue(e.getMessage().contains("read the executable of " + t.pid()), e.getMessage());
        assertThrows(dev.ptrace.TraceeGoneException.class, () -> t.breakpoints().addressOf("libc.so.6", "getpid"));
    }
}
