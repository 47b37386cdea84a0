package dev.ptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatusTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    @Test
    void readsTheFirstNumberOfAField() {
        assertEquals(SELF, ProcStatus.intField(SELF, "Tgid", -1));
        assertEquals(SELF, ProcStatus.intField(SELF, "Pid", -1));
        int parent = (int) ProcessHandle.current().parent().orElseThrow().pid();
        assertEquals(parent, ProcStatus.intField(SELF, "PPid", -1));
        assertTrue(ProcStatus.intField(SELF, "Uid", -1) >= 0, "Uid has four numbers: the first is the real uid");
    }

    @Test
    void missingFieldsTextAndProcessesGiveTheFallback() {
        assertEquals(-7, ProcStatus.intField(SELF, "NoSuchField", -7));
        assertEquals(-7, ProcStatus.intField(SELF, "Name", -7), "not a number");
        assertEquals(-7, ProcStatus.intField(Integer.MAX_VALUE, "Tgid", -7), "no such process");
    }
}
