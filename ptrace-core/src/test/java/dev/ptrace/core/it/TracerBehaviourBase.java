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
import dev.ptrace.Tracer;
import dev.ptrace.spi.TracerProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Base of the integration suites that every backend runs (each backend's module has subclasses that supply its
 * provider): opens a tracer per test, and checks after each that no process is left stopped, traced or as a
 * zombie.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TracerBehaviourBase {

    /** The backend under test. */
    protected abstract TracerProvider provider();

    protected Tracer tracer;
    protected final List<IntegrationSupport.Grandchild> others = new ArrayList<>();

    @BeforeAll
    static void ptraceAllowed() {
        IntegrationSupport.requirePtrace();
    }

    @BeforeEach
    void open() {
        tracer = provider().open();
    }

    @AfterEach
    void noLeftovers() throws Exception {
        tracer.close();
        for (IntegrationSupport.Grandchild g : others) {
            g.close();
        }
        List<String> leaks = List.of();
        for (int i = 0; i < 50; i++) { // killed orphans need a moment to be reaped by init
            leaks = ProcessLeaks.find();
            if (leaks.isEmpty()) {
                break;
            }
            sleep(20);
        }
        assertEquals(List.of(), leaks, "processes left stopped, traced or as zombies");
    }

    /** Runs every tracee to its end, resuming at each stop, and returns all stops in order. */
    protected List<Stop> runToEnd(Consumer<Stop> onStop) {
        List<Stop> seen = new ArrayList<>();
        while (!tracer.tracees().isEmpty()) {
            Optional<Stop> next = tracer.waitAny(Duration.ofSeconds(20));
            assertTrue(next.isPresent(), "no stop within 20 s; seen so far: " + tail(seen));
            Stop s = next.get();
            seen.add(s);
            onStop.accept(s);
            if (!s.isTerminal() && s.tracee().state() == TraceeState.STOPPED) {
                s.tracee().syscall();
            }
        }
        return seen;
    }

    protected static int execve() {
        return Arch.current() == Arch.X86_64 ? 59 : 221;
    }

    protected static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(10);
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(List<Stop> stops) {
        return stops.subList(Math.max(0, stops.size() - 5), stops.size()).toString();
    }
}
