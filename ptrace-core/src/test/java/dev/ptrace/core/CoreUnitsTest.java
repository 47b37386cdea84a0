package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.PtraceException;
import dev.ptrace.PtracePermissions;
import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;
import dev.ptrace.Stop;
import dev.ptrace.SyscallArgs;
import dev.ptrace.SyscallInfo;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeMemoryException;
import dev.ptrace.TracePermissionException;
import dev.ptrace.Tracer;
import dev.ptrace.spi.Availability;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's small parts: Errors, Structs, StubProgram, StopQueue, NativeCallException, CoreTracerProvider. */
class CoreUnitsTest {

    // --- Errors ----------------------------------------------------------------------------------------------

    private static NativeCallException nce(int errno) {
        return new NativeCallException("ptrace(PTRACE_SEIZE)", errno);
    }

    @Test
    void esrchIsTraceeGone() {
        NativeCallException cause = nce(Linux.ESRCH);
        PtraceException e = Errors.translate(cause, 42);
        assertEquals(TraceeGoneException.class, e.getClass());
        assertSame(cause, e.getCause());
        assertEquals("ptrace(PTRACE_SEIZE, pid=42) failed: ESRCH (No such process) — the thread does not exist, has"
                + " exited, or is not stopped under this tracer", e.getMessage());
    }

    @Test
    void epermAndEaccesArePermissionErrorsWithAHint() {
        for (int errno : new int[] {Linux.EPERM, Linux.EACCES}) {
            TracePermissionException e = (TracePermissionException) Errors.translate(nce(errno), 42);
            assertEquals(PtracePermissions.current().diagnoseAttach(42), e.hint());
            assertEquals(errno, e.errnoNumber());
            assertTrue(e.getMessage().startsWith("ptrace(PTRACE_SEIZE, pid=42) failed: E"), e.getMessage());
        }
        TracePermissionException noPid = (TracePermissionException) Errors.translate(nce(Linux.EPERM), -1);
        assertEquals(String.join("; ", PtracePermissions.current().hints()), noPid.hint());
        assertTrue(noPid.getMessage().startsWith("ptrace(PTRACE_SEIZE) failed: EPERM (Operation not permitted)"));
    }

    @Test
    void otherErrnosArePlainPtraceExceptionsNamingCallPidAndErrno() {
        PtraceException e = Errors.translate(nce(Linux.EINVAL), 7);
        assertEquals(PtraceException.class, e.getClass());
        assertEquals("ptrace(PTRACE_SEIZE, pid=7) failed: EINVAL (Invalid argument)", e.getMessage());
        assertEquals("ptrace(PTRACE_SEIZE)", e.operation());
        assertEquals(7, e.pid().getAsInt());
        assertEquals("x (pid=7) failed: errno 200", Errors.translate(new NativeCallException("x", 200), 7)
                .getMessage());
    }

    @Test
    void memoryErrorsNameTheAddress() {
        for (int errno : new int[] {Linux.EFAULT, Linux.EIO}) {
            TraceeMemoryException e = (TraceeMemoryException) Errors.translateMemory(
                    new NativeCallException("process_vm_readv", errno), 9, 0xdeadbeefL);
            assertEquals(0xdeadbeefL, e.address());
            assertEquals(errno, e.errnoNumber());
            assertTrue(e.getMessage().endsWith("— address 0xdeadbeef"), e.getMessage());
        }
        assertEquals(TraceeGoneException.class,
                Errors.translateMemory(nce(Linux.ESRCH), 9, 0).getClass());
        assertEquals(PtraceException.class, Errors.translateMemory(nce(Linux.EINVAL), 9, 0).getClass());
    }

    @Test
    void nativeCallException() {
        NativeCallException e = new NativeCallException("waitpid", 10);
        assertEquals("waitpid", e.call());
        assertEquals(10, e.errno());
        assertEquals("waitpid failed with errno 10", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "no stack trace is filled in");
        e.addSuppressed(new RuntimeException());
        assertEquals(0, e.getSuppressed().length, "suppression disabled");
    }

    // --- Structs ---------------------------------------------------------------------------------------------

