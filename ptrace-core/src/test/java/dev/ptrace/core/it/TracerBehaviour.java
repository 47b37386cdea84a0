package dev.ptrace.core.it;

import dev.ptrace.Arch;
import dev.ptrace.MemoryMapping;
import dev.ptrace.ProcMaps;
import dev.ptrace.PtraceEvent;
import dev.ptrace.Redirect;
import dev.ptrace.Registers;
import dev.ptrace.Signal;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeState;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end behaviour of a {@link dev.ptrace.Tracer} on real processes: spawning, following children, signals,
 * attaching to a process that is not our child, registers and memory, syscall tampering, closing.
 */
public abstract class TracerBehaviour extends TracerBehaviourBase {

    @Test
    void spawnSeesExecveEntryFirstAndExitStatusLast() {
        Tracee t = tracer.spawn(List.of("/bin/true"));
        assertEquals(TraceeState.STOPPED, t.state());
        List<Stop> stops = runToEnd(s -> { });
        Stop first = stops.get(0);
        Stop.SyscallEntry entry = assertInstanceOf(Stop.SyscallEntry.class, first);
        assertEquals(execve(), entry.number());
        Stop last = stops.get(stops.size() - 1);
        assertEquals(new Stop.Exited(t, 0), last);
        assertTrue(stops.stream().anyMatch(s -> s instanceof Stop.EventStop e && e.event() == PtraceEvent.EXEC),
                "an exec event stop");
        long exits = stops.stream().filter(s -> s instanceof Stop.SyscallExit).count();
        long entries = stops.stream().filter(s -> s instanceof Stop.SyscallEntry).count();
        assertTrue(entries > 5, "a dynamically linked /bin/true makes syscalls");
        assertEquals(entries - 1, exits, "every syscall but exit_group returns");
    }

    @Test
    void systemCpuTimeIsKnownAtStopsOnlyWhileRecorded() {
        tracer.spawn(List.of("/bin/true"));
        List<Stop> stops = runToEnd(s -> assertEquals(java.util.OptionalLong.empty(), s.tracee().systemCpuMicros(),
                "not recorded by default: " + s));
        assertTrue(stops.size() > 10);

        tracer.recordCpuTimes(true);
        // each read clears 64 MiB in the kernel: 1 GiB in all, many ticks of system time in the reads
        tracer.spawn(List.of("/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=16"));
        long[] inReads = {0};
        long[] last = {-1};
        int read = Arch.current() == Arch.X86_64 ? 0 : 63;
        int[] seen = {0};
        runToEnd(s -> {
            if (s.isTerminal() || seen[0]++ == 0) {
                return; // spawn's own stop at execve comes before the wait loop's
            }
            long now = s.tracee().systemCpuMicros().orElseThrow(() -> new AssertionError("no system time at " + s));
            assertTrue(now >= 0, "system time " + now);
            if (s instanceof Stop.SyscallExit x && x.number() == read && last[0] >= 0) {
                inReads[0] += now - last[0];
            }
            last[0] = now;
        });
        tracer.recordCpuTimes(false);
        assertTrue(inReads[0] > 0, "system time spent in dd's reads: " + inReads[0] + " us");
    }

    @Test
    void execveArgumentsAreReadableAtTheFirstStop() {
        Tracee t = tracer.spawn(List.of("true", "arg one"));
        Stop.SyscallEntry e = assertInstanceOf(Stop.SyscallEntry.class, t.currentStop().orElseThrow());
        String path = new String(t.memory().readCString(e.arg(0), 4096), StandardCharsets.UTF_8);
        assertTrue(path.endsWith("/true"), path);
        long argv1 = t.memory().readLong(e.arg(1) + 8);
        assertEquals("arg one", new String(t.memory().readCString(argv1, 100), StandardCharsets.UTF_8));
        runToEnd(s -> { });
    }

    @Test
    void followsTheChildrenOfAShell() {
        Tracee sh = tracer.spawn(List.of("/bin/sh", "-c", "/bin/true; exit 3"),
                SpawnOptions.defaults().followingChildren());
        Set<Integer> pids = new HashSet<>();
        List<Stop> stops = runToEnd(s -> pids.add(s.tracee().pid()));
        assertEquals(2, pids.size(), "the shell and its child: " + pids);
        assertTrue(stops.stream().anyMatch(s -> s instanceof Stop.EventStop e
                && (e.event() == PtraceEvent.FORK || e.event() == PtraceEvent.VFORK
                || e.event() == PtraceEvent.CLONE)), "a fork event");
        assertTrue(stops.contains(new Stop.Exited(sh, 3)), "the shell's exit status");
        assertTrue(stops.stream().anyMatch(s -> s instanceof Stop.Exited x && x.tracee() != sh && x.status() == 0),
                "the child's exit");
    }

