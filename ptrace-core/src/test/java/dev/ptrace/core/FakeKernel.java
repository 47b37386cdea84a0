package dev.ptrace.core;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A tiny scripted kernel behind {@link NativeCalls}, for unit tests of the engine.
 *
 * <ul>
 *   <li>Wait statuses are {@link Event}s: {@link #emit} makes one ready to be reaped now; {@link #afterResume}
 *       holds it until the pid is resumed (CONT, SYSCALL, SINGLESTEP, LISTEN), like a stopped thread that reports
 *       nothing until it runs again. {@code waitpid} blocks on a condition until an event is there.</li>
 *   <li>Each event carries the data the ptrace requests made at that stop return (siginfo, event message,
 *       syscall info, registers).</li>
 *   <li>{@code kill(doorbell, SIGSTOP)} makes the doorbell's stop ready, which is how the engine's blocked
 *       {@code waitpid} is woken; {@code PTRACE_INTERRUPT} and {@code SIGKILL} are answered with an event-stop and
 *       a killed status unless scripted otherwise.</li>
 *   <li>Every call is recorded with the thread that made it.</li>
 *   <li>{@code pipe()} hands out descriptors of a real temporary file (the engine opens them through
 *       {@code /proc/self/fd}); {@code close()} only records.</li>
 *   <li>A paged memory serves process_vm_readv/writev and PEEK/POKE.</li>
 * </ul>
 * Pids start above PID_MAX_LIMIT (2^22), so the engine's /proc lookups never find a real process.
 */
final class FakeKernel implements NativeCalls, AutoCloseable {
    static final int FIRST_PID = 5_000_000;
    static final int AUDIT_X86_64 = 0xC000003E;
    static final int AUDIT_AARCH64 = 0xC00000B7;

    // keys of failures that are not ptrace requests
    static final int VM_READ = -1;
    static final int VM_WRITE = -2;
    static final int KILL = -3;
    static final int SPAWN = -4;
    static final int WAIT = -5;
    static final int PIPE = -6;
    static final int GETREGSET = Linux.PTRACE_GETREGSET;
    static final int SETREGSET = Linux.PTRACE_SETREGSET;

    /** What the ptrace requests at one stop return. */
    static final class Ctx {
        byte[] siginfo;
        long eventMsg;
        byte[] syscallInfo;
        long[] regs;
        int regsetSize = -1;
    }

    record Event(int pid, int status, Ctx ctx) {
        boolean terminal() {
            int low = status & 0x7f;
            return low == 0 || (low != 0x7f);
        }
    }

    record Call(String name, int request, int pid, long addr, long data, Thread thread) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Event> ready = new ArrayDeque<>();
    private final Map<Integer, ArrayDeque<Event>> gated = new HashMap<>();
    private final Map<Integer, Ctx> current = new ConcurrentHashMap<>();
    private final Set<Integer> alive = ConcurrentHashMap.newKeySet();
    private final Map<Integer, ArrayDeque<Integer>> failures = new ConcurrentHashMap<>();
    private final AtomicInteger nextPid = new AtomicInteger(FIRST_PID);
    private int blockedWaiters;
    private boolean terminated;

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<SpawnRequest> spawns = new CopyOnWriteArrayList<>();
    final List<Integer> closedFds = new CopyOnWriteArrayList<>();
    final List<long[]> writtenRegs = new CopyOnWriteArrayList<>();
    final List<Integer> writtenScno = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<int[]> pipes = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Integer> spawnPids = new ConcurrentLinkedQueue<>();
    /** waitpid calls with WNOHANG that found nothing: the engine polling before it blocks. */
    final AtomicInteger emptyPolls = new AtomicInteger();
    /** (thread id, CPU mask) of each sched_setaffinity call. */
    final List<long[]> affinities = new CopyOnWriteArrayList<>();
    /** Replies to PTRACE_INTERRUPT per pid (default: an event-stop). Empty list: no reply. */
    final Map<Integer, List<Event>> interruptReplies = new ConcurrentHashMap<>();
    /** Replies to SIGKILL per pid (default: killed by SIGKILL): the first is ready, the rest wait for a resume. */
    final Map<Integer, List<Event>> killReplies = new ConcurrentHashMap<>();
    final Map<Integer, long[]> registers = new ConcurrentHashMap<>();
    volatile boolean syscallInfoUnsupported;
    /** Seccomp filters per pid, oldest first, as {@code struct sock_filter} bytes (SECCOMP_GET_FILTER). */
    final Map<Integer, List<byte[]>> seccompFilters = new ConcurrentHashMap<>();
    /** The flags of each of those filters (SECCOMP_GET_METADATA); 0 where missing. */
    final Map<Integer, List<Long>> seccompFlags = new ConcurrentHashMap<>();
    /** Copies of the buffers handed to buffer requests the fake does not answer (e.g. SET_SYSCALL_INFO). */
    final List<BufferCall> buffersIn = new CopyOnWriteArrayList<>();

    record BufferCall(int request, int pid, long addr, byte[] data) {
    }
    volatile Integer memfd;
    volatile int ownPid = 4242;
    volatile int doorbellPid;

    private final List<RealFd> realFds = new ArrayList<>();
    final RealFd sink;

    // memory: 4 KiB pages
    static final int PAGE = 4096;
    private final TreeMap<Long, byte[]> pages = new TreeMap<>();
    private final Set<Long> readOnly = ConcurrentHashMap.newKeySet();

    FakeKernel() {
        sink = realFd();
    }

    // ---------------------------------------------------------------------------------------------------------
    // scripting

    int newProcess() {
        int pid = nextPid.incrementAndGet();
        alive.add(pid);
        return pid;
    }

    int reservePid() {
        return nextPid.incrementAndGet();
    }

    void emit(Event... events) {
        lock.lock();
        try {
            for (Event e : events) {
                alive.add(e.pid());
                ready.addLast(e);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void afterResume(Event... events) {
        lock.lock();
        try {
            for (Event e : events) {
                alive.add(e.pid());
                gated.computeIfAbsent(e.pid(), k -> new ArrayDeque<>()).addLast(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next call under {@code key} (a ptrace request or one of the keys above) fails with errno (0: succeeds). */
    void failNext(int key, int errno) {
        failures.computeIfAbsent(key, k -> new ArrayDeque<>()).add(errno);
    }

    /** Waits until every ready event was reaped and a thread is blocked in waitpid again (all dispatched). */
    void awaitQuiescent() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        lock.lock();
        try {
            while (!(ready.isEmpty() && blockedWaiters > 0)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the engine did not settle: ready=" + ready + ", waiters="
                            + blockedWaiters);
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Makes every waitpid fail with ECHILD from now on (last resort against a hung engine). */
    void terminate() {
        lock.lock();
        try {
            terminated = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<Call> calls(int request, int pid) {
        return calls.stream().filter(c -> c.request() == request && c.pid() == pid).toList();
    }

    List<Call> callsTo(int pid) {
        return calls.stream().filter(c -> c.pid() == pid).toList();
    }

    List<Integer> requestsTo(int pid) {
        return calls.stream().filter(c -> c.pid() == pid && c.request() > 0).map(Call::request).toList();
    }

    boolean isAlive(int pid) {
        return alive.contains(pid);
    }

    // ---------------------------------------------------------------------------------------------------------
    // events

    static int stopped(int sig, int event) {
        return 0x7f | (sig << 8) | (event << 16);
    }

    static Event syscallEntry(int pid, int nr, long... args) {
        return syscallEntryArch(pid, AUDIT_X86_64, nr, args);
    }

    static Event syscallEntryArch(int pid, int auditArch, int nr, long... args) {
        ByteBuffer b = buffer(Linux.SYSCALL_INFO_SIZE);
        b.put(0, (byte) Linux.PTRACE_SYSCALL_INFO_ENTRY);
        b.putInt(4, auditArch);
        b.putLong(8, 0x401000L + nr);
        b.putLong(16, 0x7ffd0000L);
        b.putLong(24, nr);
        for (int i = 0; i < args.length; i++) {
            b.putLong(32 + 8 * i, args[i]);
        }
        Ctx c = new Ctx();
        c.syscallInfo = b.array();
        return new Event(pid, stopped(Linux.SYSCALL_TRAP, 0), c);
    }

    static Event syscallExit(int pid, long rval, boolean isError) {
        ByteBuffer b = buffer(Linux.SYSCALL_INFO_SIZE);
        b.put(0, (byte) Linux.PTRACE_SYSCALL_INFO_EXIT);
        b.putInt(4, AUDIT_X86_64);
        b.putLong(24, rval);
        b.put(32, (byte) (isError ? 1 : 0));
        Ctx c = new Ctx();
        c.syscallInfo = b.array();
        return new Event(pid, stopped(Linux.SYSCALL_TRAP, 0), c);
    }

    /** A syscall stop where only the registers tell entry from exit. */
    static Event syscallByRegisters(int pid, long[] regs) {
        Ctx c = new Ctx();
        c.regs = regs;
        return new Event(pid, stopped(Linux.SYSCALL_TRAP, 0), c);
    }

    static Event signal(int pid, int sig, byte[] siginfo) {
        Ctx c = new Ctx();
        c.siginfo = siginfo;
        return new Event(pid, stopped(sig, 0), c);
    }

    /** A signal-delivery stop of a signal sent with kill(2) by {@code sender}. */
    static Event signal(int pid, int sig, int sender) {
        return signal(pid, sig, siginfo(sig, 0, 0, sender, 1000, 0));
    }

    static byte[] siginfo(int signo, int errno, int code, int i16, int i20, long l24) {
        ByteBuffer b = buffer(Linux.SIGINFO_SIZE);
        b.putInt(0, signo);
        b.putInt(4, errno);
        b.putInt(8, code);
        b.putInt(16, i16);
        b.putInt(20, i20);
        b.putLong(24, l24);
        return b.array();
    }

    /** A group-stop as a seized tracee reports it. */
    static Event groupStop(int pid, int sig) {
        return new Event(pid, stopped(sig, Linux.PTRACE_EVENT_STOP), new Ctx());
    }

    /** An interrupt stop (PTRACE_EVENT_STOP with SIGTRAP). */
    static Event interruptStop(int pid) {
        return new Event(pid, stopped(Linux.SIGTRAP, Linux.PTRACE_EVENT_STOP), new Ctx());
    }

    static Event event(int pid, int event, long message) {
        Ctx c = new Ctx();
        c.eventMsg = message;
        return new Event(pid, stopped(Linux.SIGTRAP, event), c);
    }

    static Event exited(int pid, int code) {
        return new Event(pid, (code & 0xff) << 8, null);
    }

    static Event killed(int pid, int sig, boolean core) {
        return new Event(pid, sig | (core ? 0x80 : 0), null);
    }

    static ByteBuffer buffer(int size) {
        return ByteBuffer.wrap(new byte[size]).order(ByteOrder.nativeOrder());
    }

    // ---------------------------------------------------------------------------------------------------------
    // memory

    /** Maps {@code count} zeroed pages at {@code base}; read-only pages refuse process_vm_writev (not POKE). */
    void map(long base, int count, boolean writable) {
        synchronized (pages) {
            for (int i = 0; i < count; i++) {
                long p = base + (long) i * PAGE;
                pages.put(p, new byte[PAGE]);
                if (!writable) {
                    readOnly.add(p);
                }
            }
        }
    }

    void poke(long address, byte... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            page(address + i)[(int) Long.remainderUnsigned(address + i, PAGE)] = bytes[i];
        }
    }

    byte[] memory(long address, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = page(address + i)[(int) Long.remainderUnsigned(address + i, PAGE)];
        }
        return out;
    }

    private byte[] page(long address) {
        synchronized (pages) {
            return pages.get(address - Long.remainderUnsigned(address, PAGE));
        }
    }

    /** How many bytes from address on are mapped (and, for writes, writable), at most length. */
    private int accessible(long address, int length, boolean write) {
        int n = 0;
        while (n < length) {
            long a = address + n;
            long base = a - Long.remainderUnsigned(a, PAGE);
            if (page(a) == null || (write && readOnly.contains(base))) {
                break;
            }
            n += (int) Math.min(length - n, PAGE - Long.remainderUnsigned(a, PAGE));
        }
        return Math.min(n, length);
    }

    // ---------------------------------------------------------------------------------------------------------
    // NativeCalls

    private void record(String name, int request, int pid, long addr, long data) {
        calls.add(new Call(name, request, pid, addr, data, Thread.currentThread()));
    }

    private void maybeFail(int key, String name) {
        ArrayDeque<Integer> q = failures.get(key);
        if (q != null) {
            Integer errno;
            synchronized (q) {
                errno = q.poll();
            }
            if (errno != null && errno != 0) {
                throw new NativeCallException(name, errno);
            }
        }
    }

    static String requestName(int request) {
        switch (request) {
            case Linux.PTRACE_PEEKDATA: return "PTRACE_PEEKDATA";
            case Linux.PTRACE_POKEDATA: return "PTRACE_POKEDATA";
            case Linux.PTRACE_CONT: return "PTRACE_CONT";
            case Linux.PTRACE_SINGLESTEP: return "PTRACE_SINGLESTEP";
            case Linux.PTRACE_DETACH: return "PTRACE_DETACH";
            case Linux.PTRACE_SYSCALL: return "PTRACE_SYSCALL";
            case Linux.PTRACE_SETOPTIONS: return "PTRACE_SETOPTIONS";
            case Linux.PTRACE_GETEVENTMSG: return "PTRACE_GETEVENTMSG";
            case Linux.PTRACE_GETSIGINFO: return "PTRACE_GETSIGINFO";
            case Linux.PTRACE_GETREGSET: return "PTRACE_GETREGSET";
            case Linux.PTRACE_SETREGSET: return "PTRACE_SETREGSET";
            case Linux.PTRACE_SEIZE: return "PTRACE_SEIZE";
            case Linux.PTRACE_INTERRUPT: return "PTRACE_INTERRUPT";
            case Linux.PTRACE_LISTEN: return "PTRACE_LISTEN";
            case Linux.PTRACE_GET_SYSCALL_INFO: return "PTRACE_GET_SYSCALL_INFO";
            default: return "PTRACE_" + request;
        }
    }

    @Override
    public long ptrace(int request, int pid, long addr, long data) {
        String name = "ptrace(" + requestName(request) + ")";
        record(name, request, pid, addr, data);
        maybeFail(request, name);
        switch (request) {
            case Linux.PTRACE_SEIZE:
                if (!alive.contains(pid)) {
                    throw new NativeCallException(name, Linux.ESRCH);
                }
                return 0;
            case Linux.PTRACE_INTERRUPT:
                List<Event> replies = interruptReplies.get(pid);
                emit(replies != null ? replies.toArray(new Event[0]) : new Event[] {interruptStop(pid)});
                return 0;
            case Linux.PTRACE_CONT:
            case Linux.PTRACE_SYSCALL:
            case Linux.PTRACE_SINGLESTEP:
            case Linux.PTRACE_LISTEN:
                lock.lock();
                try {
                    ArrayDeque<Event> q = gated.get(pid);
                    if (q != null && !q.isEmpty()) {
                        ready.addLast(q.pollFirst());
                        changed.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
                return 0;
            case Linux.PTRACE_POKEDATA:
                if (accessible(addr, 8, false) < 8) {
                    throw new NativeCallException(name, Linux.EIO);
                }
                ByteBuffer b = buffer(8).order(ByteOrder.LITTLE_ENDIAN);
                b.putLong(0, data);
                poke(addr, b.array());
                return 0;
            case SECCOMP_GET_FILTER:
                return seccompFilter(name, pid, addr).length / 8;
            default:
                return 0;
        }
    }

    static final int SECCOMP_GET_FILTER = 0x420c;
    static final int SECCOMP_GET_METADATA = 0x420d;

    /** A filter of pid, or the kernel's errors: EINVAL without filters, ENOENT past the newest. */
    private byte[] seccompFilter(String name, int pid, long index) {
        List<byte[]> filters = seccompFilters.get(pid);
        if (filters == null || filters.isEmpty()) {
            throw new NativeCallException(name, Linux.EINVAL);
        }
        if (index < 0 || index >= filters.size()) {
            throw new NativeCallException(name, Linux.ENOENT);
        }
        return filters.get((int) index);
    }

    @Override
    public long ptrace(int request, int pid, long addr, ByteBuffer data) {
        String name = "ptrace(" + requestName(request) + ")";
        record(name, request, pid, addr, -1);
        maybeFail(request, name);
        Ctx c = current.get(pid);
        switch (request) {
            case Linux.PTRACE_GETSIGINFO:
                if (c == null || c.siginfo == null) {
                    throw new NativeCallException(name, Linux.EINVAL);
                }
                data.put(0, c.siginfo);
                return 0;
            case Linux.PTRACE_GETEVENTMSG:
                data.putLong(0, c == null ? 0 : c.eventMsg);
                return 0;
            case Linux.PTRACE_GET_SYSCALL_INFO:
                if (syscallInfoUnsupported) {
                    throw new NativeCallException(name, Linux.EIO);
                }
                data.put(0, c != null && c.syscallInfo != null ? c.syscallInfo : new byte[Linux.SYSCALL_INFO_SIZE]);
                return Linux.SYSCALL_INFO_SIZE;
            case SECCOMP_GET_FILTER: {
                byte[] prog = seccompFilter(name, pid, addr);
                data.put(0, prog);
                return prog.length / 8;
            }
            case SECCOMP_GET_METADATA: {
                long index = data.getLong(0);
                seccompFilter(name, pid, index);
                List<Long> flags = seccompFlags.getOrDefault(pid, List.of());
                data.putLong(0, 0); // the kernel zeroes filter_off
                data.putLong(8, index < flags.size() ? flags.get((int) index) : 0);
                return 16;
            }
            default:
                byte[] copy = new byte[data.capacity()];
                data.get(0, copy);
                buffersIn.add(new BufferCall(request, pid, addr, copy));
                return 0;
        }
    }

    @Override
    public long peek(int request, int pid, long addr) {
        String name = "ptrace(" + requestName(request) + ")";
        record(name, request, pid, addr, -1);
        maybeFail(request, name);
        if (accessible(addr, 8, false) < 8) {
            throw new NativeCallException(name, Linux.EIO);
        }
        return ByteBuffer.wrap(memory(addr, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Override
    public int getRegset(int pid, int type, ByteBuffer buffer) {
        record("ptrace(PTRACE_GETREGSET)", GETREGSET, pid, type, -1);
        maybeFail(GETREGSET, "ptrace(PTRACE_GETREGSET)");
        Ctx c = current.get(pid);
        long[] regs = c != null && c.regs != null ? c.regs : registers.get(pid);
        if (regs == null) {
            throw new NativeCallException("ptrace(PTRACE_GETREGSET)", Linux.ESRCH);
        }
        for (int i = 0; i < regs.length; i++) {
            buffer.putLong(i * 8, regs[i]);
        }
        return c != null && c.regsetSize >= 0 ? c.regsetSize : regs.length * 8;
    }

    @Override
    public void setRegset(int pid, int type, ByteBuffer buffer, int length) {
        record("ptrace(PTRACE_SETREGSET)", SETREGSET, pid, type, length);
        maybeFail(SETREGSET, "ptrace(PTRACE_SETREGSET)");
        if (type == Linux.NT_ARM_SYSTEM_CALL) {
            writtenScno.add(buffer.getInt(0));
            return;
        }
        long[] v = new long[length / 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = buffer.getLong(i * 8);
        }
        writtenRegs.add(v);
    }

    @Override
    public void schedSetaffinity(int tid, ByteBuffer mask, int length) {
        affinities.add(new long[] {tid, mask.getLong(0)});
    }

    @Override
    public int waitpid(int pid, int[] status, int options) {
        maybeFail(WAIT, "waitpid");
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                if (terminated) {
                    throw new NativeCallException("waitpid", Linux.ECHILD);
                }
                Event e = take(pid);
                if (e != null) {
                    status[0] = e.status();
                    if (e.ctx() != null) {
                        current.put(e.pid(), e.ctx());
                    } else {
                        current.remove(e.pid());
                    }
                    if (e.terminal()) {
                        alive.remove(e.pid());
                        gated.remove(e.pid());
                    }
                    changed.signalAll();
                    return e.pid();
                }
                if (pid > 0 && !alive.contains(pid)) {
                    throw new NativeCallException("waitpid", Linux.ECHILD);
                }
                if ((options & Linux.WNOHANG) != 0) {
                    emptyPolls.incrementAndGet();
                    return 0;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new NativeCallException("waitpid", Linux.ECHILD);
                }
                blockedWaiters++;
                changed.signalAll();
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new NativeCallException("waitpid", Linux.EINTR);
                } finally {
                    blockedWaiters--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Event take(int pid) {
        for (Iterator<Event> it = ready.iterator(); it.hasNext(); ) {
            Event e = it.next();
            if (pid <= 0 || e.pid() == pid) {
                it.remove();
                return e;
            }
        }
        return null;
    }

    @Override
    public long processVmReadv(int pid, ByteBuffer local, int length, long remoteAddress) {
        record("process_vm_readv", VM_READ, pid, remoteAddress, length);
        maybeFail(VM_READ, "process_vm_readv");
        int n = accessible(remoteAddress, length, false);
        if (n == 0 && length > 0) {
            throw new NativeCallException("process_vm_readv", Linux.EFAULT);
        }
        local.put(0, memory(remoteAddress, n));
        return n;
    }

    @Override
    public long processVmWritev(int pid, ByteBuffer local, int length, long remoteAddress) {
        record("process_vm_writev", VM_WRITE, pid, remoteAddress, length);
        maybeFail(VM_WRITE, "process_vm_writev");
        int n = accessible(remoteAddress, length, true);
        if (n == 0 && length > 0) {
            throw new NativeCallException("process_vm_writev", Linux.EFAULT);
        }
        byte[] b = new byte[n];
        local.get(0, b);
        poke(remoteAddress, b);
        return n;
    }

    @Override
    public void kill(int pid, int signal) {
        record("kill", KILL, pid, 0, signal);
        maybeFail(KILL, "kill");
        if (pid == doorbellPid && pid != 0) {
            if (signal == Linux.SIGSTOP) {
                emit(new Event(pid, stopped(Linux.SIGSTOP, 0), null));
            } else if (signal == Linux.SIGKILL) {
                emit(killed(pid, Linux.SIGKILL, false));
            }
            return;
        }
        if (!alive.contains(pid)) {
            throw new NativeCallException("kill", Linux.ESRCH);
        }
        if (signal == Linux.SIGKILL) {
            List<Event> replies = killReplies.get(pid);
            if (replies == null) {
                emit(killed(pid, Linux.SIGKILL, false));
            } else if (!replies.isEmpty()) {
                emit(replies.get(0));
                afterResume(replies.subList(1, replies.size()).toArray(new Event[0]));
            }
        }
    }

    @Override
    public void tgkill(int tgid, int tid, int signal) {
        record("tgkill", KILL, tid, tgid, signal);
    }

    @Override
    public int gettid() {
        return ownPid;
    }

    @Override
    public int getpid() {
        return ownPid;
    }

    @Override
    public int posixSpawn(SpawnRequest request) {
        record("posix_spawn", SPAWN, 0, 0, 0);
        maybeFail(SPAWN, "posix_spawn");
        spawns.add(request);
        int pid;
        if (utf8(request.argv().get(0)).equals("ptrace-doorbell")) {
            pid = nextPid.incrementAndGet();
            doorbellPid = pid;
        } else {
            Integer p = spawnPids.poll();
            pid = p != null ? p : nextPid.incrementAndGet();
        }
        alive.add(pid);
        return pid;
    }

    /** Byte strings of a spawn request as text (UTF-8), for assertions. */
    static List<String> utf8(List<byte[]> strings) {
        return strings.stream().map(FakeKernel::utf8).toList();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The real file's mode, for UTF-8 paths (what the spawner's program lookup needs). */
    @Override
    public int fileMode(byte[] path) {
        try {
            return (Integer) java.nio.file.Files.getAttribute(java.nio.file.Path.of(new String(path,
                    StandardCharsets.UTF_8)), "unix:mode");
        } catch (java.io.IOException | RuntimeException e) {
            throw new NativeCallException("statx", Linux.ENOENT);
        }
    }

    @Override
    public int[] pipe() {
        record("pipe2", PIPE, 0, 0, 0);
        maybeFail(PIPE, "pipe2");
        int[] p = pipes.poll();
        return p != null ? p : new int[] {sink.fd, sink.fd};
    }

    @Override
    public void close(int fd) {
        closedFds.add(fd);
    }

    @Override
    public int memfdCreate(String name, int flags) {
        Integer fd = memfd;
        if (fd == null) {
            throw new NativeCallException("memfd_create", Linux.ENOSYS);
        }
        return fd;
    }

    List<SpawnRequest> doorbellSpawns() {
        return spawns.stream().filter(r -> utf8(r.argv().get(0)).equals("ptrace-doorbell")).toList();
    }

    List<SpawnRequest> spawnsWhere(Predicate<SpawnRequest> p) {
        return spawns.stream().filter(p).toList();
    }

    // ---------------------------------------------------------------------------------------------------------
    // real descriptors

    /** An open temporary file and its descriptor number in this JVM. */
    static final class RealFd implements AutoCloseable {
        final Path path;
        final RandomAccessFile file;
        final int fd;

        RealFd(Path path, RandomAccessFile file, int fd) {
            this.path = path;
            this.file = file;
            this.fd = fd;
        }

        byte[] content() throws IOException {
            return Files.readAllBytes(path);
        }

        @Override
        public void close() throws IOException {
            file.close();
            Files.deleteIfExists(path);
        }
    }

    RealFd realFd() {
        try {
            Path p = Files.createTempFile("fake-kernel", ".fd").toRealPath();
            RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw");
            RealFd r = new RealFd(p, f, fdOf(p));
            synchronized (realFds) {
                realFds.add(r);
            }
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static int fdOf(Path p) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path e : ds) {
                try {
                    if (Files.readSymbolicLink(e).equals(p)) {
                        return Integer.parseInt(e.getFileName().toString());
                    }
                } catch (IOException | RuntimeException ignored) {
                    // a descriptor that closed meanwhile, or the directory stream's own
                }
            }
        }
        throw new IOException("no descriptor open on " + p);
    }

    @Override
    public void close() throws IOException {
        terminate();
        synchronized (realFds) {
            for (RealFd r : realFds) {
                r.close();
            }
        }
    }

    @Override
    public String toString() {
        return "FakeKernel" + Arrays.toString(ready.toArray());
    }
}
