package dev.ptrace.core.it;

import dev.ptrace.Arch;
import dev.ptrace.BpfDisassembler;
import dev.ptrace.BpfInstruction;
import dev.ptrace.PtraceEvent;
import dev.ptrace.PtraceException;
import dev.ptrace.PtraceOption;
import dev.ptrace.Redirect;
import dev.ptrace.Seccomp;
import dev.ptrace.SeccompData;
import dev.ptrace.SeccompMetadata;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;
import dev.ptrace.core.SeccompDump;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seccomp stops and filter inspection on a real process: a small C program (built with {@code cc}, skipped where
 * there is none) installs two filters and makes the calls they act on. Run by every backend through a subclass.
 * Reading filters needs CAP_SYS_ADMIN: without it those tests are skipped with the reason.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class SeccompBehaviour extends TracerBehaviourBase {
    private static final boolean X86 = Arch.current() == Arch.X86_64;
    private static final int GETPPID = X86 ? 110 : 173;
    private static final int GETUID = X86 ? 102 : 174;
    private static final int GETPID = X86 ? 39 : 172;

    /** The filter the test program installs first (index 0), as the kernel must give it back. */
    static List<BpfInstruction> expectedFilter() {
        return List.of(
                BpfInstruction.stmt(0x20, 4),                                   // ld arch
                BpfInstruction.jump(0x15, Arch.current().auditArch(), 1, 0),    // jeq ARCH
                BpfInstruction.stmt(0x06, Seccomp.RET_KILL_PROCESS),
                BpfInstruction.stmt(0x20, 0),                                   // ld nr
                BpfInstruction.jump(0x15, GETPPID, 0, 1),
                BpfInstruction.stmt(0x06, Seccomp.RET_TRACE | 42),
                BpfInstruction.jump(0x15, GETUID, 0, 1),
                BpfInstruction.stmt(0x06, Seccomp.RET_ERRNO | 1),
                BpfInstruction.stmt(0x06, Seccomp.RET_ALLOW));
    }

    @Test
    void dumpsTheFiltersAndSeesTheTraceVerdict() throws Exception {
        requireCapSysAdmin();
        Path exe = TestPrograms.build("seccomp", TestPrograms.SECCOMP);
        Tracee t = tracer.spawn(List.of(exe.toString()), SpawnOptions.defaults().withStdout(Redirect.PIPE)
                .withStderr(Redirect.PIPE));
        Seccomp seccomp = t.seccomp();
        assertTrue(seccomp.supported());
        assertEquals(0, seccomp.mode(), "no filter before the program runs");
        assertFalse(seccomp.filterAvailable(0));
        PtraceException none = assertThrows(PtraceException.class, () -> seccomp.filter(0));
        assertTrue(none.getMessage().contains("has no seccomp filter"), none.getMessage());
        seccomp.enableEvents();
        assertTrue(t.options().contains(PtraceOption.TRACESECCOMP));

        List<SeccompData> seen = new ArrayList<>();
        Stop last = runWithCont(t, s -> {
            if (s instanceof Stop.EventStop e && e.event() == PtraceEvent.SECCOMP) {
                assertEquals(42, e.message(), "SECCOMP_RET_DATA as the event message");
                seen.add(seccomp.data());
                inspectFilters(t);
            }
        });
        assertEquals(new Stop.Exited(t, 0), last);
        assertEquals(1, seen.size(), "one SECCOMP_RET_TRACE verdict: " + seen);
        SeccompData d = seen.get(0);
        assertEquals(GETPPID, d.number());
        assertEquals(Arch.current().auditArch(), d.auditArch());
        assertEquals(42, d.retData());
        assertTrue(d.instructionPointer() != 0, "the instruction pointer of the call");
        String out = new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("getppid=" + ProcessHandle.current().pid() + "\ngetuid=-1 errno=1\n", out);
    }

    private void inspectFilters(Tracee t) {
        Seccomp seccomp = t.seccomp();
        assertEquals(2, seccomp.mode());
        assertEquals(2, seccomp.filterCount());
        assertEquals(List.of(BpfInstruction.stmt(0x06, Seccomp.RET_ALLOW)), seccomp.filter(1), "index 1: installed last");
        assertEquals(expectedFilter(), seccomp.filter(0), "index 0: installed first");
        assertEquals(new SeccompMetadata(0, SeccompMetadata.FLAG_LOG), seccomp.metadata(0));
        assertEquals(List.of("log"), seccomp.metadataFlagNames(0));
        assertEquals(0, seccomp.metadata(1).flags());
        assertEquals(List.of(), seccomp.metadataFlagNames(1));
        assertFalse(seccomp.filterAvailable(2));
        PtraceException past = assertThrows(PtraceException.class, () -> seccomp.filter(2));
        assertTrue(past.getMessage().contains("ENOENT") && past.getMessage().contains("no seccomp filter with index 2"),
                past.getMessage());

        IntFunction<String> names = nr -> nr == GETPPID ? "getppid" : nr == GETUID ? "getuid" : null;
        String arch = X86 ? "AUDIT_ARCH_X86_64" : "AUDIT_ARCH_AARCH64";
        List<String> expected = List.of(
                " 0000: 0x20 0x00 0x00 0x00000004  A = arch",
                String.format(" 0001: 0x15 0x01 0x00 0x%08x  if (A == %s) goto 0003", Arch.current().auditArch(), arch),
                " 0002: 0x06 0x00 0x00 0x80000000  return KILL_PROCESS",
                " 0003: 0x20 0x00 0x00 0x00000000  A = nr",
                String.format(" 0004: 0x15 0x00 0x01 0x%08x  if (A != getppid) goto 0006", GETPPID),
                " 0005: 0x06 0x00 0x00 0x7ff0002a  return TRACE(42)",
                String.format(" 0006: 0x15 0x00 0x01 0x%08x  if (A != getuid) goto 0008", GETUID),
                " 0007: 0x06 0x00 0x00 0x00050001  return ERRNO(1)",
                " 0008: 0x06 0x00 0x00 0x7fff0000  return ALLOW");
        assertEquals(expected, BpfDisassembler.lines(seccomp.filter(0), names));
        assertTrue(seccomp.disassemble(0).contains("if (A != " + GETPPID + ") goto 0006"), seccomp.disassemble(0));

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int n = SeccompDump.dump(t, new PrintStream(buf, true, StandardCharsets.UTF_8), names);
        String dump = buf.toString(StandardCharsets.UTF_8);
        assertEquals(2, n);
        assertTrue(dump.contains("seccomp mode 2 (filter)"), dump);
        assertTrue(dump.contains("filter 1 (newest), flags none:\n 0000: 0x06 0x00 0x00 0x7fff0000  return ALLOW\n"),
                dump);
        assertTrue(dump.contains("filter 0 (oldest), flags log:\n" + String.join("\n", expected) + "\n"), dump);
    }

    @Test
    void aSeccompStopCanChangeTheSyscall() throws Exception {
        Path exe = TestPrograms.build("seccomp", TestPrograms.SECCOMP);
        Tracee t = tracer.spawn(List.of(exe.toString()), SpawnOptions.defaults().withStdout(Redirect.PIPE)
                .withStderr(Redirect.PIPE));
        t.seccomp().enableEvents();
        Stop last = runWithCont(t, s -> {
            if (s instanceof Stop.EventStop e && e.event() == PtraceEvent.SECCOMP) {
                s.tracee().syscallTampering().setNumber(GETPID); // getppid runs as getpid (the filter allows it)
            }
        });
        assertEquals(new Stop.Exited(t, 0), last);
        String out = new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("getppid=" + t.pid() + "\ngetuid=-1 errno=1\n", out);
    }

    @Test
    void withoutTraceseccompATraceVerdictFailsWithEnosys() throws Exception {
        Path exe = TestPrograms.build("seccomp", TestPrograms.SECCOMP);
        Tracee t = tracer.spawn(List.of(exe.toString()), SpawnOptions.defaults().withStdout(Redirect.PIPE)
                .withStderr(Redirect.PIPE));
        List<Stop> events = new ArrayList<>();
        Stop last = runWithCont(t, s -> {
            if (s instanceof Stop.EventStop e && e.event() == PtraceEvent.SECCOMP) {
                events.add(s);
            }
        });
        assertEquals(new Stop.Exited(t, 0), last);
        assertEquals(List.of(), events);
        String out = new String(t.stdoutPipe().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("getppid=-1\ngetuid=-1 errno=1\n", out, "SECCOMP_RET_TRACE without a tracer that asked: ENOSYS");
    }

    /** Resumes with PTRACE_CONT at every stop until the end; returns the terminal stop. */
    private static Stop runWithCont(Tracee t, Consumer<Stop> onStop) {
        Stop s = t.currentStop().orElseThrow();
        t.waitForStop(); // the queued first stop
        while (true) {
            t.cont();
            s = t.waitForStop();
            if (s.isTerminal()) {
                return s;
            }
            onStop.accept(s);
        }
    }

    private static void requireCapSysAdmin() {
        dev.ptrace.PtracePermissions p = dev.ptrace.PtracePermissions.current();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.capSysAdmin() && p.seccompMode() == 0,
                "reading seccomp filters needs CAP_SYS_ADMIN and a JVM not under seccomp (capSysAdmin="
                        + p.capSysAdmin() + ", seccomp mode " + p.seccompMode() + ")");
    }
}