    @Test
    void signalsAreDeliveredSoHandlersRun() throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c", "trap 'echo handled' USR1; kill -USR1 $$; echo after"),
                SpawnOptions.defaults().withStdout(Redirect.PIPE));
        List<Stop> stops = runToEnd(s -> { });
        String out = new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("handled\nafter\n", out);
        assertTrue(stops.stream().anyMatch(s -> s instanceof Stop.SignalDelivery d
                && d.signal().equals(Signal.SIGUSR1) && d.info().pid() == t.pid()), "the SIGUSR1 delivery stop");
    }

    @Test
    void spawnPassesBytesTheInheritedDescriptorsAndTheSignalMaskButNoOtherDescriptorOfTheJvm() throws Exception {
        Path kept = Files.createTempFile("ptrace-kept", ".txt");
        Path other = Files.createTempFile("ptrace-other", ".txt");
        // FileInputStream's descriptors are not close-on-exec: without the spawner's care they would leak
        try (java.io.FileInputStream keptIn = new java.io.FileInputStream(kept.toFile());
             java.io.FileInputStream otherIn = new java.io.FileInputStream(other.toFile())) {
            int fd = descriptorOf(kept);
            int leak = descriptorOf(other);
            byte[] arg = {'a', (byte) 0xff};
            Tracee t = tracer.spawnBytes(List.of("/bin/sh".getBytes(StandardCharsets.US_ASCII),
                    "-c".getBytes(StandardCharsets.US_ASCII),
                    ("while read -r k v; do [ \"$k\" = SigBlk: ] && echo \"$v\"; done </proc/$$/status;"
                            + " printf '%s' \"$0\" | od -An -tx1; readlink /proc/self/fd/" + fd + "; ls /proc/self/fd/"
                            + leak + " 2>/dev/null")
                            .getBytes(StandardCharsets.US_ASCII), arg),
                    SpawnOptions.defaults().withStdout(Redirect.PIPE).withInheritedDescriptors(Set.of(fd))
                            .withBlockedSignals(Set.of(Signal.SIGUSR1)));
            runToEnd(s -> { });
            String out = new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
            // (the mask read first: dash empties its own once it has waited for a child)
            assertEquals("0000000000000200\n 61 ff\n" + kept.toRealPath() + "\n", out);
        } finally {
            Files.deleteIfExists(kept);
            Files.deleteIfExists(other);
        }
    }

    @Test
    void spawnAsAnotherUserSetsItsIdsAndGroupsBeforeItsExec() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcStatusFields.uid() == 0, "changing the user needs root");
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c", "grep -E '^(Uid|Gid|Groups):' /proc/self/status"),
                SpawnOptions.defaults().withStdout(Redirect.PIPE)
                        .withCredentials(new dev.ptrace.Credentials(65534, 65533, List.of(65533, 100, 4))));
        List<Stop> stops = runToEnd(s -> { });
        String out = new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("Uid:\t65534\t65534\t65534\t65534\nGid:\t65533\t65533\t65533\t65533\nGroups:\t4 100 65533 \n",
                out);
        assertTrue(stops.get(0) instanceof Stop.SyscallEntry, "the first stop is still the program's execve");
    }

    /** The effective uid of this JVM, from /proc/self/status. */
    private static final class ProcStatusFields {
        static long uid() throws java.io.IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[2]);
                }
            }
            return -1;
        }
    }

    /** The descriptor of this JVM open on {@code file}. */
    private static int descriptorOf(Path file) throws Exception {
        Path real = file.toRealPath();
        try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (java.io.IOException e) {
                    // closed meanwhile
                }
            }
        }
        throw new IllegalStateException("no descriptor open on " + file);
    }

    @Test
    void attachesToAProcessThatIsNotAChildReadsItAndDetaches() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild("exec sleep 2");
        others.add(g);
        long pid = g.pid();
        waitUntil(() -> ProcessLeaks.state(pid) == 'S', "the orphan to sleep");
        Tracee t = tracer.attach((int) pid);
        assertEquals(TraceeState.STOPPED, t.state());
        assertTrue(ProcessLeaks.isOurThread(ProcessLeaks.tracerPid(pid)), "traced by a thread of this JVM");
        Registers r = t.registers();
        assertEquals(Arch.current(), r.arch());
        assertTrue(r.stackPointer() != 0);
        // argv lies at arg_start (field 48 of /proc/pid/stat)
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long argStart = Long.parseLong(f[45]);
        assertEquals("sleep", new String(t.memory().readCString(argStart, 64), StandardCharsets.UTF_8));
        byte[] args = t.memory().read(argStart, 8);
        assertEquals("sleep\0" + "2\0", new String(args, StandardCharsets.UTF_8));
        t.detach();
        assertEquals(TraceeState.DETACHED, t.state());
        assertEquals(0, ProcessLeaks.tracerPid(pid));
        waitUntil(() -> ProcessLeaks.state(pid) == 'S', "the detached process to sleep on");
        waitUntil(() -> ProcessLeaks.state(pid) == '?', "the detached process to finish its sleep and exit");
    }

    @Test
    void changingAReturnValueChangesWhatTheTraceeDoes() throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c", "echo $$"), SpawnOptions.defaults().withStdout(Redirect.PIPE));
        int getpid = Arch.current() == Arch.X86_64 ? 39 : 172;
        runToEnd(s -> {
            if (s instanceof Stop.SyscallExit x && x.number() == getpid) {
                Registers r = s.tracee().registers();
                s.tracee().setRegisters(r.withReturnValue(4242));
            }
        });
        assertEquals("4242\n", new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void failingAnOpenatMakesTheProgramReportIt() throws Exception {
        Tracee t = tracer.spawn(List.of("cat", "/etc/hostname"), SpawnOptions.defaults()
                .withStdout(Redirect.PIPE).withStderr(Redirect.PIPE));
        int openat = Arch.current() == Arch.X86_64 ? 257 : 56;
        boolean[] target = {false};
        List<Stop> stops = runToEnd(s -> {
            if (s instanceof Stop.SyscallEntry e && e.number() == openat) {
                target[0] = "/etc/hostname".equals(new String(
                        s.tracee().memory().readCString(e.arg(1), 256), StandardCharsets.UTF_8));
            } else if (s instanceof Stop.SyscallExit x && x.number() == openat && target[0]) {
                s.tracee().setRegisters(s.tracee().registers().withReturnValue(-2)); // ENOENT
            }
        });
        String err = new String(t.stderrPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("cat: /etc/hostname: No such file or directory\n", err);
        assertEquals(new Stop.Exited(t, 1), stops.get(stops.size() - 1));
    }

    @Test
    void memoryMapsMatchProc() throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/sleep", "5"));
        // run to the first syscall after exec so the new image is mapped
        Stop s;
        do {
            t.syscall();
            s = t.waitForStop();
        } while (!(s instanceof Stop.EventStop e && e.event() == PtraceEvent.EXEC));
        ProcMaps maps = t.memoryMaps();
        ProcMaps direct = ProcMaps.parse(Files.readString(Path.of("/proc/" + t.pid() + "/maps")));
        assertEquals(direct, maps);
        assertTrue(maps.mappings().stream().anyMatch(m -> m.path().equals("[stack]")));
        assertTrue(maps.mappings().stream().anyMatch(m -> m.file().orElse("").endsWith("/sleep")),
                "the program is mapped");
        MemoryMapping code = maps.find(t.registers().programCounter()).orElseThrow();
        assertTrue(code.executable(), "the program counter lies in executable memory: " + code);
        assertEquals("[stack]", maps.find(t.registers().stackPointer()).orElseThrow().path());
        t.kill();
        runToEnd(x -> { });
    }

    @Test
    void attachingToAMissingPidIsTraceeGone() {
        int pid = 0x3ffffff0; // above pid_max's largest value
        TraceeGoneException e = assertThrows(TraceeGoneException.class, () -> tracer.attach(pid));
        assertTrue(e.getMessage().contains("ESRCH"), e.getMessage());
        assertTrue(e.getMessage().contains("pid=" + pid), e.getMessage());
    }

    @Test
    void closeMidSyscallLeavesNothingBehind() throws Exception {
        Tracee spawned = tracer.spawn(List.of("/bin/sleep", "30"));
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild("exec sleep 30");
        others.add(g);
        long orphan = g.pid();
        waitUntil(() -> ProcessLeaks.state(orphan) == 'S', "the orphan to sleep");
        Tracee attached = tracer.attach((int) orphan);
        attached.syscall();
        spawned.syscall();
        // let both reach their nanosleep
        sleep(200);
        tracer.close();
        assertEquals(TraceeState.DETACHED, attached.state());
        assertEquals(0, ProcessLeaks.tracerPid(orphan));
        waitUntil(() -> ProcessLeaks.state(orphan) == 'S', "the attached process to sleep on");
        assertEquals('?', ProcessLeaks.state(spawned.pid()), "the spawned process was killed and reaped");
    }

    @Test
    void aProcessBuilderChildIsNotDisturbed() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "sleep 0.3; exit 7").start();
        tracer.spawn(List.of("/bin/sh", "-c", "for i in 1 2 3; do /bin/true; done"),
                SpawnOptions.defaults().followingChildren());
        runToEnd(s -> { });
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(7, p.exitValue(), "the JDK's reaper got the real exit status");
    }

    @Test
    void callsFromOtherThreadsAndFromTheTracerThreadAgree() {
        Tracee t = tracer.spawn(List.of("/bin/true"));
        Registers fromTest = t.registers();
        Registers fromTracer = tracer.execute(t::registers);
        assertEquals(fromTest, fromTracer);
        assertFalse(tracer.isTracerThread());
        assertTrue(tracer.execute(tracer::isTracerThread));
        int stops = tracer.execute(() -> runToEnd(s -> { }).size());
        assertTrue(stops > 10);
    }

    @Test
    void pinningPutsTheTracerAndItsTraceesOnOneCpu() throws Exception {
        Tracee before = tracer.spawn(List.of("/bin/sleep", "5"));
        tracer.pinToCpu(0);
        Tracee after = tracer.spawn(List.of("/bin/sleep", "5"));
        assertEquals("0", cpusAllowed(before.pid()), "a tracee traced before the call");
        assertEquals("0", cpusAllowed(after.pid()), "a tracee spawned after it");
        assertThrows(IllegalArgumentException.class, () -> tracer.pinToCpu(64));
        before.kill();
        after.kill();
        runToEnd(s -> { });
    }

    @Test
    void everyStopArrivesWhetherTheTracerThreadPollsOrBlocks() {
        // a forking script, run on the tracer thread (as Strace runs) and from this thread (hand-offs)
        List<String> script = List.of("/bin/sh", "-c", "for i in 1 2 3; do /bin/true; done; echo x >/dev/null");
        List<String> blocking = syscallTrace(script, Duration.ZERO);
        assertEquals(4, blocking.size(), "the shell and its three children: " + blocking);
        assertTrue(blocking.get(0).split(",").length > 50, "too few stops: " + blocking.get(0));
        assertEquals(blocking, syscallTrace(script, Duration.ofMillis(5)));
        assertEquals(blocking, syscallTrace(script, Duration.ofMillis(1000)));
        assertEquals(blocking, tracer.execute(() -> syscallTrace(script, Duration.ofMillis(1))));
    }

    /**
     * The syscalls each process made, entries and exits by number, processes in the order they first stopped
     * (the script forks one child at a time, so that order is the same in every run). Each process's stops are
     * sorted: the shell's SIGCHLD handler (rt_sigreturn) runs before or after its wait4 as the child's exit falls,
     * in any run, while a lost or doubled stop still changes the list.
     */
    private List<String> syscallTrace(List<String> command, Duration poll) {
        tracer.pollBeforeBlocking(poll);
        tracer.spawn(command, SpawnOptions.defaults().followingChildren());
        Map<Integer, List<String>> byProcess = new LinkedHashMap<>();
        runToEnd(s -> {
            List<String> seen = byProcess.computeIfAbsent(s.tracee().pid(), k -> new ArrayList<>());
            if (s instanceof Stop.SyscallEntry e) {
                seen.add("enter " + e.number());
            } else if (s instanceof Stop.SyscallExit x) {
                seen.add("exit " + x.number() + (x.isError() ? " error" : ""));
            } else if (s.isTerminal()) {
                seen.add("end");
            }
        });
        List<String> all = new ArrayList<>();
        byProcess.values().forEach(seen -> all.add(String.join(",", seen.stream().sorted().toList())));
        return all;
    }

    private static String cpusAllowed(int pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).trim();
            }
        }
        throw new AssertionError("no Cpus_allowed_list for " + pid);
    }
}
