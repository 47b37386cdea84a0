package dev.ptrace.internal;

import dev.ptrace.NoBackendException;
import dev.ptrace.Tracer;
import dev.ptrace.spi.Availability;
import dev.ptrace.spi.TracerProvider;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

class BackendSelectorTest {

    /** A provider whose probe outcome is scripted and whose probes are counted. */
    static final class FakeProvider implements TracerProvider {
        final String name;
        final int priority;
        final int spi;
        final Supplier<Availability> probe;
        final AtomicInteger probes = new AtomicInteger();

        FakeProvider(String name, int priority, int spi, Supplier<Availability> probe) {
            this.name = name;
            this.priority = priority;
            this.spi = spi;
            this.probe = probe;
        }

        static FakeProvider ok(String name) {
            return new FakeProvider(name, 0, SPI_VERSION, Availability::ok);
        }

        static FakeProvider ok(String name, int priority) {
            return new FakeProvider(name, priority, SPI_VERSION, Availability::ok);
        }

        static FakeProvider unusable(String name, String reason, Throwable cause) {
            return new FakeProvider(name, 0, SPI_VERSION, () -> Availability.unavailable(reason, cause));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public int spiVersion() {
            return spi;
        }

        @Override
        public Availability probe() {
            probes.incrementAndGet();
            return probe.get();
        }

        @Override
        public Tracer open() {
            return mock(Tracer.class);
        }
    }

    private static List<String> names(List<TracerProvider> ps) {
        List<String> out = new ArrayList<>();
        ps.forEach(p -> out.add(p.name()));
        return out;
    }

    // --- pinned ---------------------------------------------------------------------------------------------

    @Test
    void pinnedAndPresentIsSelectedWithoutProbingOthers() {
        FakeProvider jna = FakeProvider.ok("jna");
        FakeProvider jnr = FakeProvider.ok("jnr");
        BackendSelector.Selection s = BackendSelector.select(List.of(jna, jnr), Map.of("ptrace.backend", "jnr"));
        assertSame(jnr, s.provider());
        assertEquals(Map.of("jnr", Availability.ok()), s.probed());
        assertEquals(0, jna.probes.get());
    }

    @Test
    void propertyWinsOverEnvironmentAndValueIsTrimmed() {
        FakeProvider jna = FakeProvider.ok("jna");
        FakeProvider jnr = FakeProvider.ok("jnr");
        assertSame(jnr, BackendSelector.select(List.of(jna, jnr),
                Map.of("ptrace.backend", " jnr ", "PTRACE_BACKEND", "jna")).provider());
        assertSame(jna, BackendSelector.select(List.of(jnr, jna), Map.of("PTRACE_BACKEND", "jna")).provider());
        assertSame(jna, BackendSelector.select(List.of(jnr, jna),
                Map.of("ptrace.backend", "  ", "PTRACE_BACKEND", "jna")).provider());
    }

    @Test
    void pinnedButAbsentListsWhatIsAvailableAndTheArtifactToAdd() {
        NoBackendException e = assertThrows(NoBackendException.class, () -> BackendSelector.select(
                List.of(FakeProvider.ok("jna"), FakeProvider.ok("abc")), Map.of("ptrace.backend", "jnr")));
        assertEquals("ptrace backend 'jnr' was requested via -Dptrace.backend but is not on the classpath."
                + " Available: [abc, jna]. Add dev.ptrace:ptrace-backend-jnr to the runtime classpath.",
                e.getMessage());
        NoBackendException env = assertThrows(NoBackendException.class, () -> BackendSelector.select(
                List.of(), Map.of("PTRACE_BACKEND", "jnr")));
        assertTrue(env.getMessage().contains("requested via PTRACE_BACKEND"), env.getMessage());
        assertTrue(env.getMessage().contains("Available: []"), env.getMessage());
    }

    /**
     * NoBackendException(String) passes an explicit null cause up to RuntimeException, so the later
     * {@code e.initCause(a.cause())} in BackendSelector.selectPinned throws IllegalStateException("Can't overwrite
     * cause") and the caller never sees the NoBackendException.
     */
    @Test
    void pinnedButUnusableCarriesReasonAndCauseAndNeverFallsBack() {
        IllegalStateException cause = new IllegalStateException("no libc");
        FakeProvider jnr = FakeProvider.unusable("jnr", "library missing", cause);
        FakeProvider jna = FakeProvider.ok("jna");
        NoBackendException e = assertThrows(NoBackendException.class,
                () -> BackendSelector.select(List.of(jna, jnr), Map.of("ptrace.backend", "jnr")));
        assertEquals("ptrace backend 'jnr' was requested via -Dptrace.backend but is unusable: library missing",
                e.getMessage());
        assertSame(cause, e.getCause());
        assertEquals(0, jna.probes.get(), "a pinned backend must never fall back");
    }

