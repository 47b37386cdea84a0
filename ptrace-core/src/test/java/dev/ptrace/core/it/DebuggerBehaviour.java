package dev.ptrace.core.it;

import dev.ptrace.Arch;
import dev.ptrace.Breakpoint;
import dev.ptrace.Breakpoints;
import dev.ptrace.Errno;
import dev.ptrace.PtraceEvent;
import dev.ptrace.Redirect;
import dev.ptrace.Signal;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.SyscallTampering;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Breakpoints, single-stepping and syscall tampering on real processes, run by every backend through a subclass
 * that supplies its provider. Breakpoint targets are found without a compiler (ELF entry points and symbols of
 * {@code /bin/true}, {@code /bin/ls} and libc); only the remapping test builds a small C program.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class DebuggerBehaviour extends TracerBehaviourBase {

    // ---------------------------------------------------------------------------------------------------------
    // Breakpoints

    @Test
    void breaksAtTheEntryPointOfTrueAndLetsItFinish() {
        Tracee t = tracer.spawn(List.of("/bin/true"));
        runUntilExec(t);
        Breakpoints bps = t.breakpoints();
        long entry = bps.entryPoint();
        byte[] before = t.memory().read(entry, instructionSize());
        Breakpoint bp = bps.set(entry);
        assertEquals(entry, bp.address());
        assertArrayEquals(before, bp.originalBytes());
        assertTrue(bp.isEnabled());
        assertTrue(bp.isInserted());
        assertEquals(List.of(bp), bps.list());
        assertFalse(bps.isHit(), "not at a hit yet");

        t.cont();
        Stop s = t.waitForStop();
        Stop.SignalDelivery d = assertInstanceOf(Stop.SignalDelivery.class, s);
        assertEquals(Signal.SIGTRAP, d.signal());
        assertTrue(bps.isHit());
        assertEquals(Optional.of(bp), bps.current());
        assertEquals(entry, t.registers().programCounter(), "the program counter is rewound to the breakpoint");
        assertEquals(1, bp.hitCount());

        bps.stepOver();
        assertEquals(new Stop.Exited(t, 0), t.waitForStop(), "a normal exit: the SIGTRAP was never delivered");
        assertThrows(IllegalStateException.class, bps::stepOver);
    }

    @Test
    void countsHitsOfALibcFunctionThatLsCallsAndRemovesABreakpointAtItsHit() throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/ls", "/"), SpawnOptions.defaults().withStdout(Redirect.PIPE));
        runUntilExec(t);
        Breakpoints bps = t.breakpoints();
        long entry = bps.entryPoint();
        bps.set(entry);
        t.cont();
        Stop atEntry = t.waitForStop();
        assertTrue(bps.isHit(), "hit at the entry point: " + atEntry);
        // libc is mapped by now (the dynamic loader ran before the entry point)
        long readdir = bps.addressOf("libc.so.6", "readdir").orElseThrow();
        assertTrue(t.memoryMaps().find(readdir).orElseThrow().executable(), "readdir lies in libc's text");
        Breakpoint bp = bps.set(readdir);
        assertTrue(bps.remove(entry), "removing the breakpoint we stand on");
        assertFalse(bps.at(entry).isPresent());
        int hits = 0;
        Stop s;
        while (true) {
            t.cont();
            s = t.waitForStop();
            if (s.isTerminal()) {
                break;
            }
            if (bps.isHit()) {
                assertEquals(bp, bps.current().orElseThrow());
                assertEquals(readdir, t.registers().programCounter());
                hits++;
            }
        }
        assertEquals(new Stop.Exited(t, 0), s);
        assertTrue(hits >= 2, "readdir is called until it returns NULL: " + hits);
        assertEquals(hits, bp.hitCount());
        String out = new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.lines().anyMatch("etc"::equals), out);
    }

    @Test
    void twoBreakpointsInOneWordKeepTheirOwnOriginalBytes() {
        Tracee t = tracer.spawn(List.of("/bin/true"));
        runUntilExec(t);
        Breakpoints bps = t.breakpoints();
        long entry = bps.entryPoint();
        long word = entry & ~7L;
        byte[] original = t.memory().read(word, 16);
        int second = secondInstructionOffset(t.memory().read(entry, 8));
        long a = entry;
        long b = entry + second;

        Breakpoint first = bps.set(a);
        Breakpoint next = bps.set(b);
        byte[] now = t.memory().read(word, 16);
        byte[] expected = original.clone();
        byte[] insn = breakpointInstruction();
        System.arraycopy(insn, 0, expected, (int) (a - word), insn.length);
        System.arraycopy(insn, 0, expected, (int) (b - word), insn.length);
        assertArrayEquals(expected, now);
        assertArrayEquals(slice(original, (int) (b - word), insn.length), next.originalBytes(),
                "the second breakpoint saved the program's bytes, not the first breakpoint's");

        // remove and set again in the other order: the word comes back exactly
        first.remove();
        next.remove();
        assertArrayEquals(original, t.memory().read(word, 16));
        assertFalse(first.isInserted());
        next = bps.set(b);
        first = bps.set(a);

        // both are hit in turn; each step-over leaves the other in place
        t.cont();
        t.waitForStop();
        assertEquals(Optional.of(first), bps.current());
        t.cont();
        t.waitForStop();
        assertEquals(Optional.of(next), bps.current());
        assertTrue(first.isInserted(), "re-inserted after its step-over");
        t.cont();
        assertEquals(new Stop.Exited(t, 0), t.waitForStop());
    }

    @Test
    void singleSteppingFromABreakpointMovesOneInstruction() {
        Tracee t = tracer.spawn(List.of("/bin/true"));
        runUntilExec(t);
        Breakpoints bps = t.breakpoints();
        long entry = bps.entryPoint();
        int second = secondInstructionOffset(t.memory().read(entry, 8));
        bps.set(entry);
        t.cont();
        t.waitForStop();
        assertTrue(bps.isHit());
        t.singleStep();
        Stop.SignalDelivery step = assertInstanceOf(Stop.SignalDelivery.class, t.waitForStop());
        assertEquals(Signal.SIGTRAP, step.signal());
        assertFalse(bps.isHit(), "a step trap is not a hit");
        assertEquals(entry + second, t.registers().programCounter());
        assertTrue(bps.at(entry).orElseThrow().isInserted());
        t.singleStep();
        t.waitForStop();
        t.cont(); // the step's SIGTRAP is the tracer's own: it must not be delivered
        assertEquals(new Stop.Exited(t, 0), t.waitForStop());
    }

    @Test
    void childrenOfAForkingShellDoNotDieOfInheritedBreakpoints() {
        // "( /bin/true )" forks a subshell (a copy of the memory); "/bin/true;" runs through vfork (shared memory)
        Tracee sh = tracer.spawn(List.of("/bin/sh", "-c", "( /bin/true ); /bin/true; exit 3"),
                SpawnOptions.defaults().followingChildren());
        runUntilExec(sh);
        Breakpoints bps = sh.breakpoints();
        bps.set(bps.entryPoint());
        sh.cont();
        sh.waitForStop();
        assertTrue(bps.isHit());
        long execve = bps.addressOf("libc.so.6", "execve").orElseThrow();
        long wait3 = bps.addressOf("libc.so.6", "wait3").orElseThrow();
        bps.set(execve);
        bps.set(wait3);
        sh.syscall();
        Map<Long, List<Integer>> hitsBy = new HashMap<>();
        List<PtraceEvent> events = new ArrayList<>();
        List<Stop> stops = runToEnd(sh, s -> {
            Tracee t = s.tracee();
            if (s instanceof Stop.EventStop e) {
                events.add(e.event());
            }
            t.breakpoints().current().ifPresent(bp ->
                    hitsBy.computeIfAbsent(bp.address(), k -> new ArrayList<>()).add(t.pid()));
        });
        assertTrue(events.contains(PtraceEvent.FORK), "the subshell is a forked copy: " + events);
        assertTrue(stops.stream().noneMatch(s -> s instanceof Stop.Killed), "nobody was killed: " + stops);
        assertTrue(stops.contains(new Stop.Exited(sh, 3)), "the shell's own exit status");
        assertEquals(2, stops.stream().filter(s -> s instanceof Stop.Exited x && x.tracee() != sh
                && x.status() == 0).count(), "both children exit normally: " + stops);
        assertTrue(hitsBy.getOrDefault(wait3, List.of()).contains(sh.pid()),
                "the shell's own breakpoints stay: " + hitsBy);
        assertFalse(hitsBy.getOrDefault(execve, List.of()).contains(sh.pid()), "the shell itself does not exec");
        if (events.contains(PtraceEvent.VFORK)) {
            assertEquals(1, hitsBy.getOrDefault(execve, List.of()).size(),
                    "the vfork child shares the memory and the breakpoints; the forked copy has none: " + hitsBy);
        }
    }

    @Test
    void aBreakpointOnARemappedPageIsSeenAsLostAndRefreshed() throws Exception {
        Path exe = TestPrograms.build("remap", TestPrograms.REMAP);
        Tracee t = tracer.spawn(List.of(exe.toString()), SpawnOptions.defaults().withStdout(Redirect.PIPE));
        runUntilExec(t);
        Breakpoints bps = t.breakpoints();
        long target = bps.addressOf(exe.getFileName().toString(), "target").orElseThrow();
        Breakpoint bp = bps.set(target);
        int getppid = Arch.current() == Arch.X86_64 ? 110 : 173;
        boolean[] refreshed = {false};
        Stop s;
        while (true) {
            t.syscall();
            s = t.waitForStop();
            if (s.isTerminal()) {
                break;
            }
            if (s instanceof Stop.SyscallEntry e && e.number() == getppid) {
                assertEquals(1, bp.hitCount());
                assertTrue(bp.isEnabled());
                assertFalse(bp.isInserted(), "mmap(MAP_FIXED) replaced the page: the breakpoint is gone");
                assertEquals(List.of(bp), bps.refresh());
                assertTrue(bp.isInserted());
                refreshed[0] = true;
            }
        }
        assertEquals(new Stop.Exited(t, 0), s);
        assertTrue(refreshed[0]);
        assertEquals(2, bp.hitCount(), "hit before the remap and, after the refresh, after it");
        assertEquals("5\n", new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void detachingAtABreakpointLeavesAHealthyProcess() throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c", "/bin/true; exit 7"),
                SpawnOptions.defaults().withKillOnExit(false));
        runUntilExec(t);
        Breakpoints bps = t.breakpoints();
        bps.set(bps.entryPoint());
        t.cont();
        t.waitForStop();
        assertTrue(bps.isHit());
        int pid = t.pid();
        t.detach();
        assertEquals(TraceeState.DETACHED, t.state());
        // the process runs on untraced; its exit status goes to the tracer thread, which reaps it
        ProcessHandle h = ProcessHandle.of(pid).orElse(null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h != null && h.isAlive() && ProcessLeaks.state(pid) != 'Z' && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        char state = ProcessLeaks.state(pid);
        assertTrue(state == '?' || state == 'Z', "the detached shell ran to its end, state " + state);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Syscall tampering

    @Test
    void failingOpenatOfOnePathMakesCatReportIt() throws Exception {
        Tracee t = tracer.spawn(List.of("cat", "/etc/hostname"), SpawnOptions.defaults()
                .withStdout(Redirect.PIPE).withStderr(Redirect.PIPE));
        int openat = Arch.current() == Arch.X86_64 ? 257 : 56;
        boolean[] target = {false};
        List<Stop> stops = runToEnd(t, s -> {
            SyscallTampering tamper = s.tracee().syscallTampering();
            if (s instanceof Stop.SyscallEntry e && e.number() == openat) {
                target[0] = "/etc/hostname".equals(new String(
                        s.tracee().memory().readCString(e.arg(1), 256), StandardCharsets.UTF_8));
                if (target[0]) {
                    tamper.skip(); // the file is never opened
                }
            } else if (s instanceof Stop.SyscallExit x && target[0]) {
                assertEquals(-Errno.ENOSYS.number(), x.returnValue(), "a skipped call returns -ENOSYS");
                tamper.fail(Errno.ENOENT);
                target[0] = false;
            }
        });
        String err = new String(t.stderrPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("cat: /etc/hostname: No such file or directory\n", err);
        assertEquals(new Stop.Exited(t, 1), stops.get(stops.size() - 1));
        if (kernelAtLeast(6, 16)) {
            assertTrue(t.syscallTampering().usesSetSyscallInfo(), "PTRACE_SET_SYSCALL_INFO on this kernel");
        }
    }

    @Test
    void getpidReturnsAChosenValue() throws Exception {
        assertEquals("4242\n", echoPidWithGetpidResult(4242));
    }

    @Test
    void getpidReturnsAChosenValueThroughTheRegisters() throws Exception {
        tracer.close();
        System.setProperty("ptrace.setSyscallInfo", "false");
        try {
            tracer = provider().open();
        } finally {
            System.clearProperty("ptrace.setSyscallInfo");
        }
        assertEquals("4343\n", echoPidWithGetpidResult(4343));
    }

    private String echoPidWithGetpidResult(long value) throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c", "echo $$"), SpawnOptions.defaults().withStdout(Redirect.PIPE));
        int getpid = Arch.current() == Arch.X86_64 ? 39 : 172;
        runToEnd(t, s -> {
            if (s instanceof Stop.SyscallExit x && x.number() == getpid) {
                s.tracee().syscallTampering().setResult(value);
            }
        });
        return new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void changingTheNumberAndAnArgumentChangesTheCall() throws Exception {
        // getppid becomes getpid, and the write of "hello" goes to fd 2 instead of 1
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c", "echo $PPID; echo hello"), SpawnOptions.defaults()
                .withStdout(Redirect.PIPE).withStderr(Redirect.PIPE));
        int getppid = Arch.current() == Arch.X86_64 ? 110 : 173;
        int getpid = Arch.current() == Arch.X86_64 ? 39 : 172;
        int write = Arch.current() == Arch.X86_64 ? 1 : 64;
        runToEnd(t, s -> {
            if (s instanceof Stop.SyscallEntry e) {
                SyscallTampering tamper = s.tracee().syscallTampering();
                if (e.number() == getppid) {
                    tamper.setNumber(getpid);
                } else if (e.number() == write && e.arg(0) == 1 && e.arg(2) == 6 && "hello\n".equals(new String(
                        s.tracee().memory().read(e.arg(1), 6), StandardCharsets.UTF_8))) {
                    tamper.setArg(0, 2);
                }
            }
        });
        assertEquals(t.pid() + "\n", new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("hello\n", new String(t.stderrPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void tamperingAtTheWrongStopSaysWhichStopItNeeds() {
        Tracee t = tracer.spawn(List.of("/bin/true"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> t.syscallTampering().setResult(0));
        assertTrue(e.getMessage().contains("syscall-exit stop"), e.getMessage());
        t.kill();
        while (!t.waitForStop().isTerminal()) {
            // the queued first stop, then the end
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Resumes with PTRACE_SYSCALL until the exec event of the spawned program (its image is mapped then). */
    protected static void runUntilExec(Tracee t) {
        while (true) {
            t.syscall();
            Stop s = t.waitForStop();
            if (s instanceof Stop.EventStop e && e.event() == PtraceEvent.EXEC) {
                return;
            }
            assertFalse(s.isTerminal(), "ended before its exec: " + s);
        }
    }

    /** Runs the tracees to their end with PTRACE_SYSCALL (PTRACE_CONT after a hit), returning all stops. */
    protected List<Stop> runToEnd(Tracee first, Consumer<Stop> onStop) {
        List<Stop> seen = new ArrayList<>();
        while (!tracer.tracees().isEmpty()) {
            Optional<Stop> next = tracer.waitAny(Duration.ofSeconds(20));
            assertTrue(next.isPresent(), "no stop within 20 s; last: " + seen.subList(Math.max(0, seen.size() - 5),
                    seen.size()));
            Stop s = next.get();
            seen.add(s);
            onStop.accept(s);
            if (!s.isTerminal() && s.tracee().state() == TraceeState.STOPPED) {
                s.tracee().syscall();
            }
        }
        return seen;
    }

    private static int instructionSize() {
        return Arch.current() == Arch.X86_64 ? 1 : 4;
    }

    private static byte[] breakpointInstruction() {
        return Arch.current() == Arch.X86_64 ? new byte[] {(byte) 0xCC} : new byte[] {0x00, 0x00, 0x20, (byte) 0xd4};
    }

    /**
     * The length of the first instruction at a program's entry point: 4 on aarch64; on x86_64 {@code endbr64}
     * (4) or {@code xor %ebp,%ebp} (2), the two ways glibc's {@code _start} begins.
     */
    private static int secondInstructionOffset(byte[] code) {
        if (Arch.current() == Arch.AARCH64) {
            return 4;
        }
        if ((code[0] & 0xff) == 0xf3 && (code[1] & 0xff) == 0x0f && (code[2] & 0xff) == 0x1e) {
            return 4;
        }
        if ((code[0] & 0xff) == 0x31 && (code[1] & 0xff) == 0xed) {
            return 2;
        }
        throw new org.opentest4j.TestAbortedException("unexpected first instruction at _start: "
                + String.format("%02x %02x", code[0], code[1]));
    }

    private static byte[] slice(byte[] b, int from, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, from, out, 0, len);
        return out;
    }

    static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version", "0.0").split("[.-]");
        try {
            int ma = Integer.parseInt(v[0]);
            int mi = Integer.parseInt(v[1]);
            return ma > major || (ma == major && mi >= minor);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
