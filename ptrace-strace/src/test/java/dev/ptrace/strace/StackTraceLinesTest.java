package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.StackFrame;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** strace -k's frame lines, and where the printer puts them: after the line that completes the event. */
class StackTraceLinesTest {
    private static final String LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6";
    private static final List<StackFrame> FRAMES = List.of(
            new StackFrame(0x7f00000d54e7L, LIBC, 0xd54e7, "__getpid", 0x7),
            new StackFrame(0x5600000023f1L, "/usr/bin/true", 0x23f1, "", 0),
            new StackFrame(0x7f2200001007L, "", 0, "", 0));

    @Test
    void framesAsStracePrintsThemAtTheExitOrQueuedAtTheEntry() {
        assertEquals(String.join("\n",
                " > " + LIBC + "(__getpid+0x7) [0xd54e7]",
                " > /usr/bin/true() [0x23f1]",
                " > unexpected_backtracing_error [0x7f2200001007]", ""), new StackTrace(FRAMES, false).toString());
        assertEquals(" > /usr/bin/true(+0x0) [0x23f1]\n",
                new StackTrace(List.of(FRAMES.get(1)), true).toString());
    }

    @Test
    void framesFollowTheResumedLineOfAnUnfinishedSyscall() {
        StringBuilder out = new StringBuilder();
        StracePrinter p = new StracePrinter(out, StracePrinter.PidPrefix.ALWAYS, StracePrinter.Timestamps.NONE,
                false, true, EnumSet.allOf(StracePrinter.Status.class));
        Tracee a = mock(Tracee.class);
        when(a.pid()).thenReturn(10);
        Tracee b = mock(Tracee.class);
        when(b.pid()).thenReturn(11);
        SyscallArgs none = new SyscallArgs(0, 0, 0, 0, 0, 0);
        p.accept(new SyscallEvent(a, 0, false, 39, "getpid", none, 0, false, false, 0, "getpid(", "", ""));
        p.accept(new SyscallEvent(b, 0, false, 39, "getpid", none, 0, false, false, 0, "getpid(", "", ""));
        p.accept(new SyscallEvent(a, 0, true, 39, "getpid", none, 10, false, true, 0, "getpid(", "", "10")
                .withStackTrace(new StackTrace(FRAMES.subList(0, 1), false)));
        assertEquals(String.join("\n",
                "10    getpid( <unfinished ...>",
                "11    getpid( <unfinished ...>",
                "10    <... getpid resumed>)             = 10",
                " > " + LIBC + "(__getpid+0x7) [0xd54e7]", ""), out.toString());
    }

    @Test
    void framesQueuedAtExitGroupFollowTheExitLine() {
        StringBuilder out = new StringBuilder();
        StracePrinter p = StracePrinter.plain(out);
        Tracee a = mock(Tracee.class);
        when(a.pid()).thenReturn(10);
        p.accept(ExitEvent.exited(a, 0, 0).withStackTrace(new StackTrace(FRAMES.subList(1, 2), true)));
        assertEquals("+++ exited with 0 +++\n > /usr/bin/true(+0x0) [0x23f1]\n", out.toString());
    }
}
