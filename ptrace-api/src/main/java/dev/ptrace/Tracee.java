package dev.ptrace;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One traced thread (Linux "tracee" always means one thread). A handle stays valid after the thread is gone;
 * calls that need the thread then throw {@link TraceeGoneException}.
 *
 * <p>Every method may be called from any thread: the owning {@link Tracer} runs the ptrace requests on its
 * tracer thread. Requests that need a stopped tracee ({@link #registers()}, {@link #signalInfo()} ...) throw
 * {@link TraceeGoneException} (ESRCH) when it is running, as the kernel does.
 *
 * <p>Resuming: the methods without a signal argument ({@link #cont()}, {@link #syscall()},
 * {@link #singleStep()}) deliver the pending signal when the tracee is at a signal-delivery stop, so its own
 * handlers still run, and resume a group-stop with {@code PTRACE_LISTEN} so that the process really stays
 * stopped until a {@code SIGCONT}. The variants with a signal argument deliver exactly that signal
 * ({@link Signal#NONE} for none).
 */
public interface Tracee {

    /** {@return the thread id} */
    int pid();

    /** {@return the thread-group (process) id, read from {@code /proc}; the pid itself if that cannot be read} */
    int processId();

    /** {@return what the tracer last knew of this tracee} */
    TraceeState state();

    /** {@return the stop this tracee is in now, if it is stopped} */
    Optional<Stop> currentStop();

    /**
     * The system (kernel) CPU time that {@code wait4(2)} reported with this tracee's latest stop: {@code ru_stime}
     * of its whole process and the children that process has waited for, as strace's {@code -c} reads it. The
     * difference between two stops is the kernel time spent in between (in a syscall, or in page faults).
     *
     * @return microseconds, or empty unless {@link Tracer#recordCpuTimes(boolean)} was on when the stop was
     *         reported (and for the stop a spawn or attach returns in, which comes before the wait loop's)
     */
    OptionalLong systemCpuMicros();

    /** {@return whether this tracer started the process (rather than attaching to it)} */
    boolean isSpawned();

    /**
     * {@return the write end of the spawned process's standard input, when it was spawned with {@link Redirect#PIPE}}
     */
    Optional<OutputStream> stdinPipe();

    /**
     * {@return the read end of the spawned process's standard output, when it was spawned with {@link Redirect#PIPE}}
     */
    Optional<InputStream> stdoutPipe();

    /**
     * {@return the read end of the spawned process's standard error, when it was spawned with {@link Redirect#PIPE}}
     */
    Optional<InputStream> stderrPipe();

    /** Resumes with {@code PTRACE_CONT}, delivering the pending signal (see the class description). */
    void cont();

    /**
     * Resumes with {@code PTRACE_CONT} and delivers {@code signal}.
     *
     * @param signal the signal to deliver, {@link Signal#NONE} for none
     */
    void cont(Signal signal);

    /** Resumes until the next syscall entry or exit ({@code PTRACE_SYSCALL}), delivering the pending signal. */
    void syscall();

    /**
     * Resumes with {@code PTRACE_SYSCALL} and delivers {@code signal}.
     *
     * @param signal the signal to deliver, {@link Signal#NONE} for none
     */
    void syscall(Signal signal);

    /** Executes one instruction ({@code PTRACE_SINGLESTEP}), delivering the pending signal. */
    void singleStep();

    /**
     * {@code PTRACE_SINGLESTEP} delivering {@code signal}.
     *
     * @param signal the signal to deliver, {@link Signal#NONE} for none
     */
    void singleStep(Signal signal);

    /** Restarts a tracee in group-stop without resuming it, so a later SIGCONT is reported ({@code PTRACE_LISTEN}). */
    void listen();

    /** Asks a running tracee to stop ({@code PTRACE_INTERRUPT}); the stop arrives through the wait calls. */
    void interrupt();

    /**
     * Detaches like strace: a running tracee is interrupted first, a pending signal is passed on, and the thread
     * is left as it was (running, sleeping, or group-stopped). Harmless if already detached or gone.
     */
    void detach();

    /** Sends SIGKILL to the tracee's process. Its end is reported as a {@link Stop.Killed} stop. */
    void kill();

    /**
     * Sends a signal to the tracee's process ({@code kill(2)}), as any other process could; while traced, its
     * delivery is reported as a {@link Stop.SignalDelivery}. Not a ptrace request: callable from any thread.
     *
     * @param signal the signal to send
     * @throws TraceeGoneException if the process no longer exists
     */
    void sendSignal(Signal signal);

    /**
     * Waits for this tracee's next stop.
     *
     * @param timeout how long to wait at most
     * @return empty if the timeout passes first or the tracee is no longer traced
     */
    Optional<Stop> waitForStop(Duration timeout);

    /**
     * {@link #waitForStop(Duration)} without a time limit.
     *
     * @return the next stop
     * @throws TraceeGoneException if the tracee is not traced (any more)
     */
    Stop waitForStop();

    /**
     * Sets the ptrace options ({@code PTRACE_SETOPTIONS}); TRACESYSGOOD and TRACEEXEC are always kept.
     *
     * @param options the options wanted
     */
    void setOptions(Set<PtraceOption> options);

    /** {@return the ptrace options in effect} */
    Set<PtraceOption> options();

    /**
     * Reads the general-purpose registers ({@code PTRACE_GETREGSET NT_PRSTATUS}).
     *
     * @return a snapshot; change it with {@link Registers#with(String, long)} and write it back with
     *     {@link #setRegisters(Registers)}
     */
    Registers registers();

    /**
     * Writes the general-purpose registers. On aarch64 a changed syscall number is also written with
     * {@code NT_ARM_SYSTEM_CALL}, since writing x8 alone does not change the syscall.
     *
     * @param registers the registers to write, usually a changed copy of {@link #registers()}
     */
    void setRegisters(Registers registers);

    /** {@return this tracee's memory (shared by all threads of its process)} Works from any thread. */
    Memory memory();

    /** {@return the tracee's memory mappings, from {@code /proc/<pid>/maps}} */
    ProcMaps memoryMaps();

    /**
     * {@code PTRACE_GETEVENTMSG} at an event stop.
     *
     * @return the new child pid, the former thread id, the exit status or the seccomp data, depending on the event
     */
    long eventMessage();

    /**
     * {@code PTRACE_GETSIGINFO} at a signal-delivery stop.
     *
     * @return the signal about to be delivered, with its siginfo
     */
    SignalInfo signalInfo();

    /**
     * {@code PTRACE_GET_SYSCALL_INFO} (Linux 5.3+).
     *
     * @return what the kernel reports about the current syscall stop
     */
    SyscallInfo syscallInfo();

    /**
     * Makes the stopped tracee run one syscall of our choosing and returns its raw result (a negated errno on
     * failure), then puts the tracee back exactly where it was: same registers, same stop, the interrupted syscall
     * (if any) still to come. This is how a tool calls {@code getpid}, {@code mmap} or {@code close} inside a
     * tracee, or installs a seccomp filter before the program starts.
     *
     * <p>Allowed at syscall-entry and syscall-exit stops and at the stop after {@link #interrupt()} (or the first
     * stop of a new tracee); not at signal-delivery or group-stops, where resuming would consume the signal, nor
     * at the other event stops (exec, fork, exit ...), which happen inside a syscall that must finish first. A
     * signal that arrives during the call is delivered afterwards. Pointer arguments can point into
     * {@link #scratchAddress(int)}.
     *
     * @param number the syscall number for this tracee's architecture
     * @param args up to six arguments
     * @return the raw result: the value, or a negated errno
     * @throws IllegalStateException if the tracee is not at a stop that allows it
     * @throws TraceeGoneException if the tracee dies meanwhile
     */
    long injectSyscall(int number, long... args);

    /**
     * An address in the stopped tracee's stack, below the stack pointer and the red zone, where {@code size}
     * bytes may be written with {@link #memory()} as arguments for {@link #injectSyscall(int, long...)}. Nothing
     * of the tracee lives there; it stays usable until the tracee is resumed.
     *
     * @param size bytes needed, at most 65536
     * @return the lowest address of the scratch space
     */
    long scratchAddress(int size);

    /**
     * The software breakpoints of this tracee's process, with hit detection and step-over for this thread.
     * Available on every tracee; the breakpoints themselves are shared by the threads of a process.
     *
     * @return the breakpoints
     */
    Breakpoints breakpoints();

    /** {@return the means to change the syscall this tracee is stopped in: arguments, number, result} */
    SyscallTampering syscallTampering();

    /**
     * Unwinds the stopped tracee's call stack with the call-frame information ({@code .eh_frame}) of the ELF files
     * it has mapped, and names each frame by the nearest function symbol. Unwinding ends at the outermost frame,
     * at a frame whose address lies in no mapped file (that frame is the last one returned), and at a frame that
     * cannot be unwound (missing or malformed call-frame information, unreadable stack): the frames found so far
     * are returned, never an exception for what the files or the stack contain. The files are read once and
     * cached by the tracer.
     *
     * @return the frames, innermost first, at most 256
     * @throws TraceeGoneException if the tracee is not stopped or no longer exists
     */
    java.util.List<StackFrame> stackTrace();

    /** {@return this tracee's seccomp state, events and filters} */
    Seccomp seccomp();
}