    private static ByteBuffer siginfo(int signo, int errno, int code) {
        ByteBuffer b = ByteBuffer.allocateDirect(Linux.SIGINFO_SIZE).order(ByteOrder.nativeOrder());
        b.putInt(0, signo);
        b.putInt(4, errno);
        b.putInt(8, code);
        return b;
    }

    @Test
    void siginfoOfAChildStatusChange() {
        ByteBuffer b = siginfo(17, 0, 1); // CLD_EXITED
        b.putInt(16, 321);
        b.putInt(20, 1000);
        b.putInt(24, 3);
        assertEquals(new SignalInfo(Signal.SIGCHLD, 0, 1, 321, 1000, 3, 0, 0, 0, 0), Structs.signalInfo(b));
    }

    @Test
    void siginfoOfASeccompTrap() {
        ByteBuffer b = siginfo(31, 0, 1); // SYS_SECCOMP
        b.putLong(16, 0x401234L);
        b.putInt(24, 59);
        b.putInt(28, 0xC000003E);
        assertEquals(new SignalInfo(Signal.SIGSYS, 0, 1, 0, 0, 0, 0x401234L, 59, 0xC000003E, 0),
                Structs.signalInfo(b));
    }

    @Test
    void siginfoOfAFault() {
        for (int sig : new int[] {4, 5, 7, 8, 11}) {
            ByteBuffer b = siginfo(sig, 0, 1);
            b.putLong(16, 0xdead0000L);
            SignalInfo i = Structs.signalInfo(b);
            assertEquals(0xdead0000L, i.address(), "signal " + sig);
            assertEquals(0, i.pid());
        }
    }

    @Test
    void siginfoOfASignalSentByAProcess() {
        ByteBuffer b = siginfo(11, 0, SignalInfo.SI_USER); // kill -SEGV: no fault address
        b.putInt(16, 77);
        b.putInt(20, 1000);
        b.putLong(24, 0x55L);
        assertEquals(new SignalInfo(Signal.SIGSEGV, 0, 0, 77, 1000, 0, 0, 0, 0, 0x55L), Structs.signalInfo(b));
        ByteBuffer q = siginfo(34, 0, SignalInfo.SI_QUEUE);
        q.putLong(24, 1234L);
        assertEquals(1234L, Structs.signalInfo(q).value());
        ByteBuffer chld = siginfo(17, 0, SignalInfo.SI_TKILL); // SIGCHLD sent by hand: the kill layout
        chld.putInt(16, 5);
        assertEquals(5, Structs.signalInfo(chld).pid());
        assertEquals(0, Structs.signalInfo(siginfo(31, 0, 0)).syscall(), "SIGSYS not from seccomp");
    }

    @Test
    void siginfoWithAnImpossibleSignalNumber() {
        assertEquals(Signal.NONE, Structs.signalInfo(siginfo(99, 0, 0)).signal());
        assertEquals(Signal.NONE, Structs.signalInfo(siginfo(-1, 0, 0)).signal());
    }

    private static ByteBuffer syscallInfo(int op) {
        ByteBuffer b = ByteBuffer.allocateDirect(Linux.SYSCALL_INFO_SIZE).order(ByteOrder.nativeOrder());
        b.put(0, (byte) op);
        b.putInt(4, 0xC000003E);
        b.putLong(8, 0x401000L);
        b.putLong(16, 0x7ffe0000L);
        return b;
    }

