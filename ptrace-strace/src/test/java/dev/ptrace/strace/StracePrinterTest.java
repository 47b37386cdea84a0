package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Line layout: alignment, pid prefixes, the unfinished/resumed split, signals and exits. */
class StracePrinterTest {
    private static final SyscallArgs NO_ARGS = new SyscallArgs(0, 0, 0, 0, 0, 0);

    private static Tracee tracee(int pid) {
        Tracee t = mock(Tracee.class);
        when(t.pid()).thenReturn(pid);
        return t;
    }

    private static SyscallEvent enter(Tracee t, String name, String entry) {
        return new SyscallEvent(t, 0, false, 0, name, NO_ARGS, 0, false, false, 0, entry, "", "");
    }

    private static SyscallEvent exit(Tracee t, String name, String entry, String exit, String result) {
        return new SyscallEvent(t, 0, true, 0, name, NO_ARGS, 0, false, true, 12_000, entry, exit, result);
    }

    @Test
    void interleavedTraceesPrintUnfinishedAndResumed() {
        StringBuilder out = new StringBuilder();
        StracePrinter p = new StracePrinter(out, StracePrinter.PidPrefix.ALWAYS, StracePrinter.Timestamps.NONE,
                false, true, EnumSet.allOf(StracePrinter.Status.class));
        Tracee a = tracee(4917);
        Tracee b = tracee(4918);
        p.accept(enter(a, "close", "close(4"));
        p.accept(enter(b, "set_robust_list", "set_robust_list(0x7fcceed4ca20, 24"));
        p.accept(exit(a, "close", "close(4", "", "0"));
        p.accept(exit(b, "set_robust_list", "set_robust_list(0x7fcceed4ca20, 24", "", "0"));
        p.accept(enter(a, "wait4", "wait4(-1, "));
        p.accept(exit(a, "wait4", "wait4(-1, ", "NULL, 0, NULL", "4918"));
        assertEquals(String.join("\n",
                "4917  close(4 <unfinished ...>",
                "4918  set_robust_list(0x7fcceed4ca20, 24 <unfinished ...>",
                "4917  <... close resumed>)              = 0",
                "4918  <... set_robust_list resumed>)    = 0",
                "4917  wait4(-1, NULL, 0, NULL)          = 4918", ""), out.toString());
    }

    @Test
    void aChildsExitLineCarriesItsPidWhileTheParentLives() {
        StringBuilder out = new StringBuilder();
        StracePrinter p = new StracePrinter(out, StracePrinter.PidPrefix.WHEN_SEVERAL,
                StracePrinter.Timestamps.NONE, false, true, EnumSet.allOf(StracePrinter.Status.class));
        Tracee parent = tracee(26085);
        Tracee child = tracee(26086);
        p.accept(exit(parent, "close", "close(4", "", "0"));
        p.accept(exit(child, "close", "close(3", "", "0"));
        p.accept(ExitEvent.exited(child, 0, 0));
        p.accept(ExitEvent.exited(parent, 0, 0));
        assertEquals(String.join("\n",
                "close(4)                                = 0",
                "[pid 26086] close(3)                    = 0",
                "[pid 26086] +++ exited with 0 +++",
                "+++ exited with 0 +++", ""), out.toString());
    }

    @Test
    void newTraceesAreAnnouncedOnlyWhenAskedAndTheirCreatorCountsAsTraced() {
        Tracee parent = tracee(500);
        Tracee child = tracee(501);
        for (boolean announce : new boolean[] {true, false}) {
            StringBuilder out = new StringBuilder();
            StracePrinter p = new StracePrinter(out, StracePrinter.PidPrefix.WHEN_SEVERAL,
                    StracePrinter.Timestamps.NONE, false, true, EnumSet.allOf(StracePrinter.Status.class));
            if (announce) {
                p.announcingNewTracees("jstrace");
            }
            p.accept(enter(parent, "wait4", "wait4(-1, "));
            p.accept(new AttachEvent(child, 500, 0));
            p.accept(ExitEvent.exited(child, 0, 0));
            assertEquals(String.join("\n",
                    "wait4(-1,  <unfinished ...>",
                    announce ? "jstrace: Process 501 attached\n[pid   501] +++ exited with 0 +++"
                            : "[pid   501] +++ exited with 0 +++", ""), out.toString());
        }
    }

    @Test
    void signalsExitsAndDurations() {
        StringBuilder out = new StringBuilder();
        StracePrinter p = new StracePrinter(out, StracePrinter.PidPrefix.NONE, StracePrinter.Timestamps.NONE,
                true, true, EnumSet.allOf(StracePrinter.Status.class));
        Tracee a = tracee(7);
        p.accept(enter(a, "exit_group", "exit_group(0"));
        p.accept(new SyscallEvent(a, 0, true, 0, "exit_group", NO_ARGS, 0, false, false, 0, "exit_group(0", "",
                "?"));
        p.accept(new SignalEvent(a, 0, Signal.SIGCHLD,
                new SignalInfo(Signal.SIGCHLD, 0, 1, 8, 0, 0, 0, 0, 0, 0), false));
        p.accept(ExitEvent.exited(a, 0, 0));
        p.accept(exit(a, "close", "close(3", "", "0"));
        assertEquals(String.join("\n",
                "exit_group(0)                           = ?",
                "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=8, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---",
                "+++ exited with 0 +++",
                "close(3)                                = 0 <0.000012>", ""), out.toString());
    }

