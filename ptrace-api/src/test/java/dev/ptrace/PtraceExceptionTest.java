package dev.ptrace;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PtraceExceptionTest {

    @Test
    void messageNamesCallPidErrnoAndHint() {
        PtraceException e = new PtraceException("ptrace(PTRACE_SEIZE)", 42, 1, "hint", null);
        assertEquals("ptrace(PTRACE_SEIZE, pid=42) failed: EPERM (Operation not permitted) — hint", e.getMessage());
        assertEquals("ptrace(PTRACE_SEIZE)", e.operation());
        assertEquals(OptionalInt.of(42), e.pid());
        assertEquals(Optional.of(Errno.EPERM), e.errno());
        assertEquals(1, e.errnoNumber());
    }

    @Test
    void messageVariants() {
        assertEquals("spawn (pid=7) failed", PtraceException.format("spawn", 7, 0, null));
        assertEquals("spawn failed", PtraceException.format("spawn", -1, 0, ""));
        assertEquals("waitpid failed: ECHILD (No child processes)", PtraceException.format("waitpid", -1, 10, null));
        assertEquals("ptrace(PTRACE_CONT, pid=0) failed: errno 9999",
                PtraceException.format("ptrace(PTRACE_CONT)", 0, 9999, null));
        assertEquals(" (pid=3) failed", PtraceException.format("", 3, 0, null));
    }

    @Test
    void unknownErrnoHasNoName() {
        PtraceException e = new PtraceException("x", -1, 9999, null, null);
        assertEquals(Optional.empty(), e.errno());
        assertEquals(9999, e.errnoNumber());
        assertEquals(OptionalInt.empty(), e.pid());
    }

    @Test
    void messageOnlyConstructor() {
        Throwable cause = new RuntimeException("c");
        PtraceException e = new PtraceException("whole message", cause);
        assertEquals("whole message", e.getMessage());
        assertSame(cause, e.getCause());
        assertEquals("", e.operation());
        assertEquals(OptionalInt.empty(), e.pid());
        assertEquals(Optional.empty(), e.errno());
        assertEquals(0, e.errnoNumber());
    }

    @Test
    void subclasses() {
        TracePermissionException p = new TracePermissionException("ptrace(PTRACE_SEIZE)", 42, 1,
                "kernel.yama.ptrace_scope=1", null);
        assertEquals("kernel.yama.ptrace_scope=1", p.hint());
        assertTrue(p.getMessage().endsWith("failed: EPERM (Operation not permitted) — kernel.yama.ptrace_scope=1"));
        assertEquals("", new TracePermissionException("x", 1, 13, null, null).hint());

        TraceeMemoryException m = new TraceeMemoryException("process_vm_readv", 5, 14, 0xdead0000L, null);
        assertEquals(0xdead0000L, m.address());
        assertEquals("process_vm_readv (pid=5) failed: EFAULT (Bad address) — address 0xdead0000", m.getMessage());
        assertEquals(0xffffffffff600000L, new TraceeMemoryException("r", 1, 5, 0xffffffffff600000L, null).address());
        assertTrue(new TraceeMemoryException("r", 1, 5, -1L, null).getMessage().endsWith("0xffffffffffffffff"));

        TraceeGoneException g = new TraceeGoneException("ptrace(PTRACE_CONT)", 9, 3, null, null);
        assertEquals("ptrace(PTRACE_CONT, pid=9) failed: ESRCH (No such process)", g.getMessage());

        NoBackendException n = new NoBackendException("none");
        assertEquals("none", n.getMessage());
        assertNull(n.getCause());
        assertTrue(n instanceof PtraceException);
    }

    @Test
    void errno() {
        assertEquals(3, Errno.ESRCH.number());
        assertEquals("No such process", Errno.ESRCH.description());
        assertEquals(Optional.of(Errno.ESRCH), Errno.of(3));
        assertEquals(Optional.of(Errno.ERESTARTSYS), Errno.of(512));
        assertEquals(Optional.empty(), Errno.of(0));
        assertEquals(Optional.empty(), Errno.of(9999));
    }

    @Test
    void ptraceOptionBits() {
        assertEquals(0x1, PtraceOption.TRACESYSGOOD.bit());
        assertEquals(0x2, PtraceOption.TRACEFORK.bit());
        assertEquals(0x4, PtraceOption.TRACEVFORK.bit());
        assertEquals(0x8, PtraceOption.TRACECLONE.bit());
        assertEquals(0x10, PtraceOption.TRACEEXEC.bit());
        assertEquals(0x20, PtraceOption.TRACEVFORKDONE.bit());
        assertEquals(0x40, PtraceOption.TRACEEXIT.bit());
        assertEquals(0x80, PtraceOption.TRACESECCOMP.bit());
        assertEquals(0x100000, PtraceOption.EXITKILL.bit());
        assertEquals(0x200000, PtraceOption.SUSPEND_SECCOMP.bit());
        assertEquals(0, PtraceOption.toBits(Set.of()));
        assertEquals(0x100011, PtraceOption.toBits(EnumSet.of(PtraceOption.TRACESYSGOOD, PtraceOption.TRACEEXEC,
                PtraceOption.EXITKILL)));
        for (PtraceOption o : PtraceOption.values()) {
            assertEquals(Set.of(o), PtraceOption.fromBits(o.bit()));
        }
        assertEquals(EnumSet.allOf(PtraceOption.class), PtraceOption.fromBits(-1), "unknown bits are ignored");
        assertEquals(Set.of(), PtraceOption.fromBits(0x400000));
        assertEquals(0xe, PtraceOption.toBits(PtraceOption.followChildren()));
    }

    @Test
    void ptraceEvents() {
        assertEquals(1, PtraceEvent.FORK.code());
        assertEquals(7, PtraceEvent.SECCOMP.code());
        assertEquals(128, PtraceEvent.STOP.code());
        for (PtraceEvent e : PtraceEvent.values()) {
            assertEquals(Optional.of(e), PtraceEvent.of(e.code()));
        }
        assertEquals(Optional.empty(), PtraceEvent.of(0));
        assertEquals(Optional.empty(), PtraceEvent.of(8));
    }

    @Test
    void stops() {
        Tracee t = org.mockito.Mockito.mock(Tracee.class);
        Stop.SyscallExit err = new Stop.SyscallExit(t, Arch.X86_64, 2, -2, true);
        assertEquals(2, err.errnoNumber());
        assertEquals(Optional.of(Errno.ENOENT), err.errno());
        Stop.SyscallExit ok = new Stop.SyscallExit(t, Arch.X86_64, 2, 3, false);
        assertEquals(0, ok.errnoNumber());
        assertEquals(Optional.empty(), ok.errno());
        assertEquals(Optional.empty(), new Stop.SyscallExit(t, Arch.X86_64, 2, -4000, true).errno());
        Stop.SyscallEntry entry = new Stop.SyscallEntry(t, Arch.X86_64, 1, new SyscallArgs(1, 2, 3, 4, 5, 6), 0, 0);
        assertEquals(4, entry.arg(3));
        assertFalse(entry.isTerminal());
        assertFalse(ok.isTerminal());
        assertFalse(new Stop.GroupStop(t, Signal.SIGSTOP).isTerminal());
        assertFalse(new Stop.EventStop(t, PtraceEvent.EXIT, 0).isTerminal());
        assertFalse(new Stop.SignalDelivery(t, Signal.SIGINT, null).isTerminal());
        assertTrue(new Stop.Exited(t, 0).isTerminal());
        assertTrue(new Stop.Killed(t, Signal.SIGKILL, false).isTerminal());
    }
}
