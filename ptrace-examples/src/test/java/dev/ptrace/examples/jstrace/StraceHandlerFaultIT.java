package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.FaultPrograms;
import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.core.it.ProcessLeaks;
import dev.ptrace.strace.Strace;
import dev.ptrace.strace.StraceOptions;
import dev.ptrace.strace.SyscallEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handler given to {@link Strace} throws while a tracee is stopped in the middle of a syscall: the exception
 * reaches the caller, spawned tracees are killed and reaped, attached ones are detached and carry on.
 */
@Tag("native")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StraceHandlerFaultIT {

    @BeforeAll
    static void ptraceAllowed() {
        IntegrationSupport.requirePtrace();
    }

    @AfterEach
    void noLeftovers() {
        assertEquals(List.of(), ProcessLeaks.find(), "processes left stopped, traced or as zombies");
    }

    @Test
    void aThrowingHandlerKillsTheSpawnedTraceeAndItsChildren() {
        IllegalStateException boom = new IllegalStateException("handler failed");
        AtomicInteger pid = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Strace.trace(
                List.of("/bin/sh", "-c", "sleep 30 & sleep 30; wait"),
                StraceOptions.defaults().withFollowChildren(true), e -> {
                    if (e instanceof SyscallEvent s && !s.isExit() && s.syscall().endsWith("nanosleep")) {
                        pid.set(s.pid());
                        throw boom; // stopped at the entry of a nanosleep
                    }
                }));
        assertSame(boom, thrown);
        assertTrue(pid.get() > 0);
        char state = ProcessLeaks.state(pid.get());
        // killed; its parent shell was killed too, so init reaps it (maybe late): gone or init's zombie, untraced
        assertTrue(state == '?' || state == 'Z' && ProcessLeaks.tracerPid(pid.get()) == 0,
                "the sleeping child was killed: " + state);
    }

    @Test
    void aThrowingHandlerDetachesAnAttachedProcessWhichCompletesItsSleep() throws Exception {
        IntegrationSupport.Grandchild g = IntegrationSupport.startGrandchild(FaultPrograms.strictSleeper() + " 1000");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessLeaks.state(g.pid()) != 'S' && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            RuntimeException boom = new RuntimeException("handler failed");
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> Strace.attach((int) g.pid(),
                    StraceOptions.defaults(), e -> {
                        throw boom; // at the first event: restart_syscall's entry
                    }));
            assertSame(boom, thrown);
            assertEquals(0, ProcessLeaks.tracerPid(g.pid()), "detached");
            assertTrue(g.shell().waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, g.shell().exitValue(), "nanosleep returned 0 after its full time (3 = EINTR, 4 = early)");
        } finally {
            g.close();
        }
    }
}