    @Test
    void pinnedButUnusableWithoutCauseNeverFallsBack() {
        FakeProvider jna = FakeProvider.ok("jna");
        NoBackendException e = assertThrows(NoBackendException.class, () -> BackendSelector.select(
                List.of(jna, FakeProvider.unusable("jnr", "nope", null)), Map.of("ptrace.backend", "jnr")));
        assertEquals("ptrace backend 'jnr' was requested via -Dptrace.backend but is unusable: nope", e.getMessage());
        assertNull(e.getCause());
        assertEquals(0, jna.probes.get(), "a pinned backend must never fall back");
    }

    @Test
    void noneSwitchesTracingOffWithoutProbing() {
        FakeProvider jna = FakeProvider.ok("jna");
        NoBackendException e = assertThrows(NoBackendException.class,
                () -> BackendSelector.select(List.of(jna), Map.of("ptrace.backend", "none")));
        assertTrue(e.getMessage().contains("switched off (-Dptrace.backend=none)"), e.getMessage());
        NoBackendException env = assertThrows(NoBackendException.class,
                () -> BackendSelector.select(List.of(jna), Map.of("PTRACE_BACKEND", "none")));
        assertTrue(env.getMessage().contains("PTRACE_BACKEND=none"), env.getMessage());
        assertEquals(0, jna.probes.get());
    }

    @Test
    void malformedNamesAreErrors() {
        for (String bad : List.of("JNA", "j-n", "jna;rm", "jna jnr", "ä")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BackendSelector.select(List.of(FakeProvider.ok("jna")), Map.of("ptrace.backend", bad)),
                    bad);
            assertTrue(e.getMessage().contains("'" + bad.trim() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("malformed"), e.getMessage());
        }
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> BackendSelector.select(List.of(FakeProvider.ok("jna")), Map.of("ptrace.backends", "jna,JNR")));
        assertTrue(order.getMessage().contains("'JNR' in -Dptrace.backends"), order.getMessage());
    }

    // --- order ----------------------------------------------------------------------------------------------

    @Test
    void withNothingPinnedTheDefaultOrderIsJnaThenJnr() {
        FakeProvider jnr = FakeProvider.ok("jnr", 100);
        FakeProvider jna = FakeProvider.ok("jna", 0);
        BackendSelector.Selection s = BackendSelector.select(List.of(jnr, jna), Map.of());
        assertSame(jna, s.provider());
        assertEquals(List.of("jna"), List.copyOf(s.probed().keySet()));
        assertEquals(0, jnr.probes.get());
    }

    @Test
    void firstAvailableInOrderWinsAndEveryProbeIsRecorded() {
        FakeProvider jna = FakeProvider.unusable("jna", "broken", null);
        FakeProvider jnr = FakeProvider.ok("jnr");
        BackendSelector.Selection s = BackendSelector.select(List.of(jnr, jna), Map.of());
        assertSame(jnr, s.provider());
        assertEquals(List.of("jna", "jnr"), List.copyOf(s.probed().keySet()));
        assertFalse(s.probed().get("jna").available());
    }

    @Test
    void configuredOrderIsFollowedAndToleratesBlanks() {
        FakeProvider jna = FakeProvider.ok("jna");
        FakeProvider jnr = FakeProvider.ok("jnr");
        assertSame(jnr, BackendSelector.select(List.of(jna, jnr), Map.of("ptrace.backends", " jnr, ,jna ")).provider());
        assertSame(jna, BackendSelector.select(List.of(jna, jnr), Map.of("ptrace.backends", "  ")).provider());
    }

    @Test
    void providersNotInTheOrderComeAfterByPriorityThenName() {
        List<TracerProvider> sorted = BackendSelector.orderCandidates(List.of(FakeProvider.ok("beta", 5),
                FakeProvider.ok("zeta", 10), FakeProvider.ok("jnr", -3), FakeProvider.ok("alpha", 10),
                FakeProvider.ok("jna", -7)), BackendSelector.DEFAULT_ORDER);
        assertEquals(List.of("jna", "jnr", "alpha", "zeta", "beta"), names(sorted));
    }

    @Test
    void theDefaultOrderPutsFfmFirstFromJdk22On() {
        assertEquals(List.of("jna", "jnr"), BackendSelector.defaultOrder(17));
        assertEquals(List.of("jna", "jnr"), BackendSelector.defaultOrder(21));
        assertEquals(List.of("ffm", "jna", "jnr"), BackendSelector.defaultOrder(22));
        assertEquals(List.of("ffm", "jna", "jnr"), BackendSelector.defaultOrder(25));
        assertEquals(BackendSelector.defaultOrder(Runtime.version().feature()), BackendSelector.DEFAULT_ORDER);
    }

