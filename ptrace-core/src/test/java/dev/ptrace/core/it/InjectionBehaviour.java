package dev.ptrace.core.it;

import dev.ptrace.Arch;
import dev.ptrace.PtraceEvent;
import dev.ptrace.Redirect;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Syscalls injected into real tracees: the call runs, and the tracee carries on exactly as before. */
public abstract class InjectionBehaviour extends TracerBehaviourBase {
    private static final boolean X86 = Arch.current() == Arch.X86_64;
    private static final int GETPID = X86 ? 39 : 172;
    private static final int MMAP = X86 ? 9 : 222;
    private static final int OPENAT = X86 ? 257 : 56;
    private static final int CLOSE = X86 ? 3 : 57;
    private static final int WRITE = X86 ? 1 : 64;
    private static final long AT_FDCWD = -100;

    @Test
    void getpidAtASyscallEntryLeavesThePendingSyscallIntact() throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c", "echo hello"), SpawnOptions.defaults()
                .withStdout(Redirect.PIPE));
        int[] injected = {0};
        List<Stop> stops = runToEnd(s -> {
            if (s instanceof Stop.SyscallEntry e && e.number() == WRITE && injected[0] == 0) {
                injected[0] = (int) s.tracee().injectSyscall(GETPID);
                assertEquals(e, s.tracee().currentStop().orElseThrow());
                assertEquals(e.arg(0), s.tracee().registers().syscallArg(0), "the write's arguments are back");
            }
        });
        assertEquals(t.pid(), injected[0]);
        assertEquals("hello\n", new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(new Stop.Exited(t, 0), stops.get(stops.size() - 1));
    }

    @Test
    void getpidAtASyscallExitKeepsTheResult() {
        Tracee t = tracer.spawn(List.of("/bin/true"));
        long[] seen = {0, 0};
        runToEnd(s -> {
            if (s instanceof Stop.SyscallExit x && seen[0] == 0) {
                seen[0] = s.tracee().injectSyscall(GETPID);
                seen[1] = s.tracee().registers().returnValue() == x.returnValue() ? 1 : -1;
            }
        });
        assertEquals(t.pid(), seen[0]);
        assertEquals(1, seen[1], "the original return value is restored");
    }

    @Test
    void mmapAfterExecMapsMemoryTheTracerCanUse() {
        Tracee t = tracer.spawn(List.of("/bin/true"));
        long[] addr = {0};
        boolean[] refusedAtExecEvent = {false};
        runToEnd(s -> {
            if (s instanceof Stop.EventStop e && e.event() == PtraceEvent.EXEC) {
                refusedAtExecEvent[0] = assertThrows(IllegalStateException.class,
                        () -> s.tracee().injectSyscall(GETPID)).getMessage().contains("inside a syscall");
            }
            if (s instanceof Stop.SyscallExit x && x.number() == execve() && addr[0] == 0) {
                long a = s.tracee().injectSyscall(MMAP, 0, 8192, 3 /* PROT_READ|PROT_WRITE */,
                        0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
                assertTrue(a > 0 && a % 4096 == 0, "mmap returned " + a);
                assertTrue(s.tracee().memoryMaps().find(a).isPresent(), "the new mapping is listed");
                s.tracee().memory().write(a, "scratch".getBytes(StandardCharsets.UTF_8));
                assertEquals("scratch", new String(s.tracee().memory().readCString(a, 100), StandardCharsets.UTF_8));
                addr[0] = a;
            }
        });
        assertTrue(addr[0] != 0);
        assertTrue(refusedAtExecEvent[0], "refused at the exec event stop, inside execve");
    }

    @Test
    void openatWithAPathInScratchMemoryThenClose() {
        Tracee t = tracer.spawn(List.of("/bin/true"));
        Stop.SyscallEntry first = (Stop.SyscallEntry) t.currentStop().orElseThrow();
        byte[] path = "/etc/hostname\0".getBytes(StandardCharsets.US_ASCII);
        long where = t.scratchAddress(path.length);
        assertTrue(where < t.registers().stackPointer());
        t.memory().write(where, path);
        long fd = t.injectSyscall(OPENAT, AT_FDCWD, where, 0);
        assertTrue(fd >= 0, "openat returned " + fd);
        Path link = Path.of("/proc/" + t.pid() + "/fd/" + fd);
        assertTrue(Files.isSymbolicLink(link), "the tracee holds the descriptor");
        assertEquals(0, t.injectSyscall(CLOSE, fd));
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the descriptor is closed");
        assertEquals(first, t.currentStop().orElseThrow(), "still at the execve entry");
        assertEquals(new Stop.Exited(t, 0), runToEnd(s -> { }).stream().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void injectingIntoAnInterruptedSleepLetsItFinishNormally() throws Exception {
        long start = System.nanoTime();
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild("exec sleep 1");
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "sleep to sleep");
        Tracee t = tracer.attach((int) g.pid());
        assertEquals(g.pid(), t.injectSyscall(GETPID));
        t.detach();
        assertTrue(g.shell().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, g.shell().exitValue(), "sleep ended normally");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1000), "it slept its full second");
    }

    @Test
    void refusedAtASignalDeliveryStop() {
        tracer.spawn(List.of("/bin/sh", "-c", "kill -USR1 $$"));
        boolean[] refused = {false};
        runToEnd(s -> {
            if (s instanceof Stop.SignalDelivery) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> s.tracee().injectSyscall(GETPID));
                refused[0] = e.getMessage().contains("signal");
            }
        });
        assertTrue(refused[0]);
    }

    @Test
    void aSyscallFilterStopsOnlyAtTheChosenSyscalls() throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c", "for i in 1 2 3; do echo x >/dev/null; done; cat /etc/hostname"),
                SpawnOptions.defaults().followingChildren().withStdout(Redirect.PIPE)
                        .withTracedSyscalls(java.util.Set.of(OPENAT)));
        List<Stop> stops = runToEnd(s -> { });
        String out = new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(Files.readString(Path.of("/etc/hostname")), out);
        assertEquals(new Stop.Exited(t, 0), stops.get(stops.size() - 1));
        List<Integer> entries = stops.stream().filter(s -> s instanceof Stop.SyscallEntry)
                .map(s -> ((Stop.SyscallEntry) s).number()).toList();
        assertTrue(entries.contains(OPENAT), "openat is traced: " + entries);
        assertEquals(execve(), entries.get(0), "the spawn's own first stop, before the filter is in place");
        assertEquals(List.of(OPENAT), entries.subList(1, entries.size()).stream().distinct().toList(),
                "after it, only the chosen syscall stops: " + entries);
        long openatExits = stops.stream().filter(s -> s instanceof Stop.SyscallExit x && x.number() == OPENAT).count();
        assertEquals(entries.stream().filter(n -> n == OPENAT).count(), openatExits, "every openat entry has its exit");
        // new processes and execs are still reported, as ptrace events rather than syscall stops
        assertTrue(stops.stream().anyMatch(s -> s instanceof Stop.EventStop e
                && (e.event() == PtraceEvent.FORK || e.event() == PtraceEvent.VFORK
                || e.event() == PtraceEvent.CLONE)), "the fork of cat");
        assertEquals(2, stops.stream().filter(s -> s instanceof Stop.EventStop e && e.event() == PtraceEvent.EXEC)
                .count(), "the execs of sh and cat");
        assertEquals(2, stops.stream().filter(Stop::isTerminal).count(), "the ends of sh and cat");
    }
}
