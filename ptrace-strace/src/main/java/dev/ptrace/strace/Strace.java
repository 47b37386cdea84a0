package dev.ptrace.strace;

import dev.ptrace.Ptrace;
import dev.ptrace.PtraceOption;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Tracee;
import dev.ptrace.Tracer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traces a command or running processes and hands every decoded event to a handler, as strace does.
 *
 * <p>The handler runs on the tracer thread, with the tracee stopped. If it throws, tracing stops: spawned
 * tracees are killed, attached ones detached, nothing is left stopped, and the exception reaches the caller.
 */
public final class Strace {
    private Strace() {
    }

    /**
     * The numbers of the syscalls a filter selects; never empty (execve stands for "none", the engine traces it
     * anyway), since an empty set means "all" to the engine.
     */
    static Set<Integer> tracedNumbers(dev.ptrace.Arch arch, SyscallFilter filter) {
        Set<Integer> numbers = new java.util.HashSet<>();
        for (dev.ptrace.syscalls.Syscall s : dev.ptrace.syscalls.SyscallTable.of(arch).all()) {
            if (filter.test(s.name())) {
                numbers.add(s.number());
            }
        }
        if (numbers.isEmpty()) {
            dev.ptrace.syscalls.SyscallTable.of(arch).byName("execve").ifPresent(s -> numbers.add(s.number()));
        }
        return numbers;
    }

    /**
     * Runs a command under trace until it and (with {@link StraceOptions#followChildren()}) all its descendants
     * are gone.
     *
     * @param command the program and its arguments
     * @param options what to trace and how to decode it
     * @param handler receives every event, on the tracer thread
     * @return the command's exit status, or 128 + the signal number if it was killed
     * @throws dev.ptrace.PtraceException if tracing fails
     * @throws IllegalArgumentException if the command cannot be started
     */
    public static int trace(List<String> command, StraceOptions options, Consumer<StraceEvent> handler) {
        return trace(command, options, handler, new TraceControl());
    }

    /**
     * {@link #trace(List, StraceOptions, Consumer)} that another thread can end at once through {@code control},
     * which says what becomes of the processes (killed, or detached as strace does on a fatal signal).
     *
     * @param command the program and its arguments, encoded with the platform charset
     *     ({@link dev.ptrace.ExecStrings#platformCharset()})
     * @param options what to trace and how to decode it
     * @param handler receives every event, on the tracer thread
     * @param control lets another thread (a shutdown hook, for example) end the trace
     * @return the command's exit status, or 128 + the signal number if it was killed
     */
    public static int trace(List<String> command, StraceOptions options, Consumer<StraceEvent> handler,
                            TraceControl control) {
        return traceBytes(dev.ptrace.ExecStrings.encode(command), options, handler, control);
    }

    /**
     * {@link #trace(List, StraceOptions, Consumer, TraceControl)} with the command's {@code argv} as bytes, which
     * the program receives unchanged. As under strace, the program keeps the signals the JVM ignores ignored
     * ({@link SpawnOptions#keepIgnoredSignals()}) and starts with {@link StraceOptions#blockedSignals()} blocked.
     *
     * @param argv the program and its arguments; none may contain NUL
     * @param options what to trace and how to decode it
     * @param handler receives every event, on the tracer thread
     * @param control lets another thread (a shutdown hook, for example) end the trace
     * @return the command's exit status, or 128 + the signal number if it was killed
     * @throws dev.ptrace.PtraceException if tracing fails
     * @throws IllegalArgumentException if the command cannot be started
     */
    public static int traceBytes(List<byte[]> argv, StraceOptions options, Consumer<StraceEvent> handler,
                                 TraceControl control) {
        try (Tracer tracer = Ptrace.open()) {
            return tracer.execute(() -> {
                options.cpu().ifPresent(tracer::pinToCpu);
                tracer.recordCpuTimes(options.systemCpuTimes());
                Tracee t = tracer.spawnBytes(argv, spawnOptions(tracer, options));
                TraceSession session = new TraceSession(tracer, options, handler, control, false);
                session.track(t.pid());
                return session.run(t.pid());
            });
        }
    }

    /**
     * Attaches to a running process (thread) and traces it until it ends; with
     * {@link StraceOptions#followChildren()}, also its new children.
     *
     * @param pid the process (thread) to attach to
     * @param options what to trace and how to decode it
     * @param handler receives every event, on the tracer thread
     * @return the exit status of the process, or 128 + signal, or 0 if it was detached
     */
    public static int attach(int pid, StraceOptions options, Consumer<StraceEvent> handler) {
        return attach(List.of(pid), options, handler, new TraceControl());
    }

    /**
     * Attaches to several processes ({@code strace -p A -p B}) and traces them until they end or {@code control}
     * asks to stop, in which case each is detached and keeps running.
     *
     * @param pids the processes to attach to
     * @param options what to trace and how to decode it
     * @param handler receives every event, on the tracer thread
     * @param control lets another thread (a shutdown hook, for example) end the trace
     * @return the exit status of the first process, or 0 if it was detached
     */
    public static int attach(List<Integer> pids, StraceOptions options, Consumer<StraceEvent> handler,
                             TraceControl control) {
        return attach(pids, options, handler, control, pid -> { });
    }

