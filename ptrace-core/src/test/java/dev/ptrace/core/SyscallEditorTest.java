package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.Errno;
import dev.ptrace.PtraceException;
import dev.ptrace.RegisterSet;
import dev.ptrace.Stop;
import dev.ptrace.SyscallTampering;
import dev.ptrace.TraceeGoneException;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

import static dev.ptrace.core.Regs.withRegs;
import static dev.ptrace.core.Regs.x86;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changing a syscall at its stops: PTRACE_SET_SYSCALL_INFO where the kernel has it, else the registers; and the
 * stops each change needs.
 */
class SyscallEditorTest extends EngineTestSupport {
    static final long SP = 0x7ff800;

    private List<FakeKernel.BufferCall> setInfo() {
        return fake.buffersIn.stream().filter(b -> b.request() == Linux.PTRACE_SET_SYSCALL_INFO).toList();
    }

    private ByteBuffer lastSetInfo(int pid) {
        List<FakeKernel.BufferCall> s = setInfo();
        FakeKernel.BufferCall c = s.get(s.size() - 1);
        assertEquals(pid, c.pid());
        assertEquals(Linux.SYSCALL_INFO_SIZE, c.addr(), "addr is the size of the struct");
        return ByteBuffer.wrap(c.data()).order(ByteOrder.nativeOrder());
    }

    private RegisterSet lastRegs() {
        return Regs.set(Arch.X86_64, fake.writtenRegs.get(fake.writtenRegs.size() - 1));
    }

    // --- with PTRACE_SET_SYSCALL_INFO ---------------------------------------------------------------------------

    @Test
    void atAnEntryStopArgumentsAndNumberAreEditedInTheKernelsSyscallInfo() {
        TraceeHandle t = seize();
        int pid = t.pid();
        next(FakeKernel.syscallEntry(pid, 1, 1, 0x5000, 10), Stop.SyscallEntry.class);
        SyscallTampering edit = t.syscallTampering();
        assertFalse(edit.usesSetSyscallInfo(), "not known before the first try");

        edit.setArg(2, 3);
        ByteBuffer b = lastSetInfo(pid);
        assertEquals(Linux.PTRACE_SYSCALL_INFO_ENTRY, b.get(0));
        assertEquals(0, b.get(1), "reserved");
        assertEquals(0, b.getShort(2), "flags");
        assertEquals(1, b.getLong(24), "the number is kept");
        assertEquals(1, b.getLong(32));
        assertEquals(0x5000, b.getLong(40));
        assertEquals(3, b.getLong(48), "the new third argument");
        assertTrue(edit.usesSetSyscallInfo());

        edit.setNumber(39);
        assertEquals(39, lastSetInfo(pid).getLong(24));
        edit.skip();
        assertEquals(-1, lastSetInfo(pid).getLong(24));
        assertEquals(List.of(), fake.writtenRegs, "no register was written");
        assertEquals(3, setInfo().size());
    }

    @Test
    void atAnExitStopTheResultAndItsErrorFlagAreSet() {
        TraceeHandle t = seize();
        int pid = t.pid();
        next(FakeKernel.syscallExit(pid, 10, false), Stop.SyscallExit.class);
        SyscallTampering edit = t.syscallTampering();
        edit.setResult(42);
        ByteBuffer b = lastSetInfo(pid);
        assertEquals(Linux.PTRACE_SYSCALL_INFO_EXIT, b.get(0));
        assertEquals(42, b.getLong(24));
        assertEquals(0, b.get(32));

        edit.fail(Errno.EPERM);
        b = lastSetInfo(pid);
        assertEquals(-1, b.getLong(24));
        assertEquals(1, b.get(32), "is_error");
        for (int i = 33; i < 40; i++) {
            assertEquals(0, b.get(i), "padding after is_error");
        }
        edit.fail(4095);
        assertEquals(-4095, lastSetInfo(pid).getLong(24));
        edit.setResult(-4096); // not an errno: a plain (large) value
        assertEquals(0, lastSetInfo(pid).get(32));
    }

    @Test
    void atASeccompStopTheSeccompInfoIsEdited() {
        TraceeHandle t = seize();
        int pid = t.pid();
        next(Regs.seccompStop(pid, FakeKernel.AUDIT_X86_64, 5, 2, 0x1000, 0), Stop.EventStop.class);
        t.syscallTampering().setNumber(-1);
        ByteBuffer b = lastSetInfo(pid);
        assertEquals(Linux.PTRACE_SYSCALL_INFO_SECCOMP, b.get(0));
        assertEquals(-1, b.getLong(24));
        t.syscallTampering().setArg(0, 0x2000);
        assertEquals(0x2000, lastSetInfo(pid).getLong(32));
    }

    // --- refusals -----------------------------------------------------------------------------------------------

