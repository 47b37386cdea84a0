package dev.ptrace.core;

import dev.ptrace.ExecStrings;
import dev.ptrace.PtraceException;
import dev.ptrace.PtraceOption;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeState;
import dev.ptrace.WaitStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How tracing of a process begins, on the tracer thread: a spawned program is seized in the {@link Spawner}'s stub
 * and run, hidden, to the entry of its execve (the first stop the user sees); an existing one is seized, and for
 * attach interrupted and waited for.
 */
final class Starter {
    private final Kernel kernel;
    private final Spawner spawner;
    private final TraceeTable table;
    private final StopDecoder decoder;

    Starter(Kernel kernel, Spawner spawner, TraceeTable table, StopDecoder decoder) {
        this.kernel = kernel;
        this.spawner = spawner;
        this.table = table;
        this.decoder = decoder;
    }

    /** Spawns a program and stops it at the entry of its execve, the stop it is delivered with. */
    TraceeHandle spawn(List<byte[]> command, SpawnOptions options) {
        boolean filter = !options.tracedSyscalls().isEmpty()
                && SeccompAccelerator.kernelSupported(System.getProperty("os.version", ""));
        boolean killOnExit = options.killOnExit() || filter;
        int bits = TraceeHandle.ALWAYS_ON | PtraceOption.toBits(options.ptraceOptions())
                | (killOnExit ? PtraceOption.EXITKILL.bit() : 0) | (filter ? PtraceOption.TRACESECCOMP.bit() : 0);
        Spawner.Started s = spawner.start(command, options);
        String shown = ExecStrings.printable(command.get(0));
        int pid = s.pid();
        TraceeHandle t = table.create(pid, true, bits, killOnExit);
        t.setPipes(s.stdin(), s.stdout(), s.stderr());
        try {
            kernel.ptrace(Linux.PTRACE_SEIZE, pid, 0, bits);
            kernel.ptrace(Linux.PTRACE_INTERRUPT, pid, 0, 0);
            WaitStatus first = kernel.waitForPid(pid);
            if (!first.stopped()) {
                throw new PtraceException("spawn " + shown + ": the process ended before it could be traced ("
                        + first + ")", null);
            }
            spawner.release(s.controlWriteFd());
            // Run the stub, hidden, up to the entry of its execve: the first stop the user sees.
            kernel.resume(pid, Linux.PTRACE_SYSCALL, 0);
            int execve = Linux.execveNumber(kernel.arch());
            while (true) {
                WaitStatus ws = kernel.waitForPid(pid);
                if (!ws.stopped()) {
                    throw new PtraceException("spawn " + shown + ": the process ended before its execve ("
                            + ws + ")" + credentialsFailure(options, ws), null);
                }
                int resumeSignal = 0;
                if (ws.stopSignal() == Linux.SYSCALL_TRAP) {
                    Stop st = decoder.syscallStop(t);
                    if (st instanceof Stop.SyscallEntry e && e.number() == execve) {
                        t.stopped(st);
                        if (filter) {
                            installFilter(t, options.tracedSyscalls());
                        }
                        table.put(t);
                        table.deliver(t, st);
                        return t;
                    }
                } else if (ws.event() == 0) {
                    resumeSignal = ws.stopSignal(); // a signal sent to the stub: pass it on
                }
                kernel.resume(pid, Linux.PTRACE_SYSCALL, resumeSignal);
            }
        } catch (RuntimeException e) {
            // translated while the process still exists, so that the diagnosis can read its /proc entry
            RuntimeException failure = e instanceof NativeCallException n ? Kernel.fail(n, pid) : e;
            killAndReap(pid);
            spawner.discard(s);
            // the caller never got this tracee: nothing of it may reach the wait calls
            t.gone(TraceeState.EXITED);
            table.stops().discardAll(t);
            throw failure;
        }
    }

    private void installFilter(TraceeHandle t, Set<Integer> traced) {
        long r = SeccompAccelerator.install(t, kernel.arch(), traced);
        if (r == 0) {
            t.filtered();
        } else {
            System.getLogger(Starter.class.getName()).log(System.Logger.Level.DEBUG,
                    "seccomp filter not installed (errno " + -r + "); tracing every syscall");
        }
    }

    private void killAndReap(int pid) {
        try {
            kernel.calls().kill(pid, Linux.SIGKILL);
            kernel.waitForPid(pid);
        } catch (NativeCallException e) {
            // already reaped
        }
    }

    /** Seizes a running process and waits for the stop its interrupt causes, which attach returns consumed. */
    TraceeHandle attach(int pid, Set<PtraceOption> options) {
        TraceeHandle t = seize(pid, options);
        try {
            kernel.ptrace(Linux.PTRACE_INTERRUPT, pid, 0, 0);
            while (true) {
                WaitStatus ws = kernel.waitForPid(pid);
                Stop s = decoder.decode(t, ws.raw());
                if (s == null) {
                    continue;
                }
                if (s.isTerminal()) {
                    table.remove(t);
                    t.gone(TraceeState.EXITED);
                    throw new TraceeGoneException("attach", pid, Linux.ESRCH, "the process exited while being"
                            + " attached (" + ws + ")", null);
                }
                t.stopped(s); // consumed: attach returns a stopped tracee
                return t;
            }
        } catch (NativeCallException e) {
            table.remove(t);
            throw Kernel.fail(e, pid);
        } catch (PtraceException e) {
            table.remove(t);
            throw e;
        }
    }

    /** PTRACE_SEIZE of a running process, which stays running. */
    TraceeHandle seize(int pid, Set<PtraceOption> options) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, was " + pid);
        }
        if (isOwnThread(pid)) {
            throw new IllegalArgumentException("refusing to trace pid " + pid + ": it is this JVM or one of its"
                    + " threads, which would deadlock the tracer");
        }
        if (table.contains(pid)) {
            throw new IllegalStateException("pid " + pid + " is already traced by this tracer");
        }
        int bits = TraceeHandle.ALWAYS_ON | PtraceOption.toBits(options);
        kernel.ptrace(Linux.PTRACE_SEIZE, pid, 0, bits);
        TraceeHandle t = table.create(pid, false, bits, (bits & PtraceOption.EXITKILL.bit()) != 0);
        table.put(t);
        return t;
    }

    /**
     * Whether {@code pid} is one of this JVM's own threads: tracing one would stop the tracer itself or the threads
     * it depends on. An ancestor may be traced (strace allows it): the tracer thread does not wait for it.
     */
    private static boolean isOwnThread(int pid) {
        return Files.exists(Path.of("/proc/self/task/" + pid));
    }

    /** Why a stub that was to take on other credentials ended: it exits with the errno of the call that failed. */
    private static String credentialsFailure(SpawnOptions options, WaitStatus ws) {
        if (options.credentials().isEmpty() || !ws.exited() || ws.exitStatus() == 127) {
            return "";
        }
        return ": setting its user " + options.credentials().get() + " failed with "
                + dev.ptrace.Errno.of(ws.exitStatus()).map(Enum::name).orElse("errno " + ws.exitStatus());
    }
}
