package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.BpfDisassembler;
import dev.ptrace.BpfInstruction;
import dev.ptrace.Errno;
import dev.ptrace.PtraceException;
import dev.ptrace.PtraceOption;
import dev.ptrace.PtracePermissions;
import dev.ptrace.Seccomp;
import dev.ptrace.SeccompData;
import dev.ptrace.SeccompMetadata;
import dev.ptrace.Stop;
import dev.ptrace.SyscallArgs;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TracePermissionException;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.ptrace.core.Regs.withRegs;
import static dev.ptrace.core.Regs.x86;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seccomp inspection: the data of a seccomp stop, and reading a process's filters with their errors. */
class SeccompInspectorTest extends EngineTestSupport {
    static final int EMEDIUMTYPE = 124;

    /** An allow-list of write(2) (x86_64), the way libseccomp would start one. */
    static final List<BpfInstruction> ALLOW_WRITE = List.of(
            BpfInstruction.stmt(0x20, 4),
            BpfInstruction.jump(0x15, 0xC000003E, 1, 0),
            BpfInstruction.stmt(0x06, 0),
            BpfInstruction.stmt(0x20, 0),
            BpfInstruction.jump(0x15, 1, 0, 1),
            BpfInstruction.stmt(0x06, Seccomp.RET_ALLOW),
            BpfInstruction.stmt(0x06, Seccomp.RET_ERRNO | 1));
    static final List<BpfInstruction> LOG_ALL = List.of(BpfInstruction.stmt(0x06, Seccomp.RET_LOG));

    private TraceeHandle withFilters() {
        TraceeHandle t = seize();
        fake.seccompFilters.put(t.pid(), List.of(BpfInstruction.encode(ALLOW_WRITE), BpfInstruction.encode(LOG_ALL)));
        fake.seccompFlags.put(t.pid(), List.of(0L, SeccompMetadata.FLAG_LOG | SeccompMetadata.FLAG_TSYNC));
        return t;
    }

    // --- the filters --------------------------------------------------------------------------------------------

    @Test
    void filtersAreCountedReadAndDescribed() {
        TraceeHandle t = withFilters();
        Seccomp s = t.seccomp();
        assertTrue(s.filterAvailable(0));
        assertTrue(s.filterAvailable(1));
        assertFalse(s.filterAvailable(2));
        assertEquals(2, s.filterCount());
        assertEquals(ALLOW_WRITE, s.filter(0));
        assertEquals(LOG_ALL, s.filter(1));
        assertEquals(new SeccompMetadata(0, 0), s.metadata(0));
        assertEquals(new SeccompMetadata(1, SeccompMetadata.FLAG_LOG | SeccompMetadata.FLAG_TSYNC), s.metadata(1),
                "the index asked for, though the kernel zeroes filter_off");
        assertEquals(List.of("tsync", "log"), s.metadataFlagNames(1));
        assertEquals(BpfDisassembler.disassemble(ALLOW_WRITE), s.disassemble(0));
        assertTrue(s.disassemble(1).contains("return LOG"), s.disassemble(1));
        assertTrue(fake.calls(Linux.PTRACE_SECCOMP_GET_FILTER, t.pid()).stream()
                .allMatch(c -> c.thread().getName().startsWith("ptrace-tracer-")), "on the tracer thread");
    }

    @Test
    void aProcessWithoutFiltersHasNone() {
        TraceeHandle t = seize();
        Seccomp s = t.seccomp();
        assertFalse(s.filterAvailable(0));
        assertEquals(0, s.filterCount());
        PtraceException e = assertThrows(PtraceException.class, () -> s.filter(0));
        assertEquals(Optional.of(Errno.EINVAL), e.errno());
        assertTrue(e.getMessage().contains("the process has no seccomp filter (seccomp mode -1; filters exist in mode"
                + " 2 only)"), e.getMessage());
        assertThrows(PtraceException.class, () -> s.metadata(0));
    }

    @Test
    void indexesPastTheNewestAndNegativeOnesAreRefused() {
        TraceeHandle t = withFilters();
        Seccomp s = t.seccomp();
        PtraceException e = assertThrows(PtraceException.class, () -> s.metadata(5));
        assertEquals(Optional.of(Errno.ENOENT), e.errno());
        assertTrue(e.getMessage().contains("no seccomp filter with index 5 (the process has fewer filters; 0 is the"
                + " oldest)"), e.getMessage());
        assertEquals(Optional.of(Errno.ENOENT), assertThrows(PtraceException.class, () -> s.filter(2)).errno());
        for (Runnable r : List.<Runnable>of(() -> s.filter(-1), () -> s.metadata(-1), () -> s.filterAvailable(-1))) {
            assertEquals("filter index must be >= 0, was -1",
                    assertThrows(IllegalArgumentException.class, r::run).getMessage());
        }
    }