    @Test
    void eachChangeNeedsItsKindOfStop() {
        TraceeHandle t = seize();
        int pid = t.pid();
        SyscallTampering edit = t.syscallTampering();
        IllegalStateException running = assertThrows(IllegalStateException.class, () -> edit.setNumber(1));
        assertEquals("setNumber needs a syscall-entry or seccomp stop; tracee " + pid + " is at RUNNING",
                running.getMessage());
        next(FakeKernel.syscallEntry(pid, 1), Stop.SyscallEntry.class);
        IllegalStateException atEntry = assertThrows(IllegalStateException.class, () -> edit.setResult(0));
        assertTrue(atEntry.getMessage().startsWith("setResult needs a syscall-exit stop; tracee " + pid
                + " is at SyscallEntry"), atEntry.getMessage());
        t.syscall();
        next(FakeKernel.syscallExit(pid, 0, false), Stop.SyscallExit.class);
        assertThrows(IllegalStateException.class, () -> edit.setArg(0, 1));
        assertThrows(IllegalStateException.class, edit::skip);
        t.syscall();
        next(FakeKernel.event(pid, 4, pid), Stop.EventStop.class);
        assertThrows(IllegalStateException.class, () -> edit.setArg(0, 1), "an exec event is no seccomp stop");

        assertEquals("syscall argument index must be 0..5, was 6",
                assertThrows(IllegalArgumentException.class, () -> edit.setArg(6, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> edit.setArg(-1, 0));
        assertEquals("errno must be 1..4095, was 0",
                assertThrows(IllegalArgumentException.class, () -> edit.fail(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> edit.fail(4096));
        assertEquals(List.of(), fake.buffersIn);
    }

    // --- the register path --------------------------------------------------------------------------------------

    @Test
    void withoutGetSyscallInfoTheRegistersAreEditedAndTheRequestIsTriedAgainNextTime() {
        fake.syscallInfoUnsupported = true;
        TraceeHandle t = seize();
        int pid = t.pid();
        next(Regs.syscallStop(pid, x86(0x401002, SP, 1, -38)), Stop.SyscallEntry.class);
        t.syscallTampering().setArg(0, 7);
        assertEquals(7, lastRegs().syscallArg(0));
        assertEquals(1, lastRegs().syscallNumber());
        t.syscallTampering().setNumber(60);
        assertEquals(60, lastRegs().get("orig_rax"));
        assertEquals(List.of(), fake.buffersIn);
        assertFalse(t.syscallTampering().usesSetSyscallInfo());
        assertNull(tracer.debugger.setSyscallInfo, "EIO from GET_SYSCALL_INFO says nothing about SET");
    }

    @Test
    void aKernelWithoutSetSyscallInfoIsRememberedAndTheRegistersUsed() {
        TraceeHandle t = seize();
        int pid = t.pid();
        next(withRegs(FakeKernel.syscallExit(pid, 3, false), x86(0x401002, SP, 0, 3)), Stop.SyscallExit.class);
        fake.failNext(Linux.PTRACE_SET_SYSCALL_INFO, Linux.EIO);
        t.syscallTampering().setResult(-2);
        assertEquals(-2, lastRegs().returnValue());
        assertEquals(Boolean.FALSE, tracer.debugger.setSyscallInfo);
        int gets = fake.calls(Linux.PTRACE_GET_SYSCALL_INFO, pid).size();
        t.syscallTampering().fail(Errno.ENOENT);
        assertEquals(-2, lastRegs().returnValue());
        assertEquals(gets, fake.calls(Linux.PTRACE_GET_SYSCALL_INFO, pid).size(), "not tried again");
    }

    @Test
    void einvalFromTheFirstSetSyscallInfoMeansItIsMissing() {
        TraceeHandle t = seize();
        int pid = t.pid();
        next(withRegs(FakeKernel.syscallEntry(pid, 1), x86(0x401002, SP, 1, -38)), Stop.SyscallEntry.class);
        fake.failNext(Linux.PTRACE_SET_SYSCALL_INFO, Linux.EINVAL);
        t.syscallTampering().skip();
        assertEquals(-1, lastRegs().get("orig_rax"));
        assertEquals(Boolean.FALSE, tracer.debugger.setSyscallInfo);
    }

    @Test
    void einvalOnceSetSyscallInfoWorkedIsAnError() {
        TraceeHandle t = seize();
        int pid = t.pid();
        next(FakeKernel.syscallEntry(pid, 1), Stop.SyscallEntry.class);
        t.syscallTampering().setArg(0, 1);
        fake.failNext(Linux.PTRACE_SET_SYSCALL_INFO, Linux.EINVAL);
        PtraceException e = assertThrows(PtraceException.class, () -> t.syscallTampering().setArg(0, 2));
        assertEquals(Optional.of(Errno.EINVAL), e.errno());
        assertEquals(Boolean.TRUE, tracer.debugger.setSyscallInfo);
        assertEquals(List.of(), fake.writtenRegs);
    }

    @Test
    void aTraceeGoneMidEditIsReportedAsGone() {
        TraceeHandle t = seize();
        int pid = t.pid();
        next(FakeKernel.syscallEntry(pid, 1), Stop.SyscallEntry.class);
        fake.failNext(Linux.PTRACE_GET_SYSCALL_INFO, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> t.syscallTampering().setNumber(2));
        fake.failNext(Linux.PTRACE_SET_SYSCALL_INFO, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> t.syscallTampering().setNumber(2));
    }

    @Test
    void whenTheKernelSeesAnotherKindOfStopTheRegistersDecide() {
        TraceeHandle t = seize();
        int pid = t.pid();
        // a seccomp event stop for which the kernel reports an entry (not PTRACE_SYSCALL_INFO_SECCOMP)
        FakeKernel.Event e = FakeKernel.event(pid, 7, 0);
        e.ctx().syscallInfo = FakeKernel.syscallEntry(pid, 1).ctx().syscallInfo;
        e.ctx().regs = x86(0x401002, SP, 1, -38);
        next(e, Stop.EventStop.class);
        t.syscallTampering().setNumber(3);
        assertEquals(3, lastRegs().get("orig_rax"));
        assertEquals(List.of(), fake.buffersIn);
    }

    @Test
    void thePropertyPtraceSetSyscallInfoFalseForcesTheRegisters() {
        System.setProperty("ptrace.setSyscallInfo", "false");
        try {
            assertEquals(Boolean.FALSE, new Debugger(tracer.kernel).setSyscallInfo);
        } finally {
            System.clearProperty("ptrace.setSyscallInfo");
        }
        assertNull(new Debugger(tracer.kernel).setSyscallInfo);
    }
}
