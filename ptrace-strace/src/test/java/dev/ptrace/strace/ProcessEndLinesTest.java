package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Arch;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.SyscallTables;
import org.junit.jupiter.api.Test;

/**
 * The lines of syscalls that never return because the process ends (exit_group from another thread, a fatal
 * signal), as strace 6.1 prints them for a thread blocked in read(2) while another calls exit_group.
 */
class ProcessEndLinesTest {
    private static final SyscallTables X86 = SyscallTables.of(Arch.X86_64);

    private final SyscallFormatter formatter = new SyscallFormatter(X86, SyscallFilter.all(),
            new DecodeContext(X86, 32, false, ConstantStyle.ABBREV));

    private static Tracee tracee(int pid) {
        Tracee t = mock(Tracee.class);
        when(t.pid()).thenReturn(pid);
        when(t.memory()).thenReturn(new FakeMemory());
        return t;
    }

    private SyscallFormatter.Pending enter(Tracee t, String name, long... a) {
        long[] x = new long[6];
        System.arraycopy(a, 0, x, 0, a.length);
        return formatter.enter(t, X86.syscallNumber(name).orElseThrow(),
                new SyscallArgs(x[0], x[1], x[2], x[3], x[4], x[5]), 0, 1000);
    }

    @Test
    void aSyscallWithOutputArgumentsEndsAsUnfinished() {
        Tracee t = tracee(42);
        assertEquals("read(3,  <unfinished ...>) = ?",
                formatter.unfinished(t, enter(t, "read", 3, 0x1000, 1), 2000).toString().replaceAll("\\) +=", ") ="));
        assertEquals("exit_group(5) = ?",
                formatter.unfinished(t, enter(t, "exit_group", 5), 2000).toString().replaceAll("\\) +=", ") ="));
    }

    @Test
    void theResumedLineOfAThreadKilledByExitGroup() {
        Tracee reader = tracee(43);
        Tracee main = tracee(42);
        StringBuilder out = new StringBuilder();
        StracePrinter printer = new StracePrinter(out, StracePrinter.PidPrefix.ALWAYS, StracePrinter.Timestamps.NONE,
                false, true, java.util.EnumSet.allOf(StracePrinter.Status.class));
        SyscallFormatter.Pending read = enter(reader, "read", 3, 0x1000, 1);
        printer.accept(read.entryEvent());
        SyscallFormatter.Pending getppid = enter(main, "getppid");
        printer.accept(getppid.entryEvent());
        printer.accept(formatter.exit(main, getppid, X86.syscallNumber("getppid").orElseThrow(), 1, false, 1500));
        printer.accept(formatter.unfinished(reader, read, 2000));
        printer.accept(ExitEvent.exited(reader, 2000, 5));
        assertEquals("43    read(3,  <unfinished ...>\n"
                + "42    getppid() = 1\n"
                + "43    <... read resumed> <unfinished ...>) = ?\n"
                + "43    +++ exited with 5 +++\n", out.toString().replaceAll("\\) +=", ") ="));
    }

    @Test
    void restartSyscallNamesTheSyscallItResumes() {
        Tracee t = tracee(42);
        int nanosleep = X86.syscallNumber("nanosleep").orElseThrow();
        SyscallFormatter.Pending sleep = enter(t, "nanosleep", 0, 0);
        assertEquals("nanosleep(NULL, NULL) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)",
                formatter.exit(t, sleep, nanosleep, -516, true, 1500).toString().replaceAll("\\) +=", ") ="));
        int restart = X86.syscallNumber("restart_syscall").orElseThrow();
        SyscallFormatter.Pending r = enter(t, "restart_syscall");
        assertEquals("restart_syscall(<... resuming interrupted nanosleep ...>) = 0",
                formatter.exit(t, r, restart, 0, false, 2000).toString().replaceAll("\\) +=", ") ="));
        Tracee attached = tracee(43); // attached while the syscall was interrupted: its name is unknown
        SyscallFormatter.Pending r2 = enter(attached, "restart_syscall");
        assertEquals("restart_syscall(<... resuming interrupted system call ...>) = 0",
                formatter.exit(attached, r2, restart, 0, false, 2000).toString().replaceAll("\\) +=", ") ="));
    }
}
