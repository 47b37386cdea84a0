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

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The engine's {@link Tracee}: per-thread trace state, changed only through its own methods on the tracer thread
 * (volatile where other threads read it). Requests that are one kernel call go through the {@link Kernel} port;
 * resuming, waiting, detaching and injection through the engine's {@link TraceeControl}.
 */
final class TraceeHandle implements Tracee {
    /** The options every tracee has: syscall stops told from SIGTRAP, and exec events. */
    static final int ALWAYS_ON = PtraceOption.TRACESYSGOOD.bit() | PtraceOption.TRACEEXEC.bit();

    private final Kernel kernel;
    private final TraceeControl control;
    private final Debugger debugger;
    private final int pid;
    private final boolean spawned;
    private final ProcessMemory memory;
    private volatile int processId;

    private volatile TraceeState state = TraceeState.RUNNING;
    private volatile Stop currentStop;
    /** ru_stime reported with this tracee's latest wait status, in microseconds; -1 when not recorded. */
    private volatile long systemCpuMicros = -1;
    /** PTRACE_O_* bits in effect. */
    private volatile int optionBits;
    /** Whether the tracer kills this tracee on close (and EXITKILL is set) rather than detaching it. */
    private volatile boolean killOnClose;
    /** Syscall number seen at the last syscall-entry stop, -1 if none. */
    private int syscallNumber = -1;
    /** Whether the last syscall stop was an entry. */
    private boolean inSyscall;
    /** A new child whose first stop has not been seen yet. */
    private boolean expectInitialStop;
    /** The process that created this new child, from its fork/vfork/clone event; 0 until that event is seen. */
    private int creatorProcessId;
    /** Whether a seccomp filter of the engine decides which syscalls stop it (see SeccompAccelerator). */
    private volatile boolean seccompFiltered;
    /** Breakpoint hit, step-over and last resume of this thread (see {@link Debugger}). */
    final Debugger.ThreadState debug = new Debugger.ThreadState();

    private OutputStream stdinPipe;
    private InputStream stdoutPipe;
    private InputStream stderrPipe;

    TraceeHandle(Kernel kernel, TraceeControl control, Debugger debugger, int pid, boolean spawned, int optionBits,
                 boolean killOnClose) {
        this.kernel = kernel;
        this.control = control;
        this.debugger = debugger;
        this.pid = pid;
        this.spawned = spawned;
        this.optionBits = optionBits;
        this.killOnClose = killOnClose;
        this.memory = new ProcessMemory(kernel, pid);
    }

    // ---------------------------------------------------------------------------------------------------------
    // State changes (tracer thread)

    /** The tracee is at this stop (delivered, or consumed by attach); a terminal stop ends it. */
    void stopped(Stop stop) {
        if (stop.isTerminal()) {
            gone(TraceeState.EXITED);
        } else {
            state = TraceeState.STOPPED;
            currentStop = stop;
        }
    }

    /** Resumes the stopped tracee with exactly this request and signal. Tracer thread. */
    void resumeNow(int request, int signal) {
        kernel.resume(pid, request, signal);
        running();
    }

    /** The tracee was resumed. */
    void running() {
        state = TraceeState.RUNNING;
        currentStop = null;
    }

    /** The tracee is no longer traced: exited, or detached. */
    void gone(TraceeState end) {
        state = end;
        currentStop = null;
    }

    /** The current stop, or null. */
    Stop stop() {
        return currentStop;
    }

    int syscallNumber() {
        return syscallNumber;
    }

    boolean inSyscall() {
        return inSyscall;
    }

    /** A syscall-entry stop of {@code number}. */
    void enteredSyscall(int number) {
        syscallNumber = number;
        inSyscall = true;
    }

    /** A syscall-exit stop. */
    void leftSyscall() {
        inSyscall = false;
    }

    /** Puts back the syscall state saved before an injected syscall. */
    void restoreSyscall(int number, boolean entered) {
        syscallNumber = number;
        inSyscall = entered;
    }

    /** This thread took over the thread id of {@code former}, which exec'd: its syscall state goes on here. */
    void tookOver(TraceeHandle former) {
        restoreSyscall(former.syscallNumber, former.inSyscall);
    }

    int optionBits() {
        return optionBits;
    }

    boolean killOnClose() {
        return killOnClose;
    }

    boolean seccompFiltered() {
        return seccompFiltered;
    }

    /** The engine's seccomp filter was installed in this tracee. */
    void filtered() {
        seccompFiltered = true;
    }

    /** A new child: its first stop is still to come. */
    void expectInitialStop(boolean expect) {
        expectInitialStop = expect;
    }

    /** Whether this is the first stop of a new child (true once). */
    boolean takeInitialStop() {
        boolean first = expectInitialStop;
        expectInitialStop = false;
        return first;
    }

    int creatorProcessId() {
        return creatorProcessId;
    }

