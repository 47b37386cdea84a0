package dev.ptrace.core;

import dev.ptrace.Memory;
import dev.ptrace.ProcMaps;
import dev.ptrace.PtraceOption;
import dev.ptrace.Registers;
import dev.ptrace.Signal;
import dev.ptrace.SignalInfo;
import dev.ptrace.Stop;
import dev.ptrace.SyscallInfo;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The engine's {@link Tracee}: per-thread trace state, written only on the tracer thread (volatile where other
 * threads read it). Every request goes through {@link PtraceEngine}, which runs it on the tracer thread.
 */
final class TraceeHandle implements Tracee {
    private final PtraceEngine engine;
    private final int pid;
    private final boolean spawned;
    private final ProcessMemory memory;
    private volatile int processId;

    volatile TraceeState state = TraceeState.RUNNING;
    volatile Stop currentStop;
    /** ru_stime reported with this tracee's latest wait status, in microseconds; -1 when not recorded. */
    volatile long systemCpuMicros = -1;
    /** PTRACE_O_* bits in effect. */
    volatile int optionBits;
    /** Whether the tracer kills this tracee on close (and EXITKILL is set) rather than detaching it. */
    volatile boolean killOnClose;
    /** Syscall number seen at the last syscall-entry stop, -1 if none. */
    int syscallNumber = -1;
    /** Whether the last syscall stop was an entry (used only by the register fallback, see PtraceEngine). */
    boolean inSyscall;
    /** A new child whose first stop has not been seen yet. */
    boolean expectInitialStop;
    /** The process that created this new child, from its fork/vfork/clone event; 0 until that event is seen. */
    int creatorProcessId;
    /** Whether a seccomp filter of the engine decides which syscalls stop it (see SeccompAccelerator). */
    volatile boolean seccompFiltered;
    /** Breakpoint hit, step-over and last resume of this thread (see {@link Debugger}). */
    final ThreadDebugState debug = new ThreadDebugState();

    private OutputStream stdinPipe;
    private InputStream stdoutPipe;
    private InputStream stderrPipe;

    TraceeHandle(PtraceEngine engine, int pid, boolean spawned, int optionBits, boolean killOnClose) {
        this.engine = engine;
        this.pid = pid;
        this.spawned = spawned;
        this.optionBits = optionBits;
        this.killOnClose = killOnClose;
        this.memory = new ProcessMemory(engine, pid);
    }

    void setPipes(OutputStream in, InputStream out, InputStream err) {
        this.stdinPipe = in;
        this.stdoutPipe = out;
        this.stderrPipe = err;
    }

    boolean isAttached() {
        return state == TraceeState.RUNNING || state == TraceeState.STOPPED;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public int processId() {
        int p = processId;
        if (p == 0) {
            p = readTgid();
            processId = p;
        }
        return p;
    }

    /** Records the thread-group id when the engine knows it (a forked child leads its own group). */
    void knownProcessId(int tgid) {
        processId = tgid;
    }

    private int readTgid() {
        return ProcStatus.intField(pid, "Tgid", pid); // gone or unreadable: the thread id
    }

    @Override
    public TraceeState state() {
        return state;
    }

    @Override
    public Optional<Stop> currentStop() {
        return Optional.ofNullable(currentStop);
    }

    @Override
    public OptionalLong systemCpuMicros() {
        long micros = systemCpuMicros;
        return micros < 0 ? OptionalLong.empty() : OptionalLong.of(micros);
    }

    @Override
    public boolean isSpawned() {
        return spawned;
    }

    @Override
    public Optional<OutputStream> stdinPipe() {
        return Optional.ofNullable(stdinPipe);
    }

    @Override
    public Optional<InputStream> stdoutPipe() {
        return Optional.ofNullable(stdoutPipe);
    }

    @Override
    public Optional<InputStream> stderrPipe() {
        return Optional.ofNullable(stderrPipe);
    }

    @Override
    public void cont() {
        engine.resume(this, Linux.PTRACE_CONT, null);
    }

    @Override
    public void cont(Signal signal) {
        engine.resume(this, Linux.PTRACE_CONT, signal);
    }

    @Override
    public void syscall() {
        engine.resume(this, Linux.PTRACE_SYSCALL, null);
    }

    @Override
    public void syscall(Signal signal) {
        engine.resume(this, Linux.PTRACE_SYSCALL, signal);
    }

    @Override
    public void singleStep() {
        engine.resume(this, Linux.PTRACE_SINGLESTEP, null);
    }

    @Override
    public void singleStep(Signal signal) {
        engine.resume(this, Linux.PTRACE_SINGLESTEP, signal);
    }

    @Override
    public void listen() {
        engine.resume(this, Linux.PTRACE_LISTEN, Signal.NONE);
    }

    @Override
    public void interrupt() {
        engine.request(this, Linux.PTRACE_INTERRUPT, 0);
    }

    @Override
    public void detach() {
        engine.detach(this);
    }

    @Override
    public void kill() {
        engine.kill(this);
    }

    @Override
    public void sendSignal(Signal signal) {
        engine.sendSignal(this, signal);
    }

    @Override
    public Optional<Stop> waitForStop(Duration timeout) {
        return engine.waitFor(this, timeout);
    }

    @Override
    public Stop waitForStop() {
        return engine.waitFor(this, null).orElseThrow(() -> new TraceeGoneException("waitForStop", pid, 0,
                "the tracee is no longer traced", null));
    }

    @Override
    public void setOptions(Set<PtraceOption> options) {
        engine.setOptions(this, PtraceOption.toBits(options));
    }

    @Override
    public Set<PtraceOption> options() {
        return PtraceOption.fromBits(optionBits);
    }

    @Override
    public Registers registers() {
        return engine.registers(this);
    }

    @Override
    public void setRegisters(Registers registers) {
        engine.setRegisters(this, registers);
    }

    @Override
    public Memory memory() {
        return memory;
    }

    @Override
    public ProcMaps memoryMaps() {
        try {
            return ProcMaps.parse(Files.readString(Path.of("/proc/" + pid + "/maps"), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new TraceeGoneException("read /proc/" + pid + "/maps", pid, Linux.ESRCH, "no such process", e);
        } catch (IOException e) {
            throw new dev.ptrace.PtraceException("read /proc/" + pid + "/maps", pid, 0, e.toString(), e);
        }
    }

    @Override
    public long eventMessage() {
        return engine.eventMessage(this);
    }

    @Override
    public SignalInfo signalInfo() {
        return engine.signalInfo(this);
    }

    @Override
    public SyscallInfo syscallInfo() {
        return engine.syscallInfo(this);
    }

    @Override
    public long injectSyscall(int number, long... args) {
        return engine.injectSyscall(this, number, args);
    }

    @Override
    public long scratchAddress(int size) {
        return engine.scratchAddress(this, size);
    }

    @Override
    public dev.ptrace.Breakpoints breakpoints() {
        return engine.debugger.breakpoints(this);
    }

    @Override
    public dev.ptrace.SyscallTampering syscallTampering() {
        return engine.debugger.tampering(this);
    }

    @Override
    public dev.ptrace.Seccomp seccomp() {
        return engine.debugger.seccomp(this);
    }

    @Override
    public String toString() {
        return "Tracee[pid=" + pid + ", " + state + "]";
    }
}
