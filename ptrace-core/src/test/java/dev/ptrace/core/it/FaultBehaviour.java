package dev.ptrace.core.it;

import dev.ptrace.Redirect;
import dev.ptrace.Signal;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.TracePermissionException;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeState;
import dev.ptrace.Tracer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix a tracer must survive, on real processes, beyond {@link ReliabilityBehaviour}: detaching and
 * closing leave running, sleeping and stopped processes as they were; a callback that throws leaves nothing
 * stopped; kill-on-exit survives a SIGKILLed tracer JVM; a second tracer and self-tracing are refused with the
 * reason; signals of two kinds are all delivered; threads that exit alone or block during exit_group; fairness
 * between a busy thread and a quiet one; permission failures in a less privileged child JVM.
 */
public abstract class FaultBehaviour extends TracerBehaviourBase {
    private static final Duration FOREVER = java.time.temporal.ChronoUnit.FOREVER.getDuration();

    // ---------------------------------------------------------------------------------------------------------
    // Detach and shutdown

    @Test
    void detachLeavesABusyProcessRunning() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(FaultPrograms.spin().toString());
        others.add(g);
        waitUntil(() -> "spin".equals(comm(g.pid())), "the spinner to exec");
        Tracee t = tracer.attach((int) g.pid());
        t.cont();
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'R', "the spinner to run under trace");
        t.detach();
        assertEquals(TraceeState.DETACHED, t.state());
        assertRunsUntraced(g.pid());
    }

    @Test
    void closeLeavesABusyProcessRunning() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(FaultPrograms.spin().toString());
        others.add(g);
        waitUntil(() -> "spin".equals(comm(g.pid())), "the spinner to exec");
        Tracee t = tracer.attach((int) g.pid());
        t.cont();
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'R', "the spinner to run under trace");
        tracer.close();
        assertEquals(TraceeState.DETACHED, t.state());
        assertRunsUntraced(g.pid());
    }

    @Test
    void detachDuringNanosleepLetsItCompleteWithoutEintr() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(
                FaultPrograms.strictSleeper() + " 700");
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "the sleeper to sleep");
        Tracee t = tracer.attach((int) g.pid());
        t.cont();
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "the sleeper to sleep again under trace");
        t.detach();
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        assertTrue(g.shell().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, g.shell().exitValue(), "nanosleep returned 0 after its full time (3 = EINTR, 4 = early)");
    }

    @Test
    void closeDuringNanosleepLetsItCompleteWithoutEintr() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(
                FaultPrograms.strictSleeper() + " 700");
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "the sleeper to sleep");
        Tracee t = tracer.attach((int) g.pid());
        t.syscall(); // stops again at the entry of restart_syscall: close must detach it from a syscall stop
        tracer.close();
        assertEquals(TraceeState.DETACHED, t.state());
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        assertTrue(g.shell().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, g.shell().exitValue(), "nanosleep returned 0 after its full time (3 = EINTR, 4 = early)");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Waking a wait, detaching everything

    @Test
    void wakeUpEndsAWaitOnTheTracerThreadWhileTheTraceeSpinsWithoutSyscalls() throws Exception {
        Tracee t = tracer.spawn(List.of(FaultPrograms.spin().toString()));
        CompletableFuture<String> loop = CompletableFuture.supplyAsync(() -> tracer.execute(() -> {
            while (true) {
                Optional<Stop> s = tracer.waitAny(FOREVER);
                if (s.isEmpty()) {
                    return "woken";
                }
                if (s.get().isTerminal()) {
                    return "ended: " + s.get();
                }
                s.get().tracee().syscall();
            }
        }));
        waitUntil(() -> cpuTicks(t.pid()) > 2, "the spinner to spin under trace");
        tracer.wakeUp();
        assertEquals("woken", loop.get(30, TimeUnit.SECONDS));
        assertEquals(TraceeState.RUNNING, t.state(), "a wake-up touches no tracee");
    }

    @Test
    void wakeUpEndsAWaitOnAnotherThreadWhileTheTraceeSleeps() throws Exception {
        Tracee t = tracer.spawn(List.of(FaultPrograms.strictSleeper().toString(), "60000"));
        CompletableFuture<Optional<Stop>> waiting = CompletableFuture.supplyAsync(() -> {
            while (true) {
                Optional<Stop> s = tracer.waitAny(FOREVER);
                if (s.isEmpty() || s.get().isTerminal()) {
                    return s;
                }
                s.get().tracee().syscall();
            }
        });
        waitUntil(() -> ProcessLeaks.state(t.pid()) == 'S', "the sleeper to sleep under trace");
        tracer.wakeUp();
        assertEquals(Optional.empty(), waiting.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aWakeUpBeforeTheWaitEndsTheNextWaitOnlyOnce() {
        Tracee t = tracer.spawn(List.of(FaultPrograms.spin().toString()));
        tracer.wakeUp();
        tracer.execute(() -> {
            Optional<Stop> first = tracer.waitAny(FOREVER);
            assertTrue(first.isPresent(), "a stop already queued comes before the wake-up: " + first);
            first.get().tracee().syscall();
            assertEquals(Optional.empty(), tracer.waitAny(FOREVER));
            assertTrue(tracer.waitAny(FOREVER).isPresent(), "woken once, then the execve's exit stop");
            return null;
        });
        t.kill();
    }

    @Test
    void detachAllPassesOnASignalSentToARunningSpawnedTracee() throws Exception {
        Tracee t = tracer.spawn(List.of(FaultPrograms.spin().toString()));
        letSpin(t);
        t.sendSignal(Signal.SIGCONT);
        t.sendSignal(Signal.SIGTERM);
        tracer.detachAll();
        assertEquals(TraceeState.DETACHED, t.state());
        assertEquals(List.of(), tracer.tracees());
        waitUntil(() -> isGone(t.pid()), "SIGTERM, passed on at the detach, to end the spinner");
    }

    @Test
    void detachAllLeavesASpawnedTraceeRunningUntracedAndTheTracerOpen() throws Exception {
        Tracee t = tracer.spawn(List.of(FaultPrograms.spin().toString()));
        letSpin(t);
        tracer.detachAll();
        assertRunsUntraced(t.pid());
        tracer.close();
        assertRunsUntraced(t.pid());
        t.kill();
        waitUntil(() -> isGone(t.pid()), "the spinner to be killed and reaped");
    }

    @Test
    void closeLeavesAGroupStoppedProcessStopped() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild("exec sleep 30");
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "sleep to sleep");
        IntegrationSupport.signal(g.pid(), "STOP");
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'T', "the process to stop");
        Tracee t = tracer.attach((int) g.pid());
        assertInstanceOf(Stop.GroupStop.class, t.currentStop().orElseThrow());
        t.syscall(); // LISTEN: stays stopped under trace
        tracer.close();
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'T', "it to stay stopped (T) after close");
        IntegrationSupport.signal(g.pid(), "CONT");
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "SIGCONT to resume it");
    }

    @Test
    void aCallbackThrowingMidSyscallLeavesNothingStopped() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(
                FaultPrograms.strictSleeper() + " 1000");
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "the sleeper to sleep");
        Tracee spawned = tracer.spawn(List.of("/bin/sh", "-c", "echo x; sleep 30"),
                SpawnOptions.defaults().followingChildren().withStdout(Redirect.DISCARD));
        Tracee attached = tracer.attach((int) g.pid());
        attached.syscall();
        IllegalStateException boom = new IllegalStateException("the user's callback failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> tracer.execute(() -> {
            boolean attachedInSyscall = false;
            boolean spawnedInSyscall = false;
            while (true) {
                Stop s = tracer.waitAny(Duration.ofSeconds(20)).orElseThrow();
                if (s instanceof Stop.SyscallEntry) {
                    attachedInSyscall |= s.tracee() == attached;
                    spawnedInSyscall |= s.tracee() == spawned;
                }
                if (attachedInSyscall && spawnedInSyscall) {
                    throw boom; // both are now stopped in the middle of a syscall
                }
                if (!s.isTerminal()) {
                    s.tracee().syscall();
                }
            }
        }));
        assertSame(boom, thrown, "the callback's own exception reaches the caller");
        assertEquals(TraceeState.STOPPED, attached.state());
        tracer.close();
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()), "the attached process is released");
        waitUntil(() -> ProcessLeaks.state(spawned.pid()) == '?', "the spawned shell to be killed and reaped");
        assertTrue(g.shell().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, g.shell().exitValue(), "the attached sleeper completed its nanosleep");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Kill-on-exit with a SIGKILLed tracer JVM

    @Test
    void aSpawnedTraceeDiesWhenTheTracerJvmIsKilled() throws Exception {
        Process jvm = new ProcessBuilder(ChildJvm.command(List.of(), false, provider().name(), ChildTracer.class,
                "spawn", "true")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long pid = -1;
        try {
            pid = Long.parseLong(ChildJvm.firstLine(jvm, 30));
            long sleepPid = pid;
            waitUntil(() -> ProcessLeaks.state(sleepPid) == 'S', "the traced sleep to sleep");
            assertNotEquals(0, ProcessLeaks.tracerPid(pid), "traced by the child JVM");
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
            waitUntil(() -> isGone(sleepPid), "PTRACE_O_EXITKILL to kill the sleep");
        } finally {
            jvm.destroyForcibly();
            killAndAwait(pid);
        }
    }

    @Test
    void withoutKillOnExitTheTraceeRunsOnUntracedWhenTheTracerJvmIsKilled() throws Exception {
        Process jvm = new ProcessBuilder(ChildJvm.command(List.of(), false, provider().name(), ChildTracer.class,
                "spawn", "false")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long pid = -1;
        try {
            pid = Long.parseLong(ChildJvm.firstLine(jvm, 30));
            long sleepPid = pid;
            waitUntil(() -> ProcessLeaks.state(sleepPid) == 'S', "the traced sleep to sleep");
            assertNotEquals(0, ProcessLeaks.tracerPid(pid), "traced by the child JVM");
            jvm.destroyForcibly();
            assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
            waitUntil(() -> ProcessLeaks.tracerPid(sleepPid) == 0, "the kernel to detach the sleep");
            waitUntil(() -> ProcessLeaks.state(sleepPid) == 'S', "the sleep to sleep on, untraced");
        } finally {
            jvm.destroyForcibly();
            killAndAwait(pid); // reparented to init, which may reap late: wait for it to be gone or a zombie
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Refused attaches

    @Test
    void attachingToAnAlreadyTracedProcessNamesTheOtherTracer() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild("exec sleep 30");
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "sleep to sleep");
        Tracee first = tracer.attach((int) g.pid());
        long firstTracer = ProcessLeaks.tracerPid(g.pid());
        assertTrue(ProcessLeaks.isOurThread(firstTracer));
        try (Tracer second = provider().open()) {
            TracePermissionException e = assertThrows(TracePermissionException.class,
                    () -> second.attach((int) g.pid()));
            assertTrue(e.getMessage().contains("already traced by pid " + firstTracer), e.getMessage());
            assertTrue(second.tracees().isEmpty());
        }
        assertEquals(firstTracer, ProcessLeaks.tracerPid(g.pid()), "the first tracer keeps it");
        assertEquals(TraceeState.STOPPED, first.state());
        assertTrue(first.registers().stackPointer() != 0, "the first tracer still controls it");
        first.syscall();
        Stop next = first.waitForStop(Duration.ofSeconds(10)).orElseThrow();
        assertInstanceOf(Stop.SyscallEntry.class, next, "it goes on under the first tracer");
        first.detach();
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "it to sleep on, untraced");
    }

    @Test
    void attachingToTheJvmItselfOrItsThreadsIsRefused() throws Exception {
        List<Long> targets = new ArrayList<>();
        targets.add(ProcessHandle.current().pid());
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.limit(3).forEach(p -> targets.add(Long.parseLong(p.getFileName().toString())));
        }
        for (long pid : targets) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tracer.attach((int) pid), "attach " + pid);
            assertTrue(e.getMessage().contains("refusing to trace pid " + pid), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> tracer.seize((int) pid, java.util.Set.of()));
            assertTrue(!ProcessLeaks.isOurThread(ProcessLeaks.tracerPid(pid)), "not traced by us: " + pid);
        }
        assertTrue(tracer.tracees().isEmpty());
    }

    @Test
    void anAncestorCanBeTracedAndIsLeftRunningOnDetach() throws Exception {
        // strace allows -p of its own parent; the tracer thread never waits for it, so nothing deadlocks
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        Tracee t = tracer.seize((int) parent, java.util.Set.of());
        assertTrue(ProcessLeaks.isOurThread(ProcessLeaks.tracerPid(parent)), "traced by this JVM's tracer");
        t.detach();
        assertEquals(0, ProcessLeaks.tracerPid(parent));
        assertTrue(ProcessLeaks.state(parent) != 'T' && ProcessLeaks.state(parent) != 't', "left running");
        assertTrue(tracer.tracees().isEmpty());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Signals and threads

    @Test
    void noSignalIsLostWhenSigusr1AndSigusr2Alternate() throws Exception {
        Tracee t = tracer.spawn(List.of(FaultPrograms.signalCounter().toString()),
                SpawnOptions.defaults().withStdout(Redirect.PIPE));
        CompletableFuture<List<Stop>> loop = CompletableFuture.supplyAsync(() -> runToEnd(s -> { }));
        InputStream out = t.stdoutPipe().orElseThrow();
        assertEquals('r', out.read());
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            boolean usr1 = i % 2 == 0;
            IntegrationSupport.signal(t.pid(), usr1 ? "USR1" : "USR2");
            got.append((char) out.read());
        }
        IntegrationSupport.signal(t.pid(), "TERM");
        List<Stop> stops = loop.get(20, TimeUnit.SECONDS);
        assertEquals("12".repeat(30), got.toString(), "every handler ran, in order");
        assertEquals(30, stops.stream().filter(s -> s instanceof Stop.SignalDelivery d
                && d.signal().equals(Signal.SIGUSR1)).count());
        assertEquals(30, stops.stream().filter(s -> s instanceof Stop.SignalDelivery d
                && d.signal().equals(Signal.SIGUSR2)).count());
        assertEquals(new Stop.Killed(t, Signal.SIGTERM, false), stops.get(stops.size() - 1));
    }

    @Test
    void aThreadExitingAloneAndExitGroupWithThreadsBlockedInSyscalls() {
        Tracee t = tracer.spawn(List.of(FaultPrograms.blockedThreadsExitGroup().toString()),
                SpawnOptions.defaults().followingChildren());
        List<Stop> stops = runToEnd(s -> { });
        List<Stop.Exited> exits = stops.stream().filter(s -> s instanceof Stop.Exited)
                .map(s -> (Stop.Exited) s).toList();
        assertEquals(4, exits.size(), "the main thread and three threads end: " + exits);
        assertEquals(1, exits.stream().filter(x -> x.status() == 0).count(), "the lone thread's exit(0)");
        assertEquals(3, exits.stream().filter(x -> x.status() == 5).count(), "exit_group(5) for the rest");
        assertEquals(new Stop.Exited(t, 5), stops.get(stops.size() - 1), "the leader is reported last");
        for (Stop.Exited x : exits) {
            if (x.status() == 5 && x.tracee() != t) {
                Stop before = stops.stream().filter(s -> s.tracee() == x.tracee() && !s.isTerminal())
                        .reduce((a, b) -> b).orElseThrow();
                assertInstanceOf(Stop.SyscallEntry.class, before, "blocked in a syscall when exit_group came");
            }
        }
    }

    @Test
    void aBusyThreadDoesNotStarveAQuietOne() {
        long start = System.nanoTime();
        Tracee t = tracer.spawn(List.of(FaultPrograms.busyAndWorker().toString(), "300"),
                SpawnOptions.defaults().followingChildren());
        List<Stop> stops = runToEnd(s -> {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
                throw new AssertionError("the worker thread starved: not done after 30 s");
            }
        });
        assertEquals(new Stop.Exited(t, 0), stops.get(stops.size() - 1));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Permission failures, in a child JVM with fewer privileges

    @Test
    void attachingAsAnotherUserGivesTheDiagnosticNotAStackTrace() throws Exception {
        requireRootAndSetpriv();
        String out = attachFromChild(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), true);
        assertTrue(out.startsWith("FAILED TracePermissionException: "), out);
        assertTrue(out.contains("EPERM"), out);
        assertTrue(out.contains("belongs to uid 0, not to this JVM's uid 65534"), out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);
    }

    @Test
    void attachingWithoutCapSysPtraceGivesTheDiagnosticNotAStackTrace() throws Exception {
        requireRootAndSetpriv();
        String out = attachFromChild(List.of("setpriv", "--inh-caps=-sys_ptrace", "--bounding-set=-sys_ptrace"),
                false);
        assertTrue(out.startsWith("FAILED TracePermissionException: "), out);
        assertTrue(out.contains("EPERM"), out);
        assertTrue(out.contains("CAP_SYS_PTRACE"), out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);
    }

    private String attachFromChild(List<String> prefix, boolean publicClasspath) throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild("exec sleep 30");
        others.add(g);
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "sleep to sleep");
        Process jvm = new ProcessBuilder(ChildJvm.command(prefix, publicClasspath, provider().name(),
                ChildTracer.class, "attach", Long.toString(g.pid()))).redirectErrorStream(true).start();
        String out = ChildJvm.output(jvm, 30).trim();
        assertEquals(2, jvm.exitValue(), "the refusal ends the child with its status 2: " + out);
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        assertEquals('S', ProcessLeaks.state(g.pid()));
        return out;
    }

    private static void requireRootAndSetpriv() {
        Assumptions.assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
                "needs root to start a less privileged child JVM");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv"))
                || Files.isExecutable(Path.of("/bin/setpriv")), "setpriv (util-linux) is not installed");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Resumes a spawned spinner at each stop until it spins in user space. */
    private void letSpin(Tracee t) {
        t.cont();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (cpuTicks(t.pid()) <= 2) {
            assertTrue(System.nanoTime() < deadline, "the spinner did not spin under trace");
            tracer.waitAny(Duration.ofMillis(50)).filter(s -> !s.isTerminal()).ifPresent(s -> s.tracee().cont());
        }
    }

    /** Not traced, running, and using CPU time (so not just 'R' for an instant). */
    private static void assertRunsUntraced(long pid) {
        assertEquals(0, ProcessLeaks.tracerPid(pid), "TracerPid is 0");
        long before = cpuTicks(pid);
        waitUntil(() -> cpuTicks(pid) > before + 2, "the process to keep running after detach");
        char state = ProcessLeaks.state(pid);
        assertTrue(state == 'R', "running, not stopped: " + state);
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm"), StandardCharsets.UTF_8).trim();
        } catch (Exception e) {
            return "";
        }
    }

    private static boolean isGone(long pid) {
        char s = ProcessLeaks.state(pid);
        return s == '?' || s == 'Z' || s == 'X';
    }

    /** Kills a process that is no child of ours and waits until it is dead (gone or a zombie of init). */
    private static void killAndAwait(long pid) throws Exception {
        if (pid <= 0 || isGone(pid)) {
            return;
        }
        Process k = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start();
        k.waitFor(10, TimeUnit.SECONDS);
        waitUntil(() -> isGone(pid), "process " + pid + " to die");
    }
}