    @Test
    void anEbpfFilterExistsButHasNoClassicCode() {
        TraceeHandle t = withFilters();
        Seccomp s = t.seccomp();
        fake.failNext(Linux.PTRACE_SECCOMP_GET_FILTER, EMEDIUMTYPE);
        assertTrue(s.filterAvailable(0));
        fake.failNext(Linux.PTRACE_SECCOMP_GET_FILTER, EMEDIUMTYPE);
        PtraceException e = assertThrows(PtraceException.class, () -> s.filter(0));
        assertTrue(e.getMessage().contains("filter 0 is an eBPF program, which has no classic BPF code to read"),
                e.getMessage());
    }

    @Test
    void theKernelsRefusalsAreExplained() {
        TraceeHandle t = withFilters();
        Seccomp s = t.seccomp();
        fake.failNext(Linux.PTRACE_SECCOMP_GET_FILTER, Linux.EACCES);
        TracePermissionException perm = assertThrows(TracePermissionException.class, () -> s.filterAvailable(0));
        PtracePermissions p = PtracePermissions.current();
        String expected = !p.capSysAdmin() ? "reading seccomp filters needs CAP_SYS_ADMIN"
                : p.seccompMode() != 0 ? "this JVM itself runs under seccomp"
                : "the kernel refused: the tracer needs CAP_SYS_ADMIN and must not run under seccomp";
        assertTrue(perm.hint().startsWith(expected), perm.hint());

        fake.failNext(Linux.PTRACE_SECCOMP_GET_METADATA, Linux.EIO);
        PtraceException eio = assertThrows(PtraceException.class, () -> s.metadata(0));
        assertTrue(eio.getMessage().contains("metadata since Linux 4.16"), eio.getMessage());

        fake.failNext(Linux.PTRACE_SECCOMP_GET_FILTER, Linux.ESRCH);
        TraceeGoneException gone = assertThrows(TraceeGoneException.class, () -> s.filter(0));
        assertTrue(gone.getMessage().contains("the tracee must exist and be stopped"), gone.getMessage());

        fake.failNext(Linux.PTRACE_SECCOMP_GET_FILTER, Linux.EFAULT);
        PtraceException other = assertThrows(PtraceException.class, () -> s.filterAvailable(1));
        assertEquals(PtraceException.class, other.getClass());
        assertEquals(Optional.of(Errno.EFAULT), other.errno());
    }

    @Test
    void anImpossibleInstructionCountIsAnError() {
        TraceeHandle t = seize();
        fake.seccompFilters.put(t.pid(), List.of(new byte[8 * (SeccompInspector.MAX_INSNS + 1)]));
        PtraceException e = assertThrows(PtraceException.class, () -> t.seccomp().filter(0));
        assertTrue(e.getMessage().contains("the kernel reported 4097 instructions for filter 0"), e.getMessage());
    }

    // --- the mode, from /proc -----------------------------------------------------------------------------------

    @Test
    void theModeOfAProcessThatIsGoneIsUnknown() {
        TraceeHandle t = seize();
        assertEquals(-1, t.seccomp().mode());
        assertFalse(t.seccomp().supported());
        assertEquals("Seccomp[pid=" + t.pid() + ", mode=-1]", t.seccomp().toString());
    }

    @Test
    void theModeOfARealProcessIsItsSeccompLine() throws Exception {
        int pid = (int) ProcessHandle.current().pid();
        TraceeHandle self = tracer.table.create(pid, false, 0, false);
        String line = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Seccomp:")).findFirst().orElse("Seccomp: -1");
        int mode = Integer.parseInt(line.substring(8).trim());
        assertEquals(mode, self.seccomp().mode());
        assertEquals(mode >= 0 && Files.exists(Path.of("/proc/sys/kernel/seccomp/actions_avail")),
                self.seccomp().supported());
    }

    // --- seccomp stops ------------------------------------------------------------------------------------------

    @Test
    void enablingEventsSetsTraceseccomp() {
        TraceeHandle t = seize(Set.of(PtraceOption.TRACEFORK));
        t.seccomp().enableEvents();
        assertEquals(0x93, last(Linux.PTRACE_SETOPTIONS, t.pid()).data());
        assertTrue(t.options().contains(PtraceOption.TRACESECCOMP));
        assertTrue(t.options().contains(PtraceOption.TRACEFORK));
    }

    @Test
    void theDataOfASeccompStopComesFromTheKernelsSyscallInfo() {
        TraceeHandle t = seize();
        next(Regs.seccompStop(t.pid(), FakeKernel.AUDIT_X86_64, 0x42, 257, -100, 0x5000, 0), Stop.EventStop.class);
        SeccompData d = t.seccomp().data();
        assertEquals(257, d.number());
        assertEquals(FakeKernel.AUDIT_X86_64, d.auditArch());
        assertEquals(Optional.of(Arch.X86_64), d.arch());
        assertEquals(0x401000L + 257, d.instructionPointer());
        assertEquals(new SyscallArgs(-100, 0x5000, 0, 0, 0, 0), d.args());
        assertEquals(0x42, d.retData());
    }

