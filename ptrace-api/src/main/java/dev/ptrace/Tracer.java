package dev.ptrace;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * One tracing session: the tracees it spawned or attached, and the one platform thread that makes every ptrace
 * and wait call for them.
 *
 * <p>The kernel binds a tracee to the thread that attached it: every request from another thread fails with
 * ESRCH. A {@code Tracer} therefore owns a dedicated thread. Calls made on that thread go straight through; calls
 * made on any other thread are handed to it and block until it has run them. Running a whole event loop on the
 * tracer thread with {@link #execute(Callable)} avoids that hand-off and is the fast way to trace.
 *
 * <p>{@link #close()} leaves nothing behind: tracees it spawned with kill-on-exit are killed and reaped, every
 * other tracee is detached in the state it was in (running, sleeping or stopped).
 */
public interface Tracer extends AutoCloseable {

    /**
     * Starts a program under trace. The program is found on {@code PATH} like a shell would; the tracee returned is
     * stopped at the syscall-entry stop of the program's own {@code execve}, which is also the first stop
     * {@link #waitAny(Duration)} returns for it: no instruction of the program runs untraced. The strings are
     * encoded with the platform charset ({@link ExecStrings#platformCharset()}); use
     * {@link #spawnBytes(List, SpawnOptions)} to pass bytes that are not text in that charset.
     *
     * @param command the program and its arguments; {@code command.get(0)} is also {@code argv[0]}
     * @param options environment, directory, standard streams and ptrace options
     * @return the new tracee, stopped at its {@code execve}
     * @throws IllegalArgumentException if the command is empty, contains NUL, or the program cannot be found or
     *     executed
     * @throws PtraceException if the process cannot be started or traced
     */
    default Tracee spawn(List<String> command, SpawnOptions options) {
        return spawnBytes(ExecStrings.encode(command), options);
    }

    /**
     * {@link #spawn(List, SpawnOptions)} with the program's {@code argv} as bytes, passed to it unchanged: the
     * program is looked up with these bytes, and it receives exactly them.
     *
     * @param argv the program and its arguments; {@code argv.get(0)} is also {@code argv[0]}; none may contain NUL
     * @param options environment, directory, standard streams and ptrace options
     * @return the new tracee, stopped at its {@code execve}
     * @throws IllegalArgumentException if argv is empty, contains NUL, or the program cannot be found or executed
     * @throws PtraceException if the process cannot be started or traced
     */
    Tracee spawnBytes(List<byte[]> argv, SpawnOptions options);

    /**
     * {@link #spawn(List, SpawnOptions)} with {@link SpawnOptions#defaults()}.
     *
     * @param command the program and its arguments
     * @return the new tracee, stopped at its {@code execve}
     */
    default Tracee spawn(List<String> command) {
        return spawn(command, SpawnOptions.defaults());
    }

    /**
     * Attaches to a running thread the way {@code strace -p} does ({@code PTRACE_SEIZE} then
     * {@code PTRACE_INTERRUPT}) and waits until it is stopped. That first stop is consumed: the tracee returned is
     * stopped and ready for register and memory access.
     *
     * @param pid the thread (or process) id
     * @param options ptrace options; {@link PtraceOption#TRACESYSGOOD} and {@link PtraceOption#TRACEEXEC} are
     *     always added
     * @return the tracee, stopped
     * @throws TraceeGoneException if there is no such process
     * @throws TracePermissionException if the kernel refuses, with the reason
     */
    Tracee attach(int pid, Set<PtraceOption> options);

    /**
     * {@link #attach(int, Set)} with no options beyond the ones always set.
     *
     * @param pid the thread (or process) id
     * @return the tracee, stopped
     */
    default Tracee attach(int pid) {
        return attach(pid, Set.of());
    }

    /**
     * Seizes a running thread ({@code PTRACE_SEIZE}) without stopping it. Its next stop comes through
     * {@link #waitAny(Duration)}; call {@link Tracee#interrupt()} to stop it on purpose.
     *
     * @param pid the thread (or process) id
     * @param options ptrace options; {@link PtraceOption#TRACESYSGOOD} and {@link PtraceOption#TRACEEXEC} are
     *     always added
     * @return the tracee, still running
     * @throws TraceeGoneException if there is no such process
     * @throws TracePermissionException if the kernel refuses, with the reason
     */
    Tracee seize(int pid, Set<PtraceOption> options);

    /**
     * Waits for the next stop of any tracee, new children included ({@code __WALL}). Returns empty when the
     * timeout passes first or when there is no tracee left to wait for.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} polls; a duration too long to count in
     *     nanoseconds (such as {@code ChronoUnit.FOREVER.getDuration()}) waits without limit, as {@link #waitAny()}
     *     does, but can still be ended by {@link #wakeUp()}
     * @return the stop, or empty
     */
    Optional<Stop> waitAny(Duration timeout);

    /**
     * Ends a {@link #waitAny(Duration)} in progress, on whichever thread it waits, or else the next one: it returns
     * empty at once instead of waiting for a stop (a stop already queued is returned first). One call wakes one
     * wait. This is how another thread (a signal handler, for example) gets an event loop's attention while every
     * tracee runs or sleeps in a syscall. Thread-safe, does not block, makes no ptrace request. {@link #waitAny()}
     * and {@link Tracee#waitForStop} are not woken.
     */
    void wakeUp();

    /**
     * Detaches every tracee, the spawned ones too (they are no longer killed on close; a seccomp filter installed
     * by {@link SpawnOptions#tracedSyscalls()} stays, and fails the filtered syscalls with ENOSYS once nobody
     * traces them). Each is left as it was (running, sleeping or group-stopped) and a signal it was about to
     * receive is passed on. The tracer stays open. This is what strace does when it obeys a fatal signal.
     */
    void detachAll();

    /**
     * Waits without a time limit for the next stop of any tracee.
     *
     * @return the stop
     * @throws IllegalStateException if there is no tracee left to wait for
     */
    Stop waitAny();

    /** {@return the tracees of this session that are attached or still have a stop to deliver} */
    List<Tracee> tracees();

    /**
     * {@return the tracee with this thread id, if it belongs to this session}
     *
     * @param pid the thread id
     */
    Optional<Tracee> tracee(int pid);

    /**
     * Runs an action on the tracer thread and returns its result; on the tracer thread itself, runs it at once.
     * Everything the action does with this tracer's tracees is a direct call.
     *
     * @param <T> the type of the result
     * @param action what to run
     * @return what the action returned
     * @throws PtraceException if the action throws one; other exceptions are wrapped in a
     *     {@link PtraceException} whose cause they are, runtime exceptions pass unchanged
     */
    <T> T execute(Callable<T> action);

    /** {@return whether the calling thread is this tracer's thread} */
    boolean isTracerThread();

    /**
     * Runs the tracer thread and every tracee on one CPU from now on; tracees started or created later inherit
     * it. A ptrace stop is a hand-over between two threads: on one CPU it is a plain context switch, while
     * across CPUs each stop also pays a cross-CPU wake-up, several times dearer on small virtual machines. It
     * costs a multi-threaded tracee its parallelism: all its threads then share that CPU. It also turns
     * {@linkplain #pollBeforeBlocking(Duration) polling} off, which would only take that CPU from the tracees.
     *
     * @param cpu the CPU number, 0 to 63
     * @throws IllegalArgumentException for a CPU outside 0..63
     * @throws PtraceException if the kernel refuses (no such CPU, or a cpuset that excludes it)
     */
    void pinToCpu(int cpu);

    /**
     * Sets how long the tracer thread may poll for the next stop before it blocks. A tracee resumed at a syscall
     * usually stops again within microseconds; a tracer thread that blocked meanwhile must then be woken on an
     * idle CPU, which can cost more than the stop itself (on a 2-vCPU virtual machine, about three times the
     * time per traced syscall). Polling spends CPU time of the tracer thread instead: at most {@code limit} per
     * wait, none while the tracees keep blocking for longer than that, and none while measuring shows that
     * blocking is faster (when the scheduler keeps tracer and tracees on one CPU). The default is 50
     * microseconds when the JVM may use more than one CPU, and zero (always block) on one CPU or after
     * {@link #pinToCpu(int)}.
     *
     * @param limit the longest poll before each blocking wait; {@link Duration#ZERO} turns polling off
     * @throws IllegalArgumentException if {@code limit} is negative or longer than one second
     */
    void pollBeforeBlocking(Duration limit);

    /**
     * Whether the tracer thread asks the kernel for CPU times with each wait status ({@code wait4(2)} with a
     * {@code struct rusage}), so that {@link Tracee#systemCpuMicros()} is known at each stop reported from now on.
     * Off by default: it costs the kernel a {@code getrusage} of the tracee's process per stop.
     *
     * @param on true to record them
     */
    void recordCpuTimes(boolean on);

    /** {@return the architecture of the tracees (that of the running JVM)} */
    Arch arch();

    /** {@return the name of the native backend in use, for example {@code "jna"}} */
    String backend();

    /** Detaches or kills every tracee (see the class description) and ends the tracer thread. Idempotent. */
    @Override
    void close();
}