    @Test
    void syscallInfoVariants() {
        ByteBuffer entry = syscallInfo(1);
        entry.putLong(24, 257);
        for (int i = 0; i < 6; i++) {
            entry.putLong(32 + 8 * i, 10 + i);
        }
        assertEquals(new SyscallInfo(SyscallInfo.Op.ENTRY, 0xC000003E, 0x401000L, 0x7ffe0000L, 257,
                new SyscallArgs(10, 11, 12, 13, 14, 15), 0, false, 0), Structs.syscallInfo(entry));

        ByteBuffer exit = syscallInfo(2);
        exit.putLong(24, -13);
        exit.put(32, (byte) 1);
        assertEquals(new SyscallInfo(SyscallInfo.Op.EXIT, 0xC000003E, 0x401000L, 0x7ffe0000L, -1, null, -13, true,
                0), Structs.syscallInfo(exit));

        ByteBuffer seccomp = syscallInfo(3);
        seccomp.putLong(24, 59);
        seccomp.putLong(32, 1);
        seccomp.putInt(80, 0xbeef);
        SyscallInfo s = Structs.syscallInfo(seccomp);
        assertEquals(SyscallInfo.Op.SECCOMP, s.op());
        assertEquals(59, s.number());
        assertEquals(1, s.args().a0());
        assertEquals(0xbeef, s.seccompData());

        SyscallInfo none = Structs.syscallInfo(syscallInfo(0));
        assertEquals(SyscallInfo.Op.NONE, none.op());
        assertEquals(-1, none.number());
        assertNull(none.args());
        assertEquals(SyscallInfo.Op.NONE, Structs.syscallInfo(syscallInfo(0xff)).op());
    }

    // --- StubProgram -----------------------------------------------------------------------------------------

