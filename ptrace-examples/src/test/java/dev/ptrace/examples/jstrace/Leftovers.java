package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ptrace.core.it.ProcessLeaks;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** After a test that started tracers: ends them and what they started, then fails if a process was left behind. */
final class Leftovers {
    private Leftovers() {
    }

    /**
     * Kills the processes and their descendants, then asserts that no process is left stopped, traced or as a
     * zombie (waiting up to a second for the kernel to finish reaping).
     *
     * @param started the processes the test started
     */
    static void endAndCheck(List<Process> started) throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        List<String> leaks = ProcessLeaks.find();
        for (int i = 0; i < 50 && !leaks.isEmpty(); i++) {
            Thread.sleep(20);
            leaks = ProcessLeaks.find();
        }
        assertEquals(List.of(), leaks, "processes left stopped, traced or as zombies");
    }
}