    /**
     * Like {@link #attach(List, StraceOptions, Consumer, TraceControl)}, telling {@code onAttached} of each
     * process once the attach has succeeded (strace's "Process N attached" comes only then), on the tracer
     * thread and before any of its events.
     *
     * @param pids the processes to attach to
     * @param options what to trace and how to decode it
     * @param handler receives every event, on the tracer thread
     * @param control lets another thread (a shutdown hook, for example) end the trace
     * @param onAttached called with each pid of {@code pids} right after it is attached
     * @return the exit status of the first process, or 0 if it was detached
     */
    public static int attach(List<Integer> pids, StraceOptions options, Consumer<StraceEvent> handler,
                             TraceControl control, java.util.function.IntConsumer onAttached) {
        try (Tracer tracer = Ptrace.open()) {
            return tracer.execute(() -> {
                TraceSession session = new TraceSession(tracer, options, handler, control, true);
                options.cpu().ifPresent(tracer::pinToCpu);
                tracer.recordCpuTimes(options.systemCpuTimes());
                attachAll(tracer, session, pids, options, onAttached, null);
                return session.run(pids.get(0));
            });
        }
    }

    /**
     * Runs a command under trace and attaches to running processes too, in one trace ({@code strace -p PID PROG}),
     * until the command, the processes and (with {@link StraceOptions#followChildren()}) their descendants are
     * gone or {@code control} ends the trace.
     *
     * @param argv the program and its arguments; none may contain NUL
     * @param pids the processes to attach to
     * @param options what to trace and how to decode it
     * @param handler receives every event, on the tracer thread
     * @param control lets another thread end the trace
     * @param onAttached called with each pid of {@code pids} right after it is attached
     * @param onAttachFailed called with each pid that could not be attached and why; the trace goes on without
     *     it, as strace's does when it has a command to run
     * @return the command's exit status, or 128 + the signal number if it was killed
     * @throws dev.ptrace.PtraceException if tracing fails
     * @throws IllegalArgumentException if the command cannot be started
     */
    public static int traceBytesAndAttach(List<byte[]> argv, List<Integer> pids, StraceOptions options,
                                          Consumer<StraceEvent> handler, TraceControl control,
                                          java.util.function.IntConsumer onAttached,
                                          java.util.function.BiConsumer<Integer, dev.ptrace.PtraceException>
                                                  onAttachFailed) {
        try (Tracer tracer = Ptrace.open()) {
            return tracer.execute(() -> {
                TraceSession session = new TraceSession(tracer, options, handler, control, false);
                options.cpu().ifPresent(tracer::pinToCpu);
                tracer.recordCpuTimes(options.systemCpuTimes());
                attachAll(tracer, session, pids, options, onAttached, onAttachFailed);
                Tracee t = tracer.spawnBytes(argv, spawnOptions(tracer, options));
                session.track(t.pid());
                return session.run(t.pid());
            });
        }
    }

    /** How a command is started: as strace starts it, with what {@code options} say of its process. */
    private static SpawnOptions spawnOptions(Tracer tracer, StraceOptions options) {
        SpawnOptions spawn = SpawnOptions.defaults().withPtraceOptions(ptraceOptions(options))
                .withIgnoredSignalsKept(true).withBlockedSignals(options.blockedSignals())
                .withInheritedDescriptors(options.inheritedDescriptors());
        if (options.environment().isPresent()) {
            spawn = spawn.withEnvironmentEntries(options.environment().get());
        }
        if (options.directory().isPresent()) {
            spawn = spawn.withDirectory(options.directory().get());
        }
        if (options.user().isPresent()) {
            spawn = spawn.withCredentials(options.user().get());
        }
        // not with tampering: a signal it resumes an entry stop with is lost at a seccomp stop
        if (options.seccompBpf() && options.followChildren() && !options.syscallFilter().isAll()
                && options.injections().isEmpty()) {
            spawn = spawn.withTracedSyscalls(tracedNumbers(tracer.arch(), options.syscallFilter()));
        }
        return spawn;
    }

    /**
     * Attaches to each process (with -f, each of its threads too) and lets it run. A failed attach is passed to
     * {@code onFailed}, or thrown when that is null.
     */
    private static void attachAll(Tracer tracer, TraceSession session, List<Integer> pids, StraceOptions options,
                                  java.util.function.IntConsumer onAttached,
                                  java.util.function.BiConsumer<Integer, dev.ptrace.PtraceException> onFailed) {
        List<Tracee> attached = new ArrayList<>();
        for (int pid : pids) {
            Tracee t;
            try {
                t = tracer.attach(pid, ptraceOptions(options));
            } catch (dev.ptrace.PtraceException e) {
                if (onFailed == null) {
                    throw e;
                }
                onFailed.accept(pid, e);
                continue;
            }
            attached.add(t);
            onAttached.accept(pid);
            session.track(pid);
            if (options.followChildren()) {
                for (int tid : threadsOf(pid)) {
                    if (tid != pid && tracer.tracee(tid).isEmpty()) {
                        try {
                            attached.add(tracer.attach(tid, ptraceOptions(options)));
                            session.track(tid);
                        } catch (RuntimeException gone) {
                            // the thread ended meanwhile
                        }
                    }
                }
            }
        }
        for (Tracee t : attached) {
            session.resumeAttached(t);
        }
    }

    private static List<Integer> threadsOf(int pid) {
        List<Integer> tids = new ArrayList<>();
        java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
        if (tasks != null) {
            for (java.io.File f : tasks) {
                try {
                    tids.add(Integer.parseInt(f.getName()));
                } catch (NumberFormatException e) {
                    // not a thread directory
                }
            }
        }
        return tids;
    }

    static Set<PtraceOption> ptraceOptions(StraceOptions options) {
        EnumSet<PtraceOption> set = EnumSet.of(PtraceOption.TRACESYSGOOD, PtraceOption.TRACEEXEC);
        if (options.followChildren()) {
            set.addAll(PtraceOption.followChildren());
        }
        if (options.yieldSeccomp()) {
            set.add(PtraceOption.TRACESECCOMP);
        }
        return set;
    }
}
