package dev.ptrace.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitSpinTest {
    private long clock;

    /** Feeds one window of stops, {@code gap} ns apart, each after a short wait. */
    private void window(WaitSpin spin, long gap) {
        for (int i = 0; i < WaitSpin.WINDOW; i++) {
            clock += gap;
            spin.stopTaken(clock, 10);
        }
    }

    /** Starts the first window (its first stop only opens it). */
    private WaitSpin started(long limit) {
        WaitSpin spin = new WaitSpin(limit);
        spin.stopTaken(clock, 10);
        return spin;
    }

    /** Measures both ways (polling taking {@code pollGap} per stop, blocking {@code blockGap}); returns the choice. */
    private boolean measure(WaitSpin spin, long pollGap, long blockGap) {
        assertTrue(spin.polling(), "measuring starts with polling");
        assertEquals(1000, spin.budget());
        window(spin, pollGap);
        assertFalse(spin.polling(), "then it measures blocking");
        assertEquals(0, spin.budget());
        window(spin, blockGap);
        return spin.polling();
    }

    /** Runs the windows that keep the choice, checking it holds for exactly {@code windows} of them. */
    private void keep(WaitSpin spin, boolean polling, int windows) {
        for (int i = 0; i < windows; i++) {
            assertEquals(polling, spin.polling(), "window " + i + " of " + windows);
            window(spin, 1_000_000); // how long the kept windows take does not change the choice
        }
    }

    @Test
    void keepsTheFasterWayAndMeasuresAgainLaterAndLessOftenWhileTheSameWayWins() {
        WaitSpin spin = started(1000);
        assertTrue(measure(spin, 100, 300), "polling measured faster");
        keep(spin, true, WaitSpin.FIRST_KEEP * 2); // the same way as the assumed start: kept twice as long
        assertTrue(measure(spin, 100, 300));
        keep(spin, true, WaitSpin.FIRST_KEEP * 4);
        assertFalse(measure(spin, 500, 100), "blocking measured faster this time");
        keep(spin, false, WaitSpin.FIRST_KEEP);
        assertFalse(measure(spin, 500, 100));
        keep(spin, false, WaitSpin.FIRST_KEEP * 2);
        for (int i = 0; i < 10; i++) {
            assertFalse(measure(spin, 500, 100));
            keep(spin, false, Math.min(WaitSpin.FIRST_KEEP << (i + 2), WaitSpin.LONGEST_KEEP));
        }
        assertTrue(measure(spin, 100, 300));
        keep(spin, true, WaitSpin.FIRST_KEEP);
    }

    @Test
    void pollsUpToTheLimitWhileWaitsAreShort() {
        WaitSpin spin = new WaitSpin(1000);
        for (int i = 0; i < WaitSpin.WINDOW; i++) {
            assertEquals(1000, spin.budget());
            spin.stopTaken(i, 999);
        }
    }

    @Test
    void stopsPollingAfterLongWaitsInARowAndStartsAgainAfterAShortOne() {
        WaitSpin spin = new WaitSpin(1000);
        for (int i = 0; i < WaitSpin.GIVE_UP_AFTER - 1; i++) {
            spin.stopTaken(i, 5000);
            assertEquals(1000, spin.budget(), "gave up after " + (i + 1) + " long waits");
        }
        spin.stopTaken(10, 5000);
        assertEquals(0, spin.budget());
        spin.stopTaken(11, 1_000_000);
        assertEquals(0, spin.budget());
        spin.stopTaken(12, 1000);
        assertEquals(1000, spin.budget());
    }

    @Test
    void aShortWaitBetweenLongOnesStartsTheCountAgain() {
        WaitSpin spin = new WaitSpin(1000);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < WaitSpin.GIVE_UP_AFTER - 1; i++) {
                spin.stopTaken(0, 5000);
            }
            spin.stopTaken(0, 10);
        }
        assertEquals(1000, spin.budget());
    }

    @Test
    void zeroMeansNoPollingAndNegativeIsRefused() {
        WaitSpin spin = new WaitSpin(0);
        assertEquals(0, spin.budget());
        spin.limit(7);
        assertEquals(7, spin.limit());
        assertThrows(IllegalArgumentException.class, () -> spin.limit(-1));
    }

    @Test
    void theMachineDefaultPollsOnlyWithMoreThanOneCpu() {
        long expected = Runtime.getRuntime().availableProcessors() > 1 ? WaitSpin.DEFAULT_NANOS : 0;
        assertEquals(expected, WaitSpin.forThisMachine().limit());
    }
}