    /** A new child of {@code parent} (null: its creator is not known yet) inherits the parent's settings. */
    void inheritFrom(TraceeHandle parent) {
        if (parent == null) {
            return;
        }
        creatorProcessId = parent.processId();
        optionBits = parent.optionBits;
        killOnClose = parent.killOnClose;
        seccompFiltered = parent.seccompFiltered;
    }

    // ---------------------------------------------------------------------------------------------------------

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

    /** The system CPU time reported with this tracee's latest wait status (-1: not recorded). Tracer thread. */
    void cpuTimeReported(long micros) {
        systemCpuMicros = micros;
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
        control.resume(this, Linux.PTRACE_CONT, null);
    }

    @Override
    public void cont(Signal signal) {
        control.resume(this, Linux.PTRACE_CONT, signal);
    }

    @Override
    public void syscall() {
        control.resume(this, Linux.PTRACE_SYSCALL, null);
    }

    @Override
    public void syscall(Signal signal) {
        control.resume(this, Linux.PTRACE_SYSCALL, signal);
    }

    @Override
    public void singleStep() {
        control.resume(this, Linux.PTRACE_SINGLESTEP, null);
    }

    @Override
    public void singleStep(Signal signal) {
        control.resume(this, Linux.PTRACE_SINGLESTEP, signal);
    }

    @Override
    public void listen() {
        control.resume(this, Linux.PTRACE_LISTEN, Signal.NONE);
    }

    @Override
    public void interrupt() {
        kernel.onTracer(() -> kernel.ptrace(Linux.PTRACE_INTERRUPT, pid, 0, 0));
    }

    @Override
    public void detach() {
        control.detach(this);
    }

    @Override
    public void kill() {
        try {
            kernel.calls().kill(processId(), Linux.SIGKILL);
        } catch (NativeCallException e) {
            if (e.errno() != Linux.ESRCH) {
                throw Kernel.fail(e, pid);
            }
        }
    }

    @Override
    public void sendSignal(Signal signal) {
        kernel.kill(processId(), signal.number(), pid);
    }

    @Override
    public Optional<Stop> waitForStop(Duration timeout) {
        return control.waitFor(this, timeout);
    }

    @Override
    public Stop waitForStop() {
        return control.waitFor(this, null).orElseThrow(() -> new TraceeGoneException("waitForStop", pid, 0,
                "the tracee is no longer traced", null));
    }

    @Override
    public void setOptions(Set<PtraceOption> options) {
        setOptionBits(PtraceOption.toBits(options));
    }

    /** PTRACE_SETOPTIONS with these bits and those always on. */
    void setOptionBits(int bits) {
        kernel.onTracer(() -> {
            int all = bits | ALWAYS_ON;
            kernel.ptrace(Linux.PTRACE_SETOPTIONS, pid, 0, all);
            optionBits = all;
            return null;
        });
    }

    @Override
    public Set<PtraceOption> options() {
        return PtraceOption.fromBits(optionBits);
    }

    @Override
    public Registers registers() {
        return kernel.onTracer(() -> kernel.readRegisters(pid));
    }

    @Override
    public void setRegisters(Registers registers) {
        kernel.onTracer(() -> {
            // aarch64: the syscall number register set too, where it changes the syscall of an entry stop
            boolean number = currentStop instanceof Stop.SyscallEntry e
                    && e.number() != (int) registers.syscallNumber();
            kernel.writeRegisters(pid, registers, number);
            return null;
        });
    }

    @Override
    public Memory memory() {
        return memory;
    }

    @Override
    public ProcMaps memoryMaps() {
        return dev.ptrace.core.unwind.StackUnwinder.readMaps(pid); // the one bounded reader of /proc/PID/maps
    }

    @Override
    public java.util.List<dev.ptrace.StackFrame> stackTrace() {
        return control.stackTrace(this);
    }

    @Override
    public long eventMessage() {
        return kernel.onTracer(() -> kernel.eventMessage(pid));
    }

    @Override
    public SignalInfo signalInfo() {
        return kernel.onTracer(() -> kernel.signalInfo(pid));
    }

    @Override
    public SyscallInfo syscallInfo() {
        return kernel.onTracer(() -> kernel.syscallInfo(pid));
    }

    @Override
    public long injectSyscall(int number, long... args) {
        return control.injectSyscall(this, number, args.clone());
    }

    @Override
    public long scratchAddress(int size) {
        return SyscallInjector.scratchAddress(registers(), size);
    }

    @Override
    public dev.ptrace.Breakpoints breakpoints() {
        return debugger.breakpoints(this);
    }

    @Override
    public dev.ptrace.SyscallTampering syscallTampering() {
        return debugger.tampering(this);
    }

    @Override
    public dev.ptrace.Seccomp seccomp() {
        return debugger.seccomp(this);
    }

    @Override
    public String toString() {
        return "Tracee[pid=" + pid + ", " + state + "]";
    }
}
