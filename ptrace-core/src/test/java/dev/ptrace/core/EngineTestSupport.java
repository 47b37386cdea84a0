package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@link PtraceEngine} on a {@link FakeKernel}. Every test closes the engine (bounded), so no tracer thread is
 * left blocked; the class-level timeout runs each test on its own thread so a hang fails instead of blocking.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class EngineTestSupport {
    static final Duration LONG = Duration.ofSeconds(10);

    FakeKernel fake;
    PtraceEngine tracer;

    Arch arch() {
        return Arch.X86_64;
    }

    @BeforeEach
    void startEngine() {
        fake = new FakeKernel();
        tracer = new PtraceEngine(fake, "fake", arch());
    }

    @AfterEach
    void closeEngine() throws Exception {
        try {
            if (tracer != null) {
                PtraceEngine t = tracer;
                Thread closer = new Thread(t::close, "test-closer");
                closer.setDaemon(true);
                closer.start();
                closer.join(15_000);
                if (closer.isAlive()) {
                    fake.terminate();
                    fail("close() did not return");
                }
            }
        } finally {
            fake.close();
        }
    }

    /** A running seized tracee. */
    TraceeHandle seize(Set<dev.ptrace.PtraceOption> options) {
        int pid = fake.newProcess();
        return (TraceeHandle) tracer.seize(pid, options);
    }

    TraceeHandle seize() {
        return seize(Set.of());
    }

    /** Emits an event and returns the next stop, which must belong to the event's pid. */
    Stop next(FakeKernel.Event e) {
        fake.emit(e);
        Stop s = tracer.waitAny(LONG).orElseThrow(() -> new AssertionError("no stop for " + e));
        assertEquals(e.pid(), s.tracee().pid());
        return s;
    }

    <T extends Stop> T next(FakeKernel.Event e, Class<T> type) {
        return assertInstanceOf(type, next(e));
    }

    /** The ptrace requests (numbers) made on pid, in order. */
    List<Integer> requests(int pid) {
        return fake.requestsTo(pid);
    }

    FakeKernel.Call last(int request, int pid) {
        List<FakeKernel.Call> c = fake.calls(request, pid);
        if (c.isEmpty()) {
            throw new AssertionError("no " + FakeKernel.requestName(request) + " on " + pid + ": " + fake.callsTo(pid));
        }
        return c.get(c.size() - 1);
    }

    static void assertTracee(Tracee expected, Stop s) {
        assertEquals(expected, s.tracee());
    }
}
