package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.BpfDisassembler;
import dev.ptrace.BpfInstruction;
import dev.ptrace.PtraceEvent;
import dev.ptrace.RegisterSet;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.ptrace.core.Regs.withRegs;
import static dev.ptrace.core.Regs.x86;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seccomp filter that makes a spawned tracee stop only at traced syscalls: kernel check, program, install. */
class SeccompAcceleratorTest extends EngineTestSupport {
    static final long TEXT = 0x400000;
    static final long STACK = 0x7fe000;
    static final long SP = 0x7ff800;
    static final int TRACE = 0x7ff00000 | SeccompAccelerator.OUR_DATA;
    static final int ALLOW = 0x7fff0000;

    // --- which kernels ------------------------------------------------------------------------------------------

    @Test
    void kernelsFrom48OnAreSupported() {
        for (String v : List.of("4.8", "4.8.0", "4.19.0-25-amd64", "5.0", "5", "6.18.44-fc-v669", "10.2.1")) {
            assertTrue(SeccompAccelerator.kernelSupported(v), v);
        }
        for (String v : List.of("4.7.10", "4", "4.0", "3.19-generic", "2.6.32")) {
            assertFalse(SeccompAccelerator.kernelSupported(v), v);
        }
    }

    @Test
    void unparsableVersionsAreNotSupported() {
        for (String v : List.of("", "abc", "4.x", "x.10", "-5")) {
            assertFalse(SeccompAccelerator.kernelSupported(v), v);
        }
    }

    // --- the program --------------------------------------------------------------------------------------------

    private static List<BpfInstruction> decode(byte[] prog) {
        assertEquals(0, prog.length % 8);
        return BpfInstruction.decode(ByteBuffer.wrap(prog).order(ByteOrder.nativeOrder()), prog.length / 8);
    }

    @Test
    void theX86ProgramTracesOtherArchitecturesX32AndTheTracedNumbersOnly() {
        List<BpfInstruction> p = decode(SeccompAccelerator.program(Arch.X86_64, Set.of(257, 1, 0)));
        Set<Integer> numbers = new TreeSet<>(Set.of(0, 1, 257));
        assertEquals(4 + 2 + 2 * numbers.size() + 1, p.size());
        assertEquals(BpfInstruction.stmt(0x20, 4), p.get(0), "A = arch");
        assertEquals(BpfInstruction.jump(0x15, Arch.X86_64.auditArch(), 1, 0), p.get(1));
        assertEquals(BpfInstruction.stmt(0x06, TRACE), p.get(2), "another architecture: traced");
        assertEquals(BpfInstruction.stmt(0x20, 0), p.get(3), "A = nr");
        assertEquals(BpfInstruction.jump(0x35, 0x40000000, 0, 1), p.get(4), "x32 calls");
        assertEquals(BpfInstruction.stmt(0x06, TRACE), p.get(5));
        List<Integer> matched = new ArrayList<>();
        for (int i = 6; i < p.size() - 1; i += 2) {
            assertEquals(0x15, p.get(i).code());
            assertEquals(0, p.get(i).jt());
            assertEquals(1, p.get(i).jf());
            matched.add(p.get(i).k());
            assertEquals(BpfInstruction.stmt(0x06, TRACE), p.get(i + 1));
        }
        assertEquals(List.copyOf(numbers), matched, "each number once, in order");
        assertEquals(BpfInstruction.stmt(0x06, ALLOW), p.get(p.size() - 1));

        String listing = BpfDisassembler.disassemble(p);
        assertTrue(listing.contains("if (A == AUDIT_ARCH_X86_64) goto 0003"), listing);
        assertTrue(listing.contains("return TRACE(" + SeccompAccelerator.OUR_DATA + ")"), listing);
    }

    @Test
    void theAarch64ProgramHasNoX32Check() {
        List<BpfInstruction> p = decode(SeccompAccelerator.program(Arch.AARCH64, Set.of(56, 63)));
        assertEquals(4 + 2 * 2 + 1, p.size());
        assertEquals(Arch.AARCH64.auditArch(), p.get(1).k());
        assertEquals(List.of(56, 63), IntStream.range(0, 2).map(i -> p.get(4 + 2 * i).k()).boxed().toList());
        assertEquals(4 + 1, SeccompAccelerator.program(Arch.AARCH64, Set.of()).length / 8, "nothing traced");
        assertTrue(p.stream().noneMatch(i -> i.code() == 0x35), "no jge: no x32 on aarch64");
    }

