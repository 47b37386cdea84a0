package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.PtraceException;
import dev.ptrace.RegisterSet;
import dev.ptrace.Registers;
import dev.ptrace.SignalInfo;
import dev.ptrace.SyscallInfo;
import dev.ptrace.WaitStatus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The port through which core's helpers reach the kernel: the backend's {@link NativeCalls}, the tracer thread to
 * run requests on, and the requests that need more than one call or a struct buffer (registers, wait, resume,
 * event message, siginfo, syscall info). Failures leave as API exceptions naming the call and the pid, translated
 * here ({@link #fail}); callers that decide by errno use {@link #calls()} directly.
 *
 * <p>The struct buffers are reused: the methods that use them run on the tracer thread only.
 */
final class Kernel {
    private final NativeCalls calls;
    private final Arch arch;
    private final TracerExecutor tracer;
    private final int[] status = new int[1];
    private final ByteBuffer regs = direct(1024);
    private final ByteBuffer scno = direct(4);
    private final ByteBuffer sigInfo = direct(Linux.SIGINFO_SIZE);
    private final ByteBuffer syscallInfo = direct(Linux.SYSCALL_INFO_SIZE);
    private final ByteBuffer eventMsg = direct(8);

    Kernel(NativeCalls calls, Arch arch, TracerExecutor tracer) {
        this.calls = calls;
        this.arch = arch;
        this.tracer = tracer;
    }

    NativeCalls calls() {
        return calls;
    }

    Arch arch() {
        return arch;
    }

    /** Runs an action on the tracer thread (directly when already on it) and returns its result. */
    <T> T onTracer(Callable<T> action) {
        return tracer.onTracer(action);
    }

    boolean isTracerThread() {
        return tracer.isTracerThread();
    }

    /** The API exception for a failed call concerning {@code pid}: the one translation every request goes through. */
    static PtraceException fail(NativeCallException e, int pid) {
        return Errors.translate(e, pid);
    }

    /** {@code ptrace} with a number as data. */
    long ptrace(int request, int pid, long addr, long data) {
        try {
            return calls.ptrace(request, pid, addr, data);
        } catch (NativeCallException e) {
            throw fail(e, pid);
        }
    }

    /** {@code ptrace} with a struct buffer as data. */
    long ptrace(int request, int pid, long addr, ByteBuffer data) {
        try {
            return calls.ptrace(request, pid, addr, data);
        } catch (NativeCallException e) {
            throw fail(e, pid);
        }
    }

    /** {@code kill(pid, sig)}; {@code reportPid} names the tracee in the error. */
    void kill(int pid, int signal, int reportPid) {
        try {
            calls.kill(pid, signal);
        } catch (NativeCallException e) {
            throw fail(e, reportPid);
        }
    }

    /** Resumes a stopped tracee with this request and signal. Tracer thread. */
    void resume(int pid, int request, int signal) {
        ptrace(request, pid, 0, signal);
    }

    /** The next wait status of one child or tracee, retried on EINTR. Fails with the raw {@link NativeCallException}. */
    WaitStatus waitForPid(int pid) {
        while (true) {
            try {
                calls.waitpid(pid, status, Linux.WALL);
                return new WaitStatus(status[0]);
            } catch (NativeCallException e) {
                if (e.errno() != Linux.EINTR) {
                    throw e;
                }
            }
        }
    }

    /** The general registers. Tracer thread. */
    RegisterSet readRegisters(int pid) {
        int n;
        try {
            n = calls.getRegset(pid, Linux.NT_PRSTATUS, regs);
        } catch (NativeCallException e) {
            throw fail(e, pid);
        }
        if (n != arch.registerSetSize()) {
            throw new PtraceException("ptrace(PTRACE_GETREGSET)", pid, 0, "the register set has " + n
                    + " bytes, expected " + arch.registerSetSize() + " for " + arch
                    + " (32-bit tracees are not supported)", null);
        }
        long[] v = new long[arch.registerNames().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = regs.getLong(i * 8);
        }
        return new RegisterSet(arch, v);
    }

    /**
     * Writes the general registers; with {@code syscallNumber} also aarch64's syscall number register set
     * ({@code NT_ARM_SYSTEM_CALL}: writing x8 does not change the call). Tracer thread.
     */
    void writeRegisters(int pid, Registers r, boolean syscallNumber) {
        if (r.arch() != arch) {
            throw new IllegalArgumentException("registers of " + r.arch() + " cannot be written to a " + arch
                    + " tracee");
        }
        List<String> names = arch.registerNames();
        long[] values = r instanceof RegisterSet rs ? rs.values() : null;
        for (int i = 0; i < names.size(); i++) {
            regs.putLong(i * 8, values != null ? values[i] : r.get(names.get(i)));
        }
        try {
            calls.setRegset(pid, Linux.NT_PRSTATUS, regs, arch.registerSetSize());
            if (syscallNumber && arch == Arch.AARCH64) {
                scno.putInt(0, (int) r.syscallNumber());
                calls.setRegset(pid, Linux.NT_ARM_SYSTEM_CALL, scno, 4);
            }
        } catch (NativeCallException e) {
            throw fail(e, pid);
        }
    }

    /** {@code PTRACE_GETEVENTMSG}. Tracer thread. */
    long eventMessage(int pid) {
        ptrace(Linux.PTRACE_GETEVENTMSG, pid, 0, eventMsg);
        return eventMsg.getLong(0);
    }

    /** {@code PTRACE_GETSIGINFO}. Tracer thread. */
    SignalInfo signalInfo(int pid) {
        ptrace(Linux.PTRACE_GETSIGINFO, pid, 0, sigInfo);
        return Structs.signalInfo(sigInfo);
    }

    /** {@code PTRACE_GET_SYSCALL_INFO}. Tracer thread. */
    SyscallInfo syscallInfo(int pid) {
        ptrace(Linux.PTRACE_GET_SYSCALL_INFO, pid, Linux.SYSCALL_INFO_SIZE, syscallInfo);
        return Structs.syscallInfo(syscallInfo);
    }

    static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
}