    @Test
    void withoutSyscallInfoTheDataComesFromTheRegistersAndTheEventMessage() {
        TraceeHandle t = seize();
        FakeKernel.Event e = withRegs(FakeKernel.event(t.pid(), 7, 0x10042), x86(0x401234, 0x7ff000, 2, -38));
        next(e, Stop.EventStop.class);
        fake.failNext(Linux.PTRACE_GET_SYSCALL_INFO, Linux.EIO);
        SeccompData d = t.seccomp().data();
        assertEquals(2, d.number());
        assertEquals(Arch.X86_64.auditArch(), d.auditArch());
        assertEquals(0x401234, d.instructionPointer());
        assertEquals(0x42, d.retData(), "SECCOMP_RET_DATA of the event message");
        // the kernel has syscall info, but sees no seccomp stop: the registers again
        SeccompData again = t.seccomp().data();
        assertEquals(2, again.number());
        assertEquals(0x401234, again.instructionPointer());
    }

    @Test
    void theDataOfATraceeThatIsGoneOrNotAtASeccompStopIsRefused() {
        TraceeHandle t = seize();
        IllegalStateException running = assertThrows(IllegalStateException.class, () -> t.seccomp().data());
        assertEquals("tracee " + t.pid() + " is not at a seccomp stop (RUNNING)", running.getMessage());
        next(FakeKernel.event(t.pid(), 4, t.pid()), Stop.EventStop.class);
        assertTrue(assertThrows(IllegalStateException.class, () -> t.seccomp().data()).getMessage()
                .contains("is not at a seccomp stop (EventStop"));
        t.cont();
        next(Regs.seccompStop(t.pid(), FakeKernel.AUDIT_X86_64, 1, 2), Stop.EventStop.class);
        fake.failNext(Linux.PTRACE_GET_SYSCALL_INFO, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> t.seccomp().data());
    }

    // --- SeccompDump --------------------------------------------------------------------------------------------

    private static String dump(dev.ptrace.Tracee t, int[] count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        count[0] = SeccompDump.dump(t, new PrintStream(out, true, StandardCharsets.UTF_8),
                nr -> nr == 1 ? "write" : null);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dumpListsEveryFilterOldestFirst() {
        TraceeHandle t = withFilters();
        dev.ptrace.Tracee view = org.mockito.Mockito.spy(t);
        Seccomp real = t.seccomp();
        Seccomp inFilterMode = org.mockito.Mockito.spy(real);
        org.mockito.Mockito.doReturn(2).when(inFilterMode).mode();
        org.mockito.Mockito.doReturn(inFilterMode).when(view).seccomp();
        int[] n = new int[1];
        String text = dump(view, n);
        assertEquals(2, n[0]);
        assertTrue(text.startsWith("pid " + t.pid() + ": seccomp mode 2 (filter)\n\nfilter 0 (oldest), flags none:\n"),
                text);
        assertTrue(text.contains("if (A != write) goto 0006"), text);
        assertTrue(text.contains("\nfilter 1 (newest), flags tsync,log:\n"), text);
        assertTrue(text.endsWith("return LOG\n"), text);
    }

    @Test
    void dumpOfOneFilterHasNoAgeAndOtherModesHaveNoFilters() {
        TraceeHandle t = seize();
        fake.seccompFilters.put(t.pid(), List.of(BpfInstruction.encode(LOG_ALL)));
        int[] modes = {2, 0, 1, -1};
        String[] words = {"filter", "disabled", "strict", "unknown"};
        for (int i = 0; i < modes.length; i++) {
            dev.ptrace.Tracee view = org.mockito.Mockito.spy(t);
            Seccomp s = org.mockito.Mockito.spy(t.seccomp());
            org.mockito.Mockito.doReturn(modes[i]).when(s).mode();
            org.mockito.Mockito.doReturn(s).when(view).seccomp();
            int[] n = new int[1];
            String text = dump(view, n);
            assertTrue(text.startsWith("pid " + t.pid() + ": seccomp mode " + modes[i] + " (" + words[i] + ")\n"),
                    text);
            assertEquals(modes[i] == 2 ? 1 : 0, n[0]);
            if (modes[i] == 2) {
                assertTrue(text.contains("\nfilter 0, flags none:\n"), text);
            }
        }
        int[] n = new int[1];
        assertTrue(dump(t, n).endsWith("seccomp mode -1 (unknown)\n"), "the real mode of a fake pid");
    }

    @Test
    void dumpOfThreeFiltersMarksOnlyTheEnds() {
        TraceeHandle t = seize();
        byte[] log = BpfInstruction.encode(LOG_ALL);
        fake.seccompFilters.put(t.pid(), List.of(log, log, log));
        dev.ptrace.Tracee view = org.mockito.Mockito.spy(t);
        Seccomp s = org.mockito.Mockito.spy(t.seccomp());
        org.mockito.Mockito.doReturn(2).when(s).mode();
        org.mockito.Mockito.doReturn(s).when(view).seccomp();
        String text = dump(view, new int[1]);
        assertTrue(text.contains("filter 0 (oldest), flags none:"), text);
        assertTrue(text.contains("filter 1, flags none:"), text);
        assertTrue(text.contains("filter 2 (newest), flags none:"), text);
        assertInstanceOf(SeccompInspector.class, t.seccomp());
    }
}
