package dev.ptrace.core.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ptrace.Arch;
import dev.ptrace.core.NativeCallException;
import dev.ptrace.core.NativeCalls;
import dev.ptrace.core.SpawnRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link NativeCalls} must do against the real kernel; each backend runs it with a subclass named
 * {@code *IT} that supplies its implementation.
 *
 * <p>ptrace binds a tracee to the thread that attached it, and waits see only the children of the waiting thread
 * (with {@code __WNOTHREAD}). So each test runs its spawn, seize, ptrace and wait calls on one dedicated platform
 * thread ({@link #onTracer}); tracees are started with {@link NativeCalls#posixSpawn} from that thread, never with
 * {@link ProcessBuilder}. After each test every process it started is killed and reaped, pass or fail.
 */
@Tag("native")
public abstract class NativeCallsConformance {

    private static final int PTRACE_PEEKDATA = 2;
    private static final int PTRACE_POKEDATA = 5;
    private static final int PTRACE_DETACH = 17;
    private static final int PTRACE_SYSCALL = 24;
    private static final int PTRACE_GETSIGINFO = 0x4202;
    private static final int PTRACE_SEIZE = 0x4206;
    private static final int PTRACE_INTERRUPT = 0x4207;
    private static final int PTRACE_GET_SYSCALL_INFO = 0x420e;
    private static final int PTRACE_O_TRACESYSGOOD = 1;
    /** Set on every seize: should the test JVM die, the kernel kills its tracees. */
    private static final int PTRACE_O_EXITKILL = 1 << 20;
    private static final int PTRACE_EVENT_STOP = 128;
    private static final int PTRACE_SYSCALL_INFO_ENTRY = 1;
    private static final int PTRACE_SYSCALL_INFO_EXIT = 2;
    /** {@code sizeof(struct ptrace_syscall_info)}. */
    private static final int SYSCALL_INFO_SIZE = 88;
    private static final int NT_PRSTATUS = 1;

    private static final int WNOHANG = 1;
    private static final int WNOTHREAD = 0x20000000;
    private static final int WALL = 0x40000000;
    private static final int SIGTRAP = 5;
    private static final int SIGKILL = 9;

    private static final int ENOENT = 2;
    private static final int ESRCH = 3;
    private static final int EINTR = 4;
    private static final int EIO = 5;
    private static final int EBADF = 9;
    private static final int ECHILD = 10;
    private static final int EFAULT = 14;

    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static final int O_CLOEXEC = 02000000;
    private static final int MFD_CLOEXEC = 1;

    private static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "LC_ALL=C");

    private NativeCalls calls;
    private Arch arch;
    private ExecutorService tracer;
    /** Pids started by the test and not reaped yet; only these may be signalled (a reaped pid can be reused). */
    private final Set<Integer> unreaped = ConcurrentHashMap.newKeySet();
    private final Set<Integer> openFds = ConcurrentHashMap.newKeySet();

    @TempDir
    Path tmp;

    /** The implementation under test; called once per test. */
    protected abstract NativeCalls calls();

    @BeforeEach
    final void startTracerThread() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "ptrace needs Linux");
        assumeTrue(Arch.ofOsArch(System.getProperty("os.arch", "")).isPresent(), "x86_64 or aarch64 only");
        dev.ptrace.core.it.IntegrationSupport.requirePtrace();
        arch = Arch.current();
        calls = calls();
        tracer = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, getClass().getSimpleName() + "-tracer");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    final void killAndReapEverything() throws Exception {
        if (tracer == null) {
            return;
        }
        for (int pid : unreaped) {
            try {
                calls.kill(pid, SIGKILL);
            } catch (NativeCallException e) {
                // already gone: reaping below still collects it
            }
        }
        Future<?> reaping = tracer.submit(() -> reapAll(WALL | WNOTHREAD));
        try {
            reaping.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // The tracer thread is stuck (a failed test): children of any thread can be reaped without WNOTHREAD.
            reapAll(WALL);
        }
        tracer.shutdownNow();
        assertTrue(tracer.awaitTermination(10, TimeUnit.SECONDS), "tracer thread did not stop");
        for (int fd : openFds) {
            try {
                calls.close(fd);
            } catch (NativeCallException e) {
                // closed by the test
            }
        }
        assertTrue(unreaped.isEmpty(), () -> "could not reap " + unreaped);
    }

    private void reapAll(int flags) {
        int[] status = new int[1];
        for (Iterator<Integer> it = unreaped.iterator(); it.hasNext(); ) {
            int pid = it.next();
            for (int attempt = 0; attempt < 100; attempt++) {
                try {
                    int reported = calls.waitpid(pid, status, flags);
                    if (reported == pid && (exited(status[0]) || signalled(status[0]))) {
                        it.remove();
                        break;
                    }
                } catch (NativeCallException e) {
                    if (e.errno() == ECHILD) {
                        it.remove();
                        break;
                    }
                    if (e.errno() != EINTR) {
                        throw e;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- memory

    @Test
    void peekOfAnAllOnesWordIsNotAnError() throws Exception {
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            long addr = scratchAddress(pid);
            calls.ptrace(PTRACE_POKEDATA, pid, addr, -1L);

            NativeCallException failed = assertThrows(NativeCallException.class,
                    () -> calls.peek(PTRACE_PEEKDATA, pid, 0L), "peek at address 0");
            assertEquals("ptrace(PTRACE_PEEKDATA)", failed.call());
            assertTrue(failed.errno() == EIO || failed.errno() == EFAULT, "errno " + failed.errno());

            // errno is non-zero from the failed peek: the backend must clear it before the next one
            assertEquals(-1L, calls.peek(PTRACE_PEEKDATA, pid, addr));
            calls.ptrace(PTRACE_POKEDATA, pid, addr, 0x0123456789abcdefL);
            assertEquals(0x0123456789abcdefL, calls.peek(PTRACE_PEEKDATA, pid, addr));
        });
    }

    @Test
    void processVmReadvAgreesWithPeek() throws Exception {
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            long sp = stackPointer(pid);
            ByteBuffer buffer = direct(256);
            assertEquals(256, calls.processVmReadv(pid, buffer, 256, sp));
            for (int offset = 0; offset < 256; offset += Long.BYTES) {
                assertEquals(calls.peek(PTRACE_PEEKDATA, pid, sp + offset), buffer.getLong(offset),
                        "word at sp+" + offset);
            }
        });
    }

    @Test
    void processVmWritevRoundTrips() throws Exception {
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            long addr = scratchAddress(pid) - 64;
            ByteBuffer out = direct(64);
            for (int i = 0; i < 64; i++) {
                out.put(i, (byte) (0xA0 + i));
            }
            assertEquals(64, calls.processVmWritev(pid, out, 64, addr));
            ByteBuffer in = direct(64);
            assertEquals(64, calls.processVmReadv(pid, in, 64, addr));
            assertEquals(out, in);
            assertEquals(out.getLong(0), calls.peek(PTRACE_PEEKDATA, pid, addr));
        });
    }

    @Test
    void readIntoAnUnmappedPageIsShortNotWrong() throws Exception {
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            long end = endOfMappingBeforeGap(pid);
            ByteBuffer buffer = direct(32);
            assertEquals(16, calls.processVmReadv(pid, buffer, 32, end - 16));
            assertEquals(calls.peek(PTRACE_PEEKDATA, pid, end - 16), buffer.getLong(0));
            assertEquals(calls.peek(PTRACE_PEEKDATA, pid, end - 8), buffer.getLong(8));

            NativeCallException unmapped = assertThrows(NativeCallException.class,
                    () -> calls.processVmReadv(pid, buffer, 32, end));
            assertEquals("process_vm_readv", unmapped.call());
            assertEquals(EFAULT, unmapped.errno());
        });
    }

    @Test
    void processVmReadvWorksFromManyThreadsAtOnce() throws Exception {
        int pid = onTracer(() -> spawnSeizedAndStopped(0, "/bin/sleep", "30"));
        long sp = onTracer(() -> stackPointer(pid));
        ByteBuffer expected = direct(128);
        assertEquals(128, calls.processVmReadv(pid, expected, 128, sp));
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(readers.submit(() -> {
                    ByteBuffer mine = direct(128);
                    for (int i = 0; i < 500; i++) {
                        assertEquals(128, calls.processVmReadv(pid, mine, 128, sp));
                        assertEquals(expected, mine);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------- ptrace

    @Test
    void seizeAndInterruptGiveAnEventStopWithSigtrapSiginfo() throws Exception {
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            ByteBuffer siginfo = direct(128);
            calls.ptrace(PTRACE_GETSIGINFO, pid, 0L, siginfo);
            assertEquals(SIGTRAP, siginfo.getInt(0), "si_signo");
        });
    }

    @Test
    void syscallInfoReportsEntryAndExit() throws Exception {
        int readNr = arch == Arch.X86_64 ? 0 : 63;
        int[] pipe = calls.pipe();
        openFds.add(pipe[0]);
        openFds.add(pipe[1]);
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(PTRACE_O_TRACESYSGOOD, SpawnRequest.ofStrings("/bin/cat", List.of("cat"),
                    ENV,
                    List.of(new SpawnRequest.Dup2(pipe[0], 0),
                            new SpawnRequest.Open(1, "/dev/null", O_WRONLY, 0))));
            ByteBuffer info = direct(SYSCALL_INFO_SIZE);
            boolean inRead = false;
            for (int stops = 0; stops < 2000 && !inRead; stops++) {
                calls.ptrace(PTRACE_SYSCALL, pid, 0L, 0L);
                int status = waitFor(pid);
                assertTrue(stopped(status), () -> "not stopped: 0x" + Integer.toHexString(status));
                if (stopSignal(status) != (SIGTRAP | 0x80)) {
                    continue;
                }
                assertTrue(calls.ptrace(PTRACE_GET_SYSCALL_INFO, pid, SYSCALL_INFO_SIZE, info) > 0);
                inRead = info.get(0) == PTRACE_SYSCALL_INFO_ENTRY && info.getLong(24) == readNr
                        && info.getLong(32) == 0;
            }
            assertTrue(inRead, "cat never entered read(0, ...)");
            assertEquals(arch.auditArch(), info.getInt(4), "arch");
            assertNotEquals(0L, info.getLong(8), "instruction pointer");
            assertNotEquals(0L, info.getLong(16), "stack pointer");
            assertTrue(info.getLong(48) > 0, "read count argument");

            try (OutputStream toCat = Files.newOutputStream(Path.of("/proc/self/fd/" + pipe[1]))) {
                toCat.write("hello\n".getBytes(StandardCharsets.US_ASCII));
            }
            calls.ptrace(PTRACE_SYSCALL, pid, 0L, 0L);
            int status = waitFor(pid);
            assertTrue(stopped(status) && stopSignal(status) == (SIGTRAP | 0x80),
                    () -> "not a syscall stop: 0x" + Integer.toHexString(status));
            long size = calls.ptrace(PTRACE_GET_SYSCALL_INFO, pid, SYSCALL_INFO_SIZE, info);
            assertTrue(size >= 33, "size " + size);
            assertEquals(PTRACE_SYSCALL_INFO_EXIT, info.get(0), "op");
            assertEquals(6L, info.getLong(24), "rval");
            assertEquals(0, info.get(32), "is_error");
        });
    }

    @Test
    void registerSetsRoundTrip() throws Exception {
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            ByteBuffer regs = direct(1024);
            int size = calls.getRegset(pid, NT_PRSTATUS, regs);
            assertEquals(arch.registerSetSize(), size);
            byte[] original = bytes(regs, size);

            calls.setRegset(pid, NT_PRSTATUS, regs, size);
            ByteBuffer again = direct(1024);
            assertEquals(size, calls.getRegset(pid, NT_PRSTATUS, again));
            assertArrayEquals(original, bytes(again, size));

            int callee = arch.registerIndex(arch == Arch.X86_64 ? "r15" : "x19") * Long.BYTES;
            regs.putLong(callee, 0x5eed_f00d_1234_5678L);
            calls.setRegset(pid, NT_PRSTATUS, regs, size);
            assertEquals(size, calls.getRegset(pid, NT_PRSTATUS, again));
            assertEquals(0x5eed_f00d_1234_5678L, again.getLong(callee));
        });
    }

    @Test
    void seizeOfAnExitedPidIsEsrch() throws Exception {
        onTracer(() -> {
            int pid = spawn("/bin/true");
            int status = waitFor(pid);
            assertTrue(exited(status) && exitCode(status) == 0, "status 0x" + Integer.toHexString(status));
            NativeCallException e = assertThrows(NativeCallException.class,
                    () -> calls.ptrace(PTRACE_SEIZE, pid, 0L, 0L));
            assertEquals("ptrace(PTRACE_SEIZE)", e.call());
            assertEquals(ESRCH, e.errno());
        });
    }

    @Test
    void secondDetachIsEsrchAndHarmless() throws Exception {
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            calls.ptrace(PTRACE_DETACH, pid, 0L, 0L);
            NativeCallException e = assertThrows(NativeCallException.class,
                    () -> calls.ptrace(PTRACE_DETACH, pid, 0L, 0L));
            assertEquals("ptrace(PTRACE_DETACH)", e.call());
            assertEquals(ESRCH, e.errno());
            calls.kill(pid, 0);
            int[] status = new int[1];
            assertEquals(0, calls.waitpid(pid, status, WNOHANG | WALL | WNOTHREAD), "detached tracee runs on");
        });
    }

    @Test
    void buffersAreUsedFromPositionZeroWhateverTheirPosition() throws Exception {
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            long sp = stackPointer(pid);
            ByteBuffer siginfo = direct(128).position(16);
            calls.ptrace(PTRACE_GETSIGINFO, pid, 0L, siginfo);
            assertEquals(SIGTRAP, siginfo.getInt(0), "si_signo at offset 0");

            ByteBuffer regs = direct(1024).position(64);
            assertEquals(arch.registerSetSize(), calls.getRegset(pid, NT_PRSTATUS, regs));
            assertEquals(sp, regs.getLong(arch.registerIndex(arch == Arch.X86_64 ? "rsp" : "sp") * Long.BYTES));

            ByteBuffer memory = direct(16).position(8);
            assertEquals(16, calls.processVmReadv(pid, memory, 16, sp));
            assertEquals(calls.peek(PTRACE_PEEKDATA, pid, sp), memory.getLong(0));
        });
    }

    @Test
    void buffersTooSmallForTheKernelsStructAreRefused() throws Exception {
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            assertThrows(IllegalArgumentException.class,
                    () -> calls.ptrace(PTRACE_GETSIGINFO, pid, 0L, direct(64)), "siginfo_t is 128 bytes");
            assertThrows(IllegalArgumentException.class,
                    () -> calls.ptrace(PTRACE_GET_SYSCALL_INFO, pid, SYSCALL_INFO_SIZE, direct(16)), "addr > capacity");
            assertThrows(IndexOutOfBoundsException.class,
                    () -> calls.setRegset(pid, NT_PRSTATUS, direct(64), 128), "length > capacity");
            long sp = stackPointer(pid);
            assertThrows(IndexOutOfBoundsException.class,
                    () -> calls.processVmReadv(pid, direct(64), 128, sp), "length > capacity");
            assertThrows(IndexOutOfBoundsException.class,
                    () -> calls.processVmWritev(pid, direct(64), 128, sp), "length > capacity");
            assertThrows(IllegalArgumentException.class,
                    () -> calls.ptrace(PTRACE_GETSIGINFO, pid, 0L, ByteBuffer.allocate(128)), "heap buffer");
        });
    }

    @Test
    void hotPathsDoNotAllocate() throws Exception {
        // Reflection: this module's descriptor does not read java.management (the suite itself runs on the class path).
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean");
        assumeTrue(hotspot.isInstance(threads), "needs com.sun.management.ThreadMXBean");
        assumeTrue((Boolean) hotspot.getMethod("isThreadAllocatedMemoryEnabled").invoke(threads),
                "thread allocation accounting is off");
        Method allocatedBytes = hotspot.getMethod("getThreadAllocatedBytes", long.class);
        onTracer(() -> {
            int pid = spawnSeizedAndStopped(0, "/bin/sleep", "30");
            long addr = scratchAddress(pid);
            ByteBuffer regs = direct(1024);
            ByteBuffer siginfo = direct(128);
            ByteBuffer memory = direct(64);
            int[] status = new int[1];
            Runnable round = () -> {
                calls.peek(PTRACE_PEEKDATA, pid, addr);
                calls.ptrace(PTRACE_GETSIGINFO, pid, 0L, siginfo);
                calls.getRegset(pid, NT_PRSTATUS, regs);
                calls.setRegset(pid, NT_PRSTATUS, regs, arch.registerSetSize());
                calls.waitpid(pid, status, WNOHANG | WALL | WNOTHREAD);
                calls.processVmReadv(pid, memory, 64, addr);
            };
            long tid = Thread.currentThread().getId();
            long allocated = Long.MAX_VALUE;
            // The steady state counts: on a busy machine the JIT may need more than one window to settle (code that
            // is not compiled yet may allocate, as FFM's errno capture does before C2 removes it).
            for (int window = 0; window < 5 && allocated >= 10_000; window++) {
                for (int i = 0; i < 20_000; i++) {
                    round.run(); // let the JIT settle and every lazy initialisation happen
                }
                long before = (Long) allocatedBytes.invoke(threads, tid);
                for (int i = 0; i < 10_000; i++) {
                    round.run();
                }
                allocated = (Long) allocatedBytes.invoke(threads, tid) - before;
            }
            assertTrue(allocated < 10_000, allocated + " bytes allocated by 10000 rounds of six calls");
        });
    }

    // ---------------------------------------------------------------------------------------------- processes

    @Test
    void posixSpawnAppliesFileActionsArgvAndEnvironment() throws Exception {
        Path out = tmp.resolve("out.txt");
        Path dir = Files.createDirectory(tmp.resolve("work")).toRealPath();
        onTracer(() -> {
            int pid = spawn(SpawnRequest.ofStrings("/bin/sh",
                    List.of("sh", "-c", "pwd; echo \"$GREETING\"; echo oops >&2"),
                    List.of("GREETING=hello", "PATH=/usr/bin:/bin"),
                    List.of(new SpawnRequest.Open(1, out.toString(), O_WRONLY | O_CREAT | O_TRUNC, 0644),
                            new SpawnRequest.Dup2(1, 2),
                            new SpawnRequest.Close(0),
                            new SpawnRequest.Chdir(dir.toString()))));
            int status = waitFor(pid);
            assertTrue(exited(status) && exitCode(status) == 0, "status 0x" + Integer.toHexString(status));
        });
        assertEquals(dir + "\nhello\noops\n", Files.readString(out));
    }

    @Test
    void exitStatusComesBackThroughWaitpid() throws Exception {
        onTracer(() -> {
            int pid = spawn("/bin/sh", "-c", "exit 7");
            int status = waitFor(pid);
            assertTrue(exited(status), "status 0x" + Integer.toHexString(status));
            assertEquals(7, exitCode(status));
        });
    }

    @Test
    void wait4ReportsTheSystemTimeOfTheProcessAndItsWaitedForChildren() throws Exception {
        onTracer(() -> {
            // dd copies 1 GiB of /dev/zero to /dev/null: kernel work (clearing pages), many scheduler ticks
            int pid = spawn("/bin/sh", "-c", "dd if=/dev/zero of=/dev/null bs=1M count=1024 2>/dev/null");
            long start = System.nanoTime();
            int[] status = new int[1];
            long[] cpu = {-7, -7};
            int reported;
            while (true) {
                try {
                    reported = calls.wait4(pid, status, WALL | WNOTHREAD, cpu);
                    break;
                } catch (NativeCallException e) {
                    if (e.errno() != EINTR) {
                        throw e;
                    }
                }
            }
            long wallMicros = (System.nanoTime() - start) / 1000;
            unreaped.remove(pid);
            assertEquals(pid, reported);
            assertTrue(exited(status[0]) && exitCode(status[0]) == 0, "status 0x" + Integer.toHexString(status[0]));
            assertTrue(cpu[1] > 0, "ru_stime of sh and its dd: " + cpu[1] + " us");
            assertTrue(cpu[0] >= 0 && cpu[0] + cpu[1] <= wallMicros * 2 + 20_000,
                    "utime " + cpu[0] + " us + stime " + cpu[1] + " us within the " + wallMicros + " us it ran");
        });
    }

    @Test
    void posixSpawnOfAMissingProgramFailsWithEnoentAndLeavesNoChild() throws Exception {
        onTracer(() -> {
            NativeCallException e = assertThrows(NativeCallException.class,
                    () -> spawn("/nonexistent/ptrace-conformance"));
            assertEquals("posix_spawn", e.call());
            assertEquals(ENOENT, e.errno());
            int[] status = new int[1];
            NativeCallException none = assertThrows(NativeCallException.class,
                    () -> calls.waitpid(-1, status, WNOHANG | WALL | WNOTHREAD));
            assertEquals(ECHILD, none.errno());
        });
    }

    @Test
    void spawnedChildBlocksAndIgnoresNoSignals() throws Exception {
        onTracer(() -> {
            int pid = spawn("/bin/sleep", "30");
            List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            assertEquals("0000000000000000", field(status, "SigBlk"), "blocked signals");
            assertEquals("0000000000000000", field(status, "SigIgn"), "ignored signals");
        });
    }

    @Test
    void posixSpawnPassesArgvAndEnvironmentBytesThatAreNotUtf8Unchanged() throws Exception {
        Path out = tmp.resolve("bytes.bin");
        byte[] arg = {'a', (byte) 0xff, 'b'};
        byte[] env = {'V', '=', (byte) 0xc3, '('};
        onTracer(() -> {
            // od prints the bytes of its argument and of V as sh received them
            int pid = spawn(new SpawnRequest("/bin/sh".getBytes(StandardCharsets.US_ASCII),
                    List.of("sh".getBytes(StandardCharsets.US_ASCII), "-c".getBytes(StandardCharsets.US_ASCII),
                            "printf '%s|%s' \"$0\" \"$V\"".getBytes(StandardCharsets.US_ASCII), arg),
                    List.of("Z=1".getBytes(StandardCharsets.US_ASCII), env,
                            "PATH=/usr/bin:/bin".getBytes(StandardCharsets.US_ASCII)),
                    List.of(new SpawnRequest.Open(1, out.toString(), O_WRONLY | O_CREAT | O_TRUNC, 0644))));
            int status = waitFor(pid);
            assertTrue(exited(status) && exitCode(status) == 0, "status 0x" + Integer.toHexString(status));
        });
        assertArrayEquals(new byte[] {'a', (byte) 0xff, 'b', '|', (byte) 0xc3, '('}, Files.readAllBytes(out));
    }

    @Test
    void posixSpawnSetsTheRequestedSignalMaskAndKeepsIgnoredWhatIsNotReset() throws Exception {
        long usr1 = 1L << (10 - 1);
        long winch = 1L << (28 - 1);
        onTracer(() -> {
            // the JVM does not ignore SIGWINCH: asking to keep it ignored cannot make it so
            int pid = spawn(new SpawnRequest("/bin/sleep".getBytes(StandardCharsets.US_ASCII),
                    List.of("sleep".getBytes(StandardCharsets.US_ASCII), "30".getBytes(StandardCharsets.US_ASCII)),
                    List.of(), List.of(), usr1 | winch, SpawnRequest.ALL_CATCHABLE & ~winch));
            List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            assertEquals(String.format("%016x", usr1 | winch), field(status, "SigBlk"), "blocked signals");
            assertEquals("0000000000000000", field(status, "SigIgn"), "ignored signals");
        });
    }

    @Test
    void fileModeReportsTypeAndPermissionsByBytesOrTheErrno() throws Exception {
        Path exe = tmp.resolve("tool");
        Files.writeString(exe, "#!/bin/sh\n");
        Files.setPosixFilePermissions(exe, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        assertEquals(0100750, calls.fileMode(exe.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(0040000, calls.fileMode(tmp.toString().getBytes(StandardCharsets.UTF_8)) & 0170000);
        byte[] notUtf8 = (tmp + "/d\u00ffir").getBytes(StandardCharsets.ISO_8859_1);
        NativeCallException missing = assertThrows(NativeCallException.class, () -> calls.fileMode(notUtf8));
        assertEquals("statx", missing.call());
        assertEquals(ENOENT, missing.errno());
        assertThrows(IllegalArgumentException.class, () -> calls.fileMode(new byte[] {'/', 0, 'x'}));
    }

    @Test
    void waitpidWithWnohangReturnsZeroWhenNothingIsReady() throws Exception {
        onTracer(() -> {
            int pid = spawn("/bin/sleep", "30");
            int[] status = {-1};
            assertEquals(0, calls.waitpid(pid, status, WNOHANG | WALL | WNOTHREAD));
        });
        // A new thread has no children of its own (this test thread may have ProcessBuilder children).
        NativeCallException[] thrown = new NativeCallException[1];
        Thread fresh = new Thread(() -> thrown[0] = assertThrows(NativeCallException.class,
                () -> calls.waitpid(-1, new int[1], WNOHANG | WALL | WNOTHREAD)));
        fresh.start();
        fresh.join(10_000);
        NativeCallException e = thrown[0];
        assertNotNull(e, "waitpid on a thread without children fails");
        assertEquals("waitpid", e.call());
        assertEquals(ECHILD, e.errno());
    }

    @Test
    void killSignalsLiveChildrenAndFailsWithEsrchForReapedOnes() throws Exception {
        onTracer(() -> {
            int pid = spawn("/bin/sleep", "30");
            calls.kill(pid, 0);
            calls.kill(pid, SIGKILL);
            int status = waitFor(pid);
            assertTrue(signalled(status) && (status & 0x7f) == SIGKILL, "status 0x" + Integer.toHexString(status));
            NativeCallException e = assertThrows(NativeCallException.class, () -> calls.kill(pid, 0));
            assertEquals("kill", e.call());
            assertEquals(ESRCH, e.errno());
        });
    }

    @Test
    void pidAndTidAreTheKernels() throws Exception {
        int pid = calls.getpid();
        assertEquals(ProcessHandle.current().pid(), pid);
        onTracer(() -> {
            int tid = calls.gettid();
            assertNotEquals(pid, tid, "the tracer thread is not the main thread");
            assertEquals(pid + "/task/" + tid, Files.readSymbolicLink(Path.of("/proc/thread-self")).toString());
            calls.tgkill(pid, tid, 0);
            NativeCallException e = assertThrows(NativeCallException.class,
                    () -> calls.tgkill(pid, Integer.MAX_VALUE, 0));
            assertEquals("tgkill", e.call());
            assertEquals(ESRCH, e.errno());
        });
    }

    @Test
    void pipeGivesTwoCloseOnExecEndsAndCloseReportsEbadf() throws Exception {
        int[] fds = calls.pipe();
        openFds.add(fds[0]);
        openFds.add(fds[1]);
        assertEquals(2, fds.length);
        assertTrue(fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1], fds[0] + ", " + fds[1]);
        assertTrue(closeOnExec(fds[0]) && closeOnExec(fds[1]), "O_CLOEXEC");
        try (OutputStream out = Files.newOutputStream(Path.of("/proc/self/fd/" + fds[1]));
             var in = Files.newInputStream(Path.of("/proc/self/fd/" + fds[0]))) {
            out.write(42);
            assertEquals(42, in.read());
        }
        calls.close(fds[0]);
        calls.close(fds[1]);
        NativeCallException e = assertThrows(NativeCallException.class, () -> calls.close(fds[0]));
        assertEquals("close", e.call());
        assertEquals(EBADF, e.errno());
    }

    @Test
    void memfdCreateGivesANamedAnonymousFile() throws Exception {
        int fd = calls.memfdCreate("ptrace-conformance", MFD_CLOEXEC);
        openFds.add(fd);
        assertTrue(fd >= 0);
        assertTrue(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString()
                .startsWith("/memfd:ptrace-conformance"));
        assertTrue(closeOnExec(fd));
        calls.close(fd);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Work that must run on the tracer thread. */
    @FunctionalInterface
    protected interface TracerWork {
        void run() throws Exception;
    }

    /** Runs {@code work} on this test's tracer thread and rethrows what it threw. */
    protected final void onTracer(TracerWork work) throws Exception {
        onTracer(() -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} on this test's tracer thread and returns its result. */
    protected final <T> T onTracer(Callable<T> work) throws Exception {
        Future<T> result = tracer.submit(work);
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    private int spawn(String... argv) {
        return spawn(SpawnRequest.ofStrings(argv[0], List.of(argv), ENV, List.of()));
    }

    private int spawn(SpawnRequest request) {
        int pid = calls.posixSpawn(request);
        assertTrue(pid > 0, "pid " + pid);
        unreaped.add(pid);
        return pid;
    }

    private int spawnSeizedAndStopped(int options, String... argv) {
        return spawnSeizedAndStopped(options, SpawnRequest.ofStrings(argv[0], List.of(argv), ENV, List.of()));
    }

    /** Spawns, seizes with {@code options} (and EXITKILL), interrupts and waits for the interrupt's event stop. */
    private int spawnSeizedAndStopped(int options, SpawnRequest request) {
        int pid = spawn(request);
        calls.ptrace(PTRACE_SEIZE, pid, 0L, options | PTRACE_O_EXITKILL);
        calls.ptrace(PTRACE_INTERRUPT, pid, 0L, 0L);
        int status = waitFor(pid);
        assertTrue(stopped(status) && stopSignal(status) == SIGTRAP && (status >>> 16) == PTRACE_EVENT_STOP,
                () -> "expected an event stop, status 0x" + Integer.toHexString(status));
        return pid;
    }

    /** {@code waitpid(pid, __WALL | __WNOTHREAD)}, retried on EINTR; forgets the pid once it is reaped. */
    private int waitFor(int pid) {
        int[] status = new int[1];
        while (true) {
            try {
                assertEquals(pid, calls.waitpid(pid, status, WALL | WNOTHREAD));
                break;
            } catch (NativeCallException e) {
                if (e.errno() != EINTR) {
                    throw e;
                }
            }
        }
        if (exited(status[0]) || signalled(status[0])) {
            unreaped.remove(pid);
        }
        return status[0];
    }

    private long stackPointer(int pid) {
        ByteBuffer regs = direct(1024);
        calls.getRegset(pid, NT_PRSTATUS, regs);
        return regs.getLong(arch.registerIndex(arch == Arch.X86_64 ? "rsp" : "sp") * Long.BYTES);
    }

    /** A word-aligned address in the stopped tracee's stack, below its stack pointer: free to overwrite. */
    private long scratchAddress(int pid) throws IOException {
        long sp = stackPointer(pid);
        long addr = (sp - 512) & ~7L;
        long[] stack = mapping(pid, sp);
        assertTrue(addr - 64 >= stack[0], "stack mapping too small below sp");
        return addr;
    }

    /** {start, end} of the mapping containing {@code addr}. */
    private static long[] mapping(int pid, long addr) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            if (Long.compareUnsigned(addr, start) >= 0 && Long.compareUnsigned(addr, end) < 0) {
                return new long[] {start, end};
            }
        }
        throw new AssertionError("no mapping contains 0x" + Long.toHexString(addr));
    }

    /**
     * The end of a readable anonymous or stack mapping that is followed by unmapped address space (so reading
     * past its end runs into nothing).
     */
    private static long endOfMappingBeforeGap(int pid) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/maps"));
        for (int i = 0; i + 1 < lines.size(); i++) {
            String[] fields = lines.get(i).trim().split("\\s+");
            String name = fields.length > 5 ? fields[5] : "";
            if (fields[1].charAt(0) != 'r' || !(name.isEmpty() || name.equals("[stack]") || name.equals("[heap]"))) {
                continue;
            }
            long end = Long.parseUnsignedLong(fields[0].split("-")[1], 16);
            long nextStart = Long.parseUnsignedLong(lines.get(i + 1).split("-")[0], 16);
            if (Long.compareUnsigned(nextStart, end) > 0) {
                return end;
            }
        }
        throw new AssertionError("no readable anonymous mapping followed by a gap in\n" + String.join("\n", lines));
    }

    private static String field(List<String> procStatus, String name) {
        for (String line : procStatus) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return fail("no " + name + " in /proc/pid/status");
    }

    private static boolean closeOnExec(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return (Integer.parseInt(line.substring(6).trim(), 8) & O_CLOEXEC) != 0;
            }
        }
        return fail("no flags in fdinfo of " + fd);
    }

    private static ByteBuffer direct(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    private static byte[] bytes(ByteBuffer buffer, int length) {
        byte[] copy = new byte[length];
        buffer.get(0, copy, 0, length);
        return copy;
    }

    private static boolean exited(int status) {
        return (status & 0x7f) == 0;
    }

    private static int exitCode(int status) {
        return (status >> 8) & 0xff;
    }

    private static boolean signalled(int status) {
        return (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;
    }

    private static boolean stopped(int status) {
        return (status & 0xff) == 0x7f;
    }

    private static int stopSignal(int status) {
        return (status >> 8) & 0xff;
    }
}