    private static ByteBuffer elf(Arch arch) {
        return ByteBuffer.wrap(StubProgram.image(arch)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void stubElfHeaders() {
        for (Arch arch : Arch.values()) {
            ByteBuffer b = elf(arch);
            int size = b.capacity();
            assertEquals(0x7f, b.get(0));
            assertEquals('E', b.get(1));
            assertEquals('L', b.get(2));
            assertEquals('F', b.get(3));
            assertEquals(2, b.get(4), "ELFCLASS64");
            assertEquals(1, b.get(5), "little-endian");
            assertEquals(1, b.get(6), "EV_CURRENT");
            assertEquals(2, b.getShort(16), "ET_EXEC");
            assertEquals(arch == Arch.X86_64 ? 62 : 183, b.getShort(18), "e_machine");
            long entry = b.getLong(24);
            long phoff = b.getLong(32);
            assertEquals(64, phoff);
            assertEquals(1, b.getShort(56), "one program header");
            assertEquals(56, b.getShort(54));
            int ph = (int) phoff;
            assertEquals(1, b.getInt(ph), "PT_LOAD");
            assertEquals(5, b.getInt(ph + 4), "R+X");
            assertEquals(0, b.getLong(ph + 8), "from offset 0");
            long vaddr = b.getLong(ph + 16);
            assertEquals(size, b.getLong(ph + 32), "p_filesz covers the file");
            assertEquals(size, b.getLong(ph + 40));
            assertTrue(entry >= vaddr + 120 && entry < vaddr + size, "entry point inside the file");
            assertEquals(0, vaddr % b.getLong(ph + 48), "aligned");
        }
        assertFalse(java.util.Arrays.equals(StubProgram.image(Arch.X86_64), StubProgram.image(Arch.AARCH64)));
        byte[] x3 = StubProgram.image(Arch.X86_64);
        byte[] x7 = StubProgram.image(Arch.X86_64, 7);
        int code = 64 + 56;
        List<Integer> changed = new java.util.ArrayList<>();
        for (int k = 0; k < x3.length; k++) {
            if (x3[k] != x7[k]) {
                changed.add(k - code);
            }
        }
        assertEquals(List.of(3, 30), changed, "the two mov edi immediates: read's fd and close_range's first");
        ByteBuffer a7 = ByteBuffer.wrap(StubProgram.image(Arch.AARCH64, 7)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xd28000e0, a7.getInt(code), "mov x0,#7 for read");
        assertEquals(0xd28000e0, a7.getInt(code + 7 * 4), "mov x0,#7 for close_range");
        assertThrows(IllegalArgumentException.class, () -> StubProgram.image(Arch.X86_64, 2));
    }

    @Test
    void x86StubJumpsToItsExitAndCallsExecve() {
        ByteBuffer b = elf(Arch.X86_64);
        int code = (int) (b.getLong(24) - 0x400000L);
        // jle rel8 at code+22 lands on "mov edi,127"
        assertEquals(0x7e, b.get(code + 22) & 0xff);
        int target = code + 24 + b.get(code + 23);
        assertEquals(0xbf, b.get(target) & 0xff);
        assertEquals(127, b.getInt(target + 1));
        // the byte before the exit code is the execve syscall, preceded by mov eax,59
        assertEquals(0x050f, b.getShort(target - 2) & 0xffff);
        assertEquals(59, b.getInt(target - 6));
        assertEquals(b.capacity(), target + 5 + 5 + 2, "exit_group is the last instruction");
    }

    @Test
    void aarch64StubBranchesToItsExit() {
        ByteBuffer b = elf(Arch.AARCH64);
        int code = (int) (b.getLong(24) - 0x400000L);
        assertEquals(0, (b.capacity() - code) % 4);
        int[] insn = new int[(b.capacity() - code) / 4];
        for (int i = 0; i < insn.length; i++) {
            insn[i] = b.getInt(code + 4 * i);
        }
        int ble = -1;
        for (int i = 0; i < insn.length; i++) {
            if ((insn[i] & 0xff00001f) == 0x5400000d) { // b.le
                ble = i;
            }
        }
        assertTrue(ble >= 0);
        int target = ble + ((insn[ble] >> 5) & 0x7ffff);
        assertEquals(0xd2800fe0, insn[target], "mov x0,#127");
        assertEquals(0xd4000001, insn[insn.length - 1], "svc #0 last");
        assertEquals(0xd2801ba8, insn[target - 2], "mov x8,#221 (execve) before the exit");
    }

    // --- StopQueue -------------------------------------------------------------------------------------------

    private static Tracee tracee(int pid) {
        return (Tracee) Proxy.newProxyInstance(Tracee.class.getClassLoader(), new Class<?>[] {Tracee.class},
                (p, m, a) -> switch (m.getName()) {
                    case "pid" -> pid;
                    case "hashCode" -> pid;
                    case "equals" -> p == a[0];
                    case "toString" -> "T" + pid;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void stopQueueIsFifoPerTracee() {
        StopQueue q = new StopQueue();
        Tracee a = tracee(1);
        Tracee b = tracee(2);
        Stop a1 = new Stop.GroupStop(a, Signal.SIGSTOP);
        Stop b1 = new Stop.GroupStop(b, Signal.SIGSTOP);
        Stop a2 = new Stop.Exited(a, 0);
        q.add(a1);
        q.add(b1);
        q.add(a2);
        assertTrue(q.hasStopFor(b));
        assertSame(b1, q.poll(b));
        assertFalse(q.hasStopFor(b));
        assertSame(a1, q.poll(null));
        assertSame(a2, q.poll(a));
        assertNull(q.poll(null));
    }

    @Test
    void stopQueueDiscards() {
        StopQueue q = new StopQueue();
        Tracee a = tracee(1);
        Tracee b = tracee(2);
        Stop end = new Stop.Exited(a, 0);
        Stop other = new Stop.GroupStop(b, Signal.SIGSTOP);
        q.add(new Stop.GroupStop(a, Signal.SIGSTOP));
        q.add(end);
        q.add(other);
        q.discardStale(a);
        assertSame(end, q.poll(a), "terminal stops are not stale");
        q.add(new Stop.GroupStop(a, Signal.SIGSTOP));
        q.add(new Stop.Exited(a, 1));
        q.discardAll(a);
        assertNull(q.poll(a));
        assertSame(other, q.poll(null));
    }

    @Test
    void stopQueueTakeWaitsForAStop() throws Exception {
        StopQueue q = new StopQueue();
        Tracee a = tracee(1);
        Stop s = new Stop.Exited(a, 0);
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Stop> got = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                got.set(q.take(a, System.nanoTime() + TimeUnit.SECONDS.toNanos(20), () -> {
                    waiting.countDown();
                    return true;
                }));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        q.add(new Stop.Exited(tracee(2), 0));
        q.add(s);
        t.join(10_000);
        assertSame(s, got.get());
    }

    @Test
    void stopQueueTakeGivesUp() throws Exception {
        StopQueue q = new StopQueue();
        long t0 = System.nanoTime();
        assertNull(q.take(null, System.nanoTime() + TimeUnit.SECONDS.toNanos(20), () -> false));
        assertNull(q.take(null, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60), () -> true));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(60));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        // wakeAll makes a waiter re-check its condition at once
        CountDownLatch first = new CountDownLatch(1);
        boolean[] worth = {true};
        Thread w = new Thread(() -> {
            try {
                q.take(null, System.nanoTime() + TimeUnit.SECONDS.toNanos(20), () -> {
                    first.countDown();
                    return worth[0];
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        w.start();
        assertTrue(first.await(10, TimeUnit.SECONDS));
        worth[0] = false;
        q.wakeAll();
        w.join(10_000);
        assertFalse(w.isAlive());
    }

    // --- CoreTracerProvider ----------------------------------------------------------------------------------

    static final class TestProvider extends CoreTracerProvider {
        private final NativeCalls calls;
        private final RuntimeException failure;

        TestProvider(NativeCalls calls, RuntimeException failure) {
            this.calls = calls;
            this.failure = failure;
        }

        @Override
        protected NativeCalls nativeCalls() {
            if (failure != null) {
                throw failure;
            }
            return calls;
        }

        @Override
        public String name() {
            return "test";
        }
    }

    @Test
    void probeIsAvailableWhenGetpidWorksOnLinux() throws Exception {
        try (FakeKernel fake = new FakeKernel()) {
            assertEquals(Availability.ok(), new TestProvider(fake, null).probe());
            fake.ownPid = 0;
            Availability a = new TestProvider(fake, null).probe();
            assertFalse(a.available());
            assertEquals("getpid() returned nothing sensible", a.reason());
        }
    }

    @Test
    void probeKeepsTheCause() {
        IllegalStateException boom = new IllegalStateException("no library");
        Availability a = new TestProvider(null, boom).probe();
        assertFalse(a.available());
        assertEquals(boom.toString(), a.reason());
        assertSame(boom, a.cause());
        UnsatisfiedLinkError link = new UnsatisfiedLinkError("libc");
        CoreTracerProvider linking = new CoreTracerProvider() {
            @Override
            protected NativeCalls nativeCalls() {
                throw link;
            }

            @Override
            public String name() {
                return "x";
            }
        };
        assertSame(link, linking.probe().cause());
    }

    @Test
    void probeNeedsLinux() throws Exception {
        String os = System.getProperty("os.name");
        try (FakeKernel fake = new FakeKernel()) {
            System.setProperty("os.name", "Mac OS X");
            Availability a = new TestProvider(fake, null).probe();
            assertFalse(a.available());
            assertEquals("ptrace-java needs Linux, this is Mac OS X", a.reason());
        } finally {
            System.setProperty("os.name", os);
        }
    }

    @Test
    void openStartsAnEngineOnTheBackendsCalls() throws Exception {
        try (FakeKernel fake = new FakeKernel(); Tracer t = new TestProvider(fake, null).open()) {
            assertEquals("test", t.backend());
            assertEquals(Arch.current(), t.arch());
            assertEquals(1, fake.doorbellSpawns().size());
        }
    }

    @Test
    void anEngineThatCannotStartItsDoorbellFailsToOpen() throws Exception {
        try (FakeKernel fake = new FakeKernel()) {
            fake.failNext(FakeKernel.SPAWN, 11);
            PtraceException e = assertThrows(PtraceException.class, () -> new PtraceEngine(fake, "f", Arch.X86_64));
            assertTrue(e.getMessage().startsWith("posix_spawn(ptrace-doorbell) failed: EAGAIN"), e.getMessage());
            fake.failNext(FakeKernel.PIPE, 24);
            PtraceException p = assertThrows(PtraceException.class, () -> new PtraceEngine(fake, "f", Arch.X86_64));
            assertEquals(24, p.errnoNumber(), p.getMessage());
            assertTrue(p.getMessage().contains("EMFILE"), p.getMessage());
            assertTrue(p.getCause() instanceof NativeCallException);
        }
    }

    @Test
    void execveNumbers() {
        assertEquals(59, Linux.execveNumber(Arch.X86_64));
        assertEquals(221, Linux.execveNumber(Arch.AARCH64));
    }
}