    @Test
    void programsLongerThanTheKernelTakesAreRefused() {
        Set<Integer> many = IntStream.range(1000, 3100).boxed().collect(Collectors.toSet());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeccompAccelerator.program(Arch.X86_64, many));
        assertTrue(e.getMessage().startsWith("too many syscalls to filter: "), e.getMessage());
        // the largest that fits: 4 + 2 + 2n + 1 <= 4096
        Set<Integer> fits = IntStream.range(1000, 1000 + 2044).boxed().collect(Collectors.toSet());
        assertEquals(4095 * 8, SeccompAccelerator.program(Arch.X86_64, fits).length);
    }

    // --- installing it by injection -----------------------------------------------------------------------------

    /** A tracee stopped at the entry of execve, with a syscall instruction before the pc and a mapped stack. */
    private TraceeHandle atExecveEntry() {
        fake.map(TEXT, 1, false);
        fake.map(STACK, 2, true);
        fake.poke(TEXT + 0x10, (byte) 0x0f, (byte) 0x05);
        TraceeHandle t = seize();
        next(withRegs(FakeKernel.syscallEntry(t.pid(), 59), execveRegs()), Stop.SyscallEntry.class);
        return t;
    }

    private static long[] execveRegs() {
        return x86(TEXT + 0x12, SP, 59, -38);
    }

    /** The two stops of one injection at an entry stop: its exit (with the result), the original's entry again. */
    private void injectionReturns(int pid, long result) {
        fake.afterResume(Regs.syscallStop(pid, x86(TEXT + 0x12, SP, 317, result)),
                Regs.syscallStop(pid, execveRegs()));
    }

    @Test
    void installWritesTheProgramAndItsHeaderBelowTheStackAndCallsSeccomp() {
        TraceeHandle t = atExecveEntry();
        injectionReturns(t.pid(), 0);
        Set<Integer> traced = Set.of(1, 2);
        byte[] prog = SeccompAccelerator.program(Arch.X86_64, traced);

        assertEquals(0, SeccompAccelerator.install(t, Arch.X86_64, traced));

        long filterAt = SyscallInjector.scratchAddress(Regs.set(Arch.X86_64, execveRegs()), prog.length + 16);
        long fprogAt = (filterAt + prog.length + 7) & ~7L;
        assertArrayEquals(prog, fake.memory(filterAt, prog.length));
        ByteBuffer fprog = ByteBuffer.wrap(fake.memory(fprogAt, 16)).order(ByteOrder.nativeOrder());
        assertEquals(prog.length / 8, fprog.getShort(0));
        assertEquals(filterAt, fprog.getLong(8));
        RegisterSet call = Regs.set(Arch.X86_64, fake.writtenRegs.get(0));
        assertEquals(317, call.syscallNumber(), "seccomp(2)");
        assertEquals(List.of(1L, 0L, fprogAt), List.of(call.syscallArg(0), call.syscallArg(1), call.syscallArg(2)));
        assertEquals(3, fake.writtenRegs.size(), "one injection only");
    }

    @Test
    void withoutCapSysAdminNoNewPrivsIsSetFirst() {
        TraceeHandle t = atExecveEntry();
        injectionReturns(t.pid(), -Linux.EACCES);
        injectionReturns(t.pid(), 0);
        injectionReturns(t.pid(), 0);

        assertEquals(0, SeccompAccelerator.install(t, Arch.X86_64, Set.of()));

        RegisterSet prctl = Regs.set(Arch.X86_64, fake.writtenRegs.get(3));
        assertEquals(157, prctl.syscallNumber());
        assertEquals(38, prctl.syscallArg(0), "PR_SET_NO_NEW_PRIVS");
        assertEquals(1, prctl.syscallArg(1));
        assertEquals(317, Regs.set(Arch.X86_64, fake.writtenRegs.get(6)).syscallNumber(), "then seccomp again");
    }

    @Test
    void aFailingPrctlOrSeccompIsReturned() {
        TraceeHandle t = atExecveEntry();
        injectionReturns(t.pid(), -Linux.EACCES);
        injectionReturns(t.pid(), -Linux.EINVAL);
        assertEquals(-Linux.EINVAL, SeccompAccelerator.install(t, Arch.X86_64, Set.of(1)));
        assertEquals(6, fake.writtenRegs.size(), "no second seccomp call");

        injectionReturns(t.pid(), -Linux.EFAULT);
        assertEquals(-Linux.EFAULT, SeccompAccelerator.install(t, Arch.X86_64, Set.of(1)));
    }

    // --- spawn with traced syscalls -----------------------------------------------------------------------------

    private int scriptSpawn() {
        int pid = fake.reservePid();
        fake.spawnPids.add(pid);
        fake.map(TEXT, 1, false);
        fake.map(STACK, 2, true);
        fake.poke(TEXT + 0x10, (byte) 0x0f, (byte) 0x05);
        fake.afterResume(FakeKernel.syscallExit(pid, 1, false), FakeKernel.syscallEntry(pid, 436),
                FakeKernel.syscallExit(pid, 0, false),
                withRegs(FakeKernel.syscallEntry(pid, 59, 0x1000, 0x2000, 0x3000), execveRegs()));
        return pid;
    }

    @Test
    void aSpawnWithTracedSyscallsStopsOnlyAtThemThroughTheFilter() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                SeccompAccelerator.kernelSupported(System.getProperty("os.version", "")), "kernel before 4.8");
        int pid = scriptSpawn();
        injectionReturns(pid, 0);
        Tracee t = tracer.spawn(List.of("/bin/true"), SpawnOptions.defaults().withTracedSyscalls(Set.of(1)));
        TraceeHandle h = (TraceeHandle) t;
        assertTrue(h.seccompFiltered());
        assertEquals(0x100091, last(Linux.PTRACE_SEIZE, pid).data(), "TRACESECCOMP and EXITKILL forced");
        assertEquals(59, assertInstanceOf(Stop.SyscallEntry.class, tracer.waitAny(LONG).orElseThrow()).number());
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO), "the injection is invisible");

        // inside the execve: to its exit with PTRACE_SYSCALL, then PTRACE_CONT to the next filtered syscall
        t.syscall();
        assertEquals(Linux.PTRACE_SYSCALL, (int) requests(pid).get(requests(pid).size() - 1));
        next(FakeKernel.syscallExit(pid, 0, false), Stop.SyscallExit.class);
        t.syscall();
        assertEquals(Linux.PTRACE_CONT, (int) requests(pid).get(requests(pid).size() - 1));

        Stop.SyscallEntry write = next(Regs.seccompStop(pid, FakeKernel.AUDIT_X86_64, SeccompAccelerator.OUR_DATA,
                1, 1, 0x5000, 3), Stop.SyscallEntry.class);
        assertEquals(1, write.number());
        assertEquals(0x5000, write.arg(1));
        assertEquals(Arch.X86_64, write.arch());
        t.syscall();
        assertEquals(Linux.PTRACE_SYSCALL, (int) requests(pid).get(requests(pid).size() - 1), "to its exit");
        assertEquals(1, next(FakeKernel.syscallExit(pid, 3, false), Stop.SyscallExit.class).number());
        t.syscall();

        // the tracee's own filter: a seccomp event as usual
        Stop.EventStop own = next(Regs.seccompStop(pid, FakeKernel.AUDIT_X86_64, 0x1234, 2), Stop.EventStop.class);
        assertEquals(PtraceEvent.SECCOMP, own.event());
        assertEquals(0x1234, own.message());
        t.cont();

        // our stop after an entry already reported (resumed with PTRACE_SYSCALL) is passed over
        next(FakeKernel.syscallEntry(pid, 1), Stop.SyscallEntry.class);
        int before = fake.calls(Linux.PTRACE_SYSCALL, pid).size();
        fake.emit(Regs.seccompStop(pid, FakeKernel.AUDIT_X86_64, SeccompAccelerator.OUR_DATA, 1));
        fake.awaitQuiescent();
        assertEquals(before + 1, fake.calls(Linux.PTRACE_SYSCALL, pid).size());
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO));
    }

    @Test
    void aSeccompStopOfAKilledTraceeIsDropped() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                SeccompAccelerator.kernelSupported(System.getProperty("os.version", "")), "kernel before 4.8");
        int pid = scriptSpawn();
        injectionReturns(pid, 0);
        Tracee t = tracer.spawn(List.of("/bin/true"), SpawnOptions.defaults().withTracedSyscalls(Set.of(1)));
        tracer.waitAny(LONG).orElseThrow();
        t.syscall();
        next(FakeKernel.syscallExit(pid, 0, false), Stop.SyscallExit.class);
        t.syscall();
        fake.failNext(Linux.PTRACE_GET_SYSCALL_INFO, Linux.ESRCH);
        fake.emit(Regs.seccompStop(pid, FakeKernel.AUDIT_X86_64, SeccompAccelerator.OUR_DATA, 1));
        fake.awaitQuiescent();
        assertEquals(Optional.empty(), tracer.waitAny(Duration.ZERO));
        assertEquals(Stop.Exited.class, next(FakeKernel.exited(pid, 0)).getClass());
    }

    @Test
    void whenTheFilterCannotBeInstalledEverySyscallIsTraced() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                SeccompAccelerator.kernelSupported(System.getProperty("os.version", "")), "kernel before 4.8");
        int pid = scriptSpawn();
        injectionReturns(pid, -Linux.EINVAL);
        Tracee t = tracer.spawn(List.of("/bin/true"), SpawnOptions.defaults().withTracedSyscalls(Set.of(1)));
        assertFalse(((TraceeHandle) t).seccompFiltered());
        tracer.waitAny(LONG).orElseThrow();
        t.syscall();
        next(FakeKernel.syscallExit(pid, 0, false), Stop.SyscallExit.class);
        t.syscall();
        assertEquals(Linux.PTRACE_SYSCALL, (int) requests(pid).get(requests(pid).size() - 1),
                "no filter: PTRACE_SYSCALL as usual");
    }
}