    @Test
    void statusFilterPrintsOnlyFailures() {
        StringBuilder out = new StringBuilder();
        StracePrinter p = new StracePrinter(out, StracePrinter.PidPrefix.NONE, StracePrinter.Timestamps.NONE,
                false, true, EnumSet.of(StracePrinter.Status.FAILED));
        Tracee a = tracee(7);
        p.accept(enter(a, "close", "close(3"));
        p.accept(exit(a, "close", "close(3", "", "0"));
        p.accept(enter(a, "close", "close(9"));
        p.accept(new SyscallEvent(a, 0, true, 0, "close", NO_ARGS, -9, true, true, 0, "close(9", "",
                "-1 EBADF (Bad file descriptor)"));
        assertEquals("close(9)                                = -1 EBADF (Bad file descriptor)\n", out.toString());
    }

    @Test
    void killedAndSupersededLines() {
        Tracee a = tracee(7);
        assertEquals("+++ killed by SIGSEGV (core dumped) +++",
                ExitEvent.killed(a, 0, Signal.SIGSEGV, true, true).toString());
        assertEquals("+++ superseded by execve in pid 9 +++", ExitEvent.superseded(a, 9, 0).toString());
        assertEquals(a.pid(), ExitEvent.superseded(a, 9, 0).pid());
        assertEquals(9, ExitEvent.superseded(a, 9, 0).formerPid());
    }

    private static StracePrinter quietPrinter(StringBuilder out, boolean exitMessages) {
        return new StracePrinter(out, StracePrinter.PidPrefix.WHEN_SEVERAL, StracePrinter.Timestamps.NONE, false,
                exitMessages, EnumSet.allOf(StracePrinter.Status.class));
    }

    @Test
    void withoutExitMessagesOnlyTheExitedLinesGo() {
        // strace -qq: no "+++ exited with N +++", but "+++ killed by ..." and "+++ superseded ..." stay
        StringBuilder out = new StringBuilder();
        StracePrinter p = quietPrinter(out, false);
        Tracee a = tracee(30);
        Tracee b = tracee(31);
        p.accept(exit(a, "getpid", "getpid(", "", "30"));
        p.accept(exit(b, "getpid", "getpid(", "", "31"));
        p.accept(ExitEvent.exited(b, 0, 0));
        p.accept(ExitEvent.superseded(a, 32, 0));
        p.accept(ExitEvent.killed(a, 0, Signal.SIGTERM, false, true));
        assertEquals(String.join("\n",
                "getpid()                                = 30",
                "[pid    31] getpid()                    = 31",
                "+++ superseded by execve in pid 32 +++",
                "+++ killed by SIGTERM +++", ""), out.toString());
    }

    @Test
    void aKilledLineNotShownIsLeftOutButTheTraceeStillEnds() {
        // strace -e signal=none: no "+++ killed by SIGTERM +++"; the survivor's lines lose their pid prefix
        StringBuilder out = new StringBuilder();
        StracePrinter p = quietPrinter(out, true);
        Tracee a = tracee(40);
        Tracee b = tracee(41);
        p.accept(exit(a, "getpid", "getpid(", "", "40"));
        p.accept(enter(b, "pause", "pause("));
        p.accept(ExitEvent.killed(b, 0, Signal.SIGTERM, false, false));
        p.accept(exit(a, "getpid", "getpid(", "", "40"));
        assertEquals(String.join("\n",
                "getpid()                                = 40",
                "[pid    41] pause( <unfinished ...>",
                "getpid()                                = 40", ""), out.toString());
    }

    @Test
    void supersededLinesCanBeLeftOutAndTheOpenExecveLineSaysThePidChanged() {
        // strace -qqq: no superseded line; the exec'ing thread's open execve line ends "<pid changed to N ...>"
        for (boolean shown : new boolean[] {true, false}) {
            StringBuilder out = new StringBuilder();
            StracePrinter p = shown ? quietPrinter(out, true) : quietPrinter(out, true).withoutSupersededMessages();
            Tracee leader = tracee(50);
            Tracee thread = tracee(51);
            p.accept(exit(leader, "getpid", "getpid(", "", "50"));
            p.accept(enter(thread, "execve", "execve(\"/bin/true\", [\"/bin/true\"], 0x7ffd /* 3 vars */"));
            p.accept(ExitEvent.superseded(leader, 51, 0));
            p.accept(exit(leader, "execve", "execve(\"/bin/true\", [\"/bin/true\"], 0x7ffd /* 3 vars */", "",
                    "0"));
            assertEquals(String.join("\n",
                    "getpid()                                = 50",
                    "[pid    51] execve(\"/bin/true\", [\"/bin/true\"], 0x7ffd /* 3 vars */ <pid changed to 50 ...>")
                    + (shown ? "\n+++ superseded by execve in pid 51 +++" : "")
                    + "\n<... execve resumed>)                   = 0\n", out.toString());
        }
    }
}