    @Test
    void ffmIsPreferredToJnaWhenBothAreUsableUnderTheJdk22Order() {
        FakeProvider jna = FakeProvider.ok("jna");
        FakeProvider ffm = FakeProvider.ok("ffm");
        assertSame(ffm, BackendSelector.select(List.of(jna, ffm), Map.of("ptrace.backends", "ffm,jna,jnr"))
                .provider());
        assertEquals(List.of("ffm", "jna"), names(BackendSelector.orderCandidates(List.of(jna, ffm),
                BackendSelector.defaultOrder(22))));
        assertEquals(List.of("jna", "ffm"), names(BackendSelector.orderCandidates(List.of(jna, ffm),
                BackendSelector.defaultOrder(17))));
    }

    @Test
    void anOtherwiseUnknownProviderIsUsedWhenTheKnownOnesAreAbsent() {
        FakeProvider custom = FakeProvider.ok("custom", 1);
        assertSame(custom, BackendSelector.select(List.of(custom), Map.of()).provider());
    }

    // --- nothing usable -------------------------------------------------------------------------------------

    @Test
    void noneUsableListsEveryCandidateWithReasonAndAttachesCauses() {
        RuntimeException c1 = new RuntimeException("c1");
        FakeProvider jna = FakeProvider.unusable("jna", "java.lang.UnsatisfiedLinkError: c", c1);
        FakeProvider other = FakeProvider.unusable("other", "no reason", null);
        NoBackendException e = assertThrows(NoBackendException.class,
                () -> BackendSelector.select(List.of(other, jna), Map.of()));
        boolean ffm = BackendSelector.DEFAULT_ORDER.contains("ffm");
        assertEquals("No usable ptrace backend (order: " + (ffm ? "ffm, " : "")
                + "jna, jnr; set -Dptrace.backend=<name> to force one).\n"
                + (ffm ? "  - ffm: not on the classpath\n" : "")
                + "  - jnr: not on the classpath\n"
                + "  - jna: unavailable: java.lang.UnsatisfiedLinkError: c\n"
                + "  - other: unavailable: no reason\n"
                + "Add " + (ffm ? "dev.ptrace:ptrace-backend-ffm, " : "")
                + "dev.ptrace:ptrace-backend-jna or dev.ptrace:ptrace-backend-jnr to the runtime classpath.",
                e.getMessage());
        assertEquals(List.of(c1), List.of(e.getSuppressed()));
    }

    @Test
    void noProviderAtAllSaysBothAreMissing() {
        NoBackendException e = assertThrows(NoBackendException.class,
                () -> BackendSelector.select(List.of(), Map.of()));
        assertTrue(e.getMessage().contains("  - jna: not on the classpath\n  - jnr: not on the classpath"),
                e.getMessage());
        assertEquals(0, e.getSuppressed().length);
    }

    // --- probing --------------------------------------------------------------------------------------------

    @Test
    void spiVersionMismatchMakesAProviderUnavailableWithoutProbingIt() {
        FakeProvider future = new FakeProvider("jna", 0, TracerProvider.SPI_VERSION + 1, Availability::ok);
        Availability a = BackendSelector.probe(future);
        assertFalse(a.available());
        assertEquals("compiled against SPI v2, runtime API has v1 — align the dev.ptrace artifact versions",
                a.reason());
        assertEquals(0, future.probes.get());
        NoBackendException e = assertThrows(NoBackendException.class,
                () -> BackendSelector.select(List.of(future), Map.of("ptrace.backend", "jna")));
        assertTrue(e.getMessage().contains("SPI v2"), e.getMessage());
    }

    @Test
    void aProbeThatThrowsIsUnavailableWithTheCauseKept() {
        IllegalStateException boom = new IllegalStateException("boom");
        Availability a = BackendSelector.probe(new FakeProvider("x", 0, 1, () -> {
            throw boom;
        }));
        assertFalse(a.available());
        assertEquals(boom.toString(), a.reason());
        assertSame(boom, a.cause());

        NoClassDefFoundError linkage = new NoClassDefFoundError("com/sun/jna/Native");
        Availability b = BackendSelector.probe(new FakeProvider("x", 0, 1, () -> {
            throw linkage;
        }));
        assertSame(linkage, b.cause());

        FakeProvider throwing = new FakeProvider("jna", 0, 1, () -> {
            throw boom;
        });
        BackendSelector.Selection s = BackendSelector.select(List.of(throwing, FakeProvider.ok("jnr")), Map.of());
        assertEquals("jnr", s.provider().name());
    }

    @Test
    void aProbeReturningNullIsUnavailable() {
        Availability a = BackendSelector.probe(new FakeProvider("x", 0, 1, () -> null));
        assertFalse(a.available());
        assertEquals("probe returned nothing", a.reason());
    }

    @Test
    void availabilityToString() {
        assertEquals("available", Availability.ok().toString());
        assertTrue(Availability.ok().available());
        assertEquals("unavailable: why", Availability.unavailable("why", null).toString());
    }
}
