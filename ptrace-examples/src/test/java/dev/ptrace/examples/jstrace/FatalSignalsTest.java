package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ptrace.examples.jstrace.FatalSignals.Level;
import org.junit.jupiter.api.Test;

/** {@code -I}'s argument as strace 6.1 reads it, and its default. */
class FatalSignalsTest {

    @Test
    void numbersAndNamesInAnyCase() {
        assertEquals(Level.ANYWHERE, FatalSignals.parse("1"));
        assertEquals(Level.WAITING, FatalSignals.parse("waiting"));
        assertEquals(Level.NEVER, FatalSignals.parse("Never"));
        assertEquals(Level.NEVER_TSTP, FatalSignals.parse("NEVER_TSTP"));
        assertEquals(Level.WAITING, FatalSignals.parse(" 2"), "leading blanks, as strtol");
        assertEquals(Level.WAITING, FatalSignals.parse("+2"));
        assertEquals(Level.WAITING, FatalSignals.parse("02"));
    }

    @Test
    void anythingElseIsRefusedWithStracesMessage() {
        for (String bad : new String[] {"0", "5", "-1", "2 ", "x", "anyw", "never-tstp", "", "4294967298"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FatalSignals.parse(bad));
            assertEquals("invalid -I argument: '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void theDefaultIsNeverOnlyWithAnOutputFileAndAProgram() {
        assertEquals(Level.NEVER, FatalSignals.defaultLevel(true, true));
        assertEquals(Level.WAITING, FatalSignals.defaultLevel(true, false), "-o FILE -p PID");
        assertEquals(Level.WAITING, FatalSignals.defaultLevel(false, true));
    }
}
