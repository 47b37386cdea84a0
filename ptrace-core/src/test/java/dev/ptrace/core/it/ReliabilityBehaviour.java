package dev.ptrace.core.it;

import dev.ptrace.PtraceEvent;
import dev.ptrace.PtraceOption;
import dev.ptrace.Redirect;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeState;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promises a tracer must keep under stress and at the edges of process life: no lost signals, real
 * group-stops, detach that leaves a process as it was, threads, exec from a thread, fork storms, vfork.
 */
public abstract class ReliabilityBehaviour extends TracerBehaviourBase {

    @Test
    void noSignalIsLost() throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c",
                "trap 'echo got' USR1; echo ready; while :; do sleep 0.01; done"),
                SpawnOptions.defaults().withStdout(Redirect.PIPE));
        CompletableFuture<List<Stop>> loop = CompletableFuture.supplyAsync(() -> runToEnd(s -> { }));
        BufferedReader out = new BufferedReader(new InputStreamReader(t.stdoutPipe().orElseThrow(),
                StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        for (int i = 1; i <= 60; i++) {
            IntegrationSupport.signal(t.pid(), "USR1");
            assertEquals("got", out.readLine(), "handler run number " + i);
        }
        t.kill();
        List<Stop> stops = loop.get(20, TimeUnit.SECONDS);
        long delivered = stops.stream().filter(s -> s instanceof Stop.SignalDelivery d
                && d.signal().name().equals("SIGUSR1")).count();
        assertEquals(60, delivered);
    }

    @Test
    void sigstopFromOutsideReallyStopsAndSigcontResumes() throws Exception {
        Tracee t = tracer.spawn(List.of("/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo $i; sleep 0.02; done"),
                SpawnOptions.defaults().withStdout(Redirect.PIPE));
        CompletableFuture<List<Stop>> loop = CompletableFuture.supplyAsync(() -> runToEnd(s -> { }));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(t.stdoutPipe().orElseThrow(),
                    StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (Exception e) {
                // tracee killed: the pipe closes
            }
        });
        reader.start();
        assertTrue(lines.poll(10, TimeUnit.SECONDS) != null, "the loop runs");
        IntegrationSupport.signal(t.pid(), "STOP");
        waitUntil(() -> t.currentStop().filter(s -> s instanceof Stop.GroupStop).isPresent()
                || ProcessLeaks.state(t.pid()) == 't', "the group-stop");
        Thread.sleep(100);
        lines.clear();
        assertNull(lines.poll(400, TimeUnit.MILLISECONDS), "nothing runs while stopped");
        IntegrationSupport.signal(t.pid(), "CONT");
        assertTrue(lines.poll(10, TimeUnit.SECONDS) != null, "it runs again after SIGCONT");
        t.kill();
        List<Stop> stops = loop.get(20, TimeUnit.SECONDS);
        assertTrue(stops.stream().anyMatch(s -> s instanceof Stop.GroupStop g && g.tracee() == t));
        reader.join(10_000);
    }

    @Test
    void detachLeavesASleepingProcessToFinishItsSleep() throws Exception {
        long start = System.nanoTime();
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild("exec sleep 1");
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "sleep to sleep");
        Tracee t = tracer.attach((int) g.pid());
        t.syscall();
        Thread.sleep(100);
        t.detach();
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'S', "it to sleep on after the detach");
        assertTrue(g.shell().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, g.shell().exitValue(), "sleep finished normally");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1000), "it slept the full second");
    }

    @Test
    void detachLeavesAStoppedProcessStopped() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild("exec sleep 5");
        others.add(g);
        IntegrationSupport.signal(g.pid(), "STOP");
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'T', "the process to stop");
        Tracee t = tracer.attach((int) g.pid());
        assertTrue(t.currentStop().orElseThrow() instanceof Stop.GroupStop, "" + t.currentStop());
        t.detach();
        assertEquals(0, ProcessLeaks.tracerPid(g.pid()));
        waitUntil(() -> ProcessLeaks.state(g.pid()) == 'T', "it to stay stopped");
        Thread.sleep(50);
        assertEquals('T', ProcessLeaks.state(g.pid()));
        IntegrationSupport.signal(g.pid(), "CONT");
    }

    @Test
    void twoHundredThreadsAreTracedToTheEnd() throws Exception {
        Tracee t = tracer.spawn(List.of(TestPrograms.manyThreads().toString(), "200"),
                SpawnOptions.defaults().followingChildren().withStdout(Redirect.PIPE));
        List<Stop> stops = runToEnd(s -> { });
        long threadExits = stops.stream().filter(s -> s instanceof Stop.Exited x && x.tracee() != t).count();
        assertEquals(200, threadExits);
        assertEquals(new Stop.Exited(t, 0), stops.get(stops.size() - 1));
        assertEquals("joined 200\n", new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void execFromAThreadTakesOverTheLeadersId() {
        Tracee t = tracer.spawn(List.of(TestPrograms.execFromThread().toString()),
                SpawnOptions.defaults().followingChildren());
        List<Stop> stops = runToEnd(s -> { });
        Stop.EventStop exec = stops.stream().filter(s -> s instanceof Stop.EventStop e && e.event() == PtraceEvent.EXEC
                && e.tracee() == t && e.message() != t.pid()).map(s -> (Stop.EventStop) s)
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no exec from a thread in " + stops));
        assertNotEquals(t.pid(), (int) exec.message());
        assertEquals(new Stop.Exited(t, 0), stops.get(stops.size() - 1), "/bin/true's status, as the leader");
    }

    @Test
    void aForkStormIsTracedToTheEnd() {
        Tracee sh = tracer.spawn(List.of("/bin/sh", "-c", "i=0; while [ $i -lt 500 ]; do /bin/true & i=$((i+1)); done;"
                + " wait"), SpawnOptions.defaults().followingChildren());
        List<Stop> stops = runToEnd(s -> { });
        long exits = stops.stream().filter(s -> s instanceof Stop.Exited).count();
        assertEquals(501, exits);
        assertEquals(new Stop.Exited(sh, 0), stops.get(stops.size() - 1));
    }

    @Test
    void closingDuringVforkDoesNotDeadlock() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(
                TestPrograms.vforkSleeper().toString() + " 1");
        others.add(g);
        Tracee parent = tracer.attach((int) g.pid(), Set.of(PtraceOption.TRACEVFORK, PtraceOption.TRACEFORK));
        parent.syscall();
        // run until the vfork child exists and is traced
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tracer.tracees().size() < 2 && System.nanoTime() < deadline) {
            tracer.waitAny(java.time.Duration.ofMillis(100)).ifPresent(s -> {
                if (!s.isTerminal() && s.tracee().state() == TraceeState.STOPPED) {
                    s.tracee().syscall();
                }
            });
        }
        assertEquals(2, tracer.tracees().size(), "the vfork child is traced");
        long start = System.nanoTime();
        tracer.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "close returned");
        assertTrue(g.shell().waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, g.shell().exitValue(), "the vfork parent finished normally after being detached");
    }

    @Test
    void theTracersMemoryDoesNotGrowWithTheNumberOfProcessesTraced() {
        String storm = "i=0; while [ $i -lt 300 ]; do /bin/true & i=$((i+1)); done; wait";
        tracer.spawn(List.of("/bin/sh", "-c", storm), SpawnOptions.defaults().followingChildren());
        runToEnd(s -> { });
        long afterFirst = usedHeapAfterGc();
        for (int round = 0; round < 3; round++) {
            tracer.spawn(List.of("/bin/sh", "-c", storm), SpawnOptions.defaults().followingChildren());
            runToEnd(s -> { });
        }
        long afterFour = usedHeapAfterGc();
        assertTrue(tracer.tracees().isEmpty(), "no tracee is remembered after its end");
        // 900 more processes traced: a leak of even 4 KiB per process would show as 3.5 MiB
        assertTrue(afterFour - afterFirst < 3L * 1024 * 1024, "heap grew by " + (afterFour - afterFirst) + " bytes");
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }
}
