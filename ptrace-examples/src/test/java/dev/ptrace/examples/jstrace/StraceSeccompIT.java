package dev.ptrace.examples.jstrace;

import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.core.it.ProcessLeaks;
import dev.ptrace.core.it.TestPrograms;
import dev.ptrace.strace.SeccompEvent;
import dev.ptrace.strace.Strace;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.StraceOptions;
import dev.ptrace.strace.SyscallEvent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Strace} with {@code yieldSeccomp}: a tracee whose own seccomp filter returns {@code SECCOMP_RET_TRACE(42)}
 * for getppid shows that verdict as a {@link SeccompEvent}, and the syscall still runs.
 */
class StraceSeccompIT {

    @BeforeAll
    static void ptraceAllowed() {
        IntegrationSupport.requirePtrace();
    }

    @Test
    void aTraceVerdictOfTheTraceesOwnFilterIsASeccompEvent() {
        Path exe = TestPrograms.build("seccomp", TestPrograms.SECCOMP);
        List<StraceEvent> events = new ArrayList<>();
        int status = Strace.trace(List.of(exe.toString()), StraceOptions.defaults().withYieldSeccomp(true),
                events::add);
        assertEquals(0, status);
        List<SeccompEvent> seccomp = events.stream().filter(e -> e instanceof SeccompEvent)
                .map(e -> (SeccompEvent) e).toList();
        assertEquals(1, seccomp.size(), "one TRACE verdict: " + seccomp);
        assertEquals(42, seccomp.get(0).data());
        assertEquals("--- SECCOMP_RET_TRACE {data=42} ---", seccomp.get(0).toString());
        int at = events.indexOf(seccomp.get(0));
        assertTrue(events.subList(at, events.size()).stream().anyMatch(e -> e instanceof SyscallEvent s
                && s.isExit() && s.toString().startsWith("getppid()")), "getppid ran after its seccomp stop");
        assertEquals(List.of(), ProcessLeaks.find());
    }
}
