package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.RegisterSet;
import dev.ptrace.Stop;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.WaitStatus;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Runs one syscall inside a stopped tracee and puts it back where it was (see
 * {@link dev.ptrace.Tracee#injectSyscall(int, long...)}). Runs on the tracer thread; the stops it causes are
 * consumed here and never reach the user.
 *
 * <p>The tracee needs a syscall instruction to execute. At a syscall stop the one it just executed sits right
 * before the program counter; elsewhere one is written over the current instruction and restored afterwards.
 * At a syscall-entry stop the pending syscall itself is turned into ours, and afterwards the original one is
 * re-armed by running the instruction again up to its entry stop.
 */
final class SyscallInjector {
    /** x86_64 {@code syscall}. */
    private static final byte[] X86_64_SYSCALL = {0x0f, 0x05};
    /** aarch64 {@code svc #0}. */
    private static final byte[] AARCH64_SVC = {0x01, 0x00, 0x00, (byte) 0xd4};
    private static final int RED_ZONE = 128;
    private static final int MAX_SCRATCH = 65536;
    private static final int ERESTARTSYS = Linux.ERESTARTSYS;
    private static final int ERESTARTNOINTR = Linux.ERESTARTNOINTR;
    private static final int ERESTARTNOHAND = Linux.ERESTARTNOHAND;
    private static final int ERESTART_RESTARTBLOCK = Linux.ERESTART_RESTARTBLOCK;

    private final Kernel kernel;
    private final Arch arch;
    /** Told of a tracee that ended during an injected syscall, with its wait status (to report its end). */
    private final BiConsumer<TraceeHandle, WaitStatus> ended;

    SyscallInjector(Kernel kernel, BiConsumer<TraceeHandle, WaitStatus> ended) {
        this.kernel = kernel;
        this.arch = kernel.arch();
        this.ended = ended;
    }

    static long scratchAddress(dev.ptrace.Registers regs, int size) {
        if (size < 0 || size > MAX_SCRATCH) {
            throw new IllegalArgumentException("scratch size must be 0.." + MAX_SCRATCH + ", was " + size);
        }
        return (regs.stackPointer() - RED_ZONE - size) & ~15L;
    }

    long inject(TraceeHandle t, int number, long[] args) {
        if (args.length > 6) {
            throw new IllegalArgumentException("a syscall takes at most 6 arguments, got " + args.length);
        }
        Stop current = t.stop();
        if (current == null) {
            throw new IllegalStateException("tracee " + t.pid() + " is not stopped");
        }
        if (current instanceof Stop.SignalDelivery || current instanceof Stop.GroupStop) {
            throw new IllegalStateException("cannot inject a syscall at a " + current.getClass().getSimpleName()
                    + " of tracee " + t.pid() + ": resuming would consume the signal; inject at a syscall or"
                    + " event stop");
        }
        if (current instanceof Stop.EventStop e && e.event() != dev.ptrace.PtraceEvent.STOP) {
            throw new IllegalStateException("cannot inject a syscall at the " + e.event() + " event stop of tracee "
                    + t.pid() + ": it is inside a syscall that must finish first; resume it to that syscall's"
                    + " exit stop and inject there");
        }
        int pid = t.pid();
        byte[] insn = arch == Arch.X86_64 ? X86_64_SYSCALL : AARCH64_SVC;
        RegisterSet saved = kernel.readRegisters(pid);
        boolean atEntry = current instanceof Stop.SyscallEntry;
        boolean atExit = current instanceof Stop.SyscallExit;
        long insnAddress = saved.programCounter() - insn.length;
        byte[] patchedOver = null;
        if (!(atEntry || atExit) || !Arrays.equals(readBytes(t, insnAddress, insn.length), insn)) {
            if (!atEntry && !atExit) {
                requireRestorable(saved);
            }
            if (atEntry) {
                throw new IllegalStateException("the syscall instruction before the program counter of tracee " + pid
                        + " is not a native one (32-bit call?); cannot inject here");
            }
            insnAddress = saved.programCounter();
            patchedOver = readBytes(t, insnAddress, insn.length);
            t.memory().write(insnAddress, insn);
        }
        java.util.Set<Integer> pendingSignals = new java.util.LinkedHashSet<>();
        int savedNumber = t.syscallNumber();
        boolean savedInSyscall = t.inSyscall();
        try {
            RegisterSet call = withArgs(saved, args);
            long result;
            if (atEntry) {
                // Our syscall replaces the pending one; then the original is run again up to its entry stop.
                kernel.writeRegisters(pid, call.withSyscallNumber(number), true);
                result = runTo(t, false, pendingSignals).returnValue();
                RegisterSet rearm = saved.withProgramCounter(insnAddress);
                if (arch == Arch.X86_64) {
                    rearm = rearm.with("rax", saved.syscallNumber());
                }
                kernel.writeRegisters(pid, rearm, false);
                RegisterSet back = runTo(t, true, pendingSignals);
                if (back.syscallNumber() != saved.syscallNumber()) {
                    throw new IllegalStateException("tracee " + pid + " did not return to its syscall after the"
                            + " injected one");
                }
                kernel.writeRegisters(pid, saved, true);
            } else {
                RegisterSet start = call.withProgramCounter(insnAddress);
                start = arch == Arch.X86_64 ? start.with("rax", number).with("orig_rax", -1)
                        : start.with("x8", number);
                kernel.writeRegisters(pid, start, false);
                runTo(t, true, pendingSignals);
                result = runTo(t, false, pendingSignals).returnValue();
                kernel.writeRegisters(pid, atExit ? saved : restartAware(saved), false);
            }
            return result;
        } finally {
            if (patchedOver != null) {
                t.memory().write(insnAddress, patchedOver);
            }
            t.restoreSyscall(savedNumber, savedInSyscall);
            for (int sig : pendingSignals) {
                // sent again, in the order they came (their original siginfo is lost)
                kernel.calls().tgkill(t.processId(), pid, sig);
            }
        }
    }

    /**
     * Resumes to the next syscall stop (the caller knows whether that is an entry or an exit: {@code entry}
     * documents which), holding back signals that arrive meanwhile; returns the registers there.
     */
    private RegisterSet runTo(TraceeHandle t, boolean entry, java.util.Set<Integer> pendingSignals) {
        int pid = t.pid();
        kernel.resume(pid, Linux.PTRACE_SYSCALL, 0);
        while (true) {
            WaitStatus ws = kernel.waitForPid(pid);
            if (!ws.stopped()) {
                ended.accept(t, ws);
                throw new TraceeGoneException("injectSyscall", pid, Linux.ESRCH, "the tracee ended during the"
                        + " injected syscall (" + ws + ")", null);
            }
            if (ws.stopSignal() == Linux.SYSCALL_TRAP && ws.event() == 0) {
                return kernel.readRegisters(pid);
            }
            int resume = 0;
            if (ws.event() == 0 && ws.stopSignal() != Linux.SIGTRAP) {
                pendingSignals.add(ws.stopSignal()); // delivered after we are done
            }
            kernel.resume(pid, Linux.PTRACE_SYSCALL, resume);
        }
    }

    private RegisterSet withArgs(RegisterSet regs, long[] args) {
        RegisterSet r = regs;
        for (int i = 0; i < args.length; i++) {
            r = r.withSyscallArg(i, args[i]);
        }
        return r;
    }

    /**
     * Registers to restore at a stop that interrupted a syscall (interrupt or event stop): the kernel would have
     * restarted the call when resuming from that stop, but we resume from a syscall-exit stop, where it does
     * not; so do what it would have done (x86_64 only; aarch64 keeps the needed state out of reach).
     */
    private RegisterSet restartAware(RegisterSet saved) {
        if (arch != Arch.X86_64 || saved.get("orig_rax") < 0) {
            return saved;
        }
        long err = -saved.returnValue();
        if (err == ERESTARTSYS || err == ERESTARTNOINTR || err == ERESTARTNOHAND) {
            return saved.with("rax", saved.get("orig_rax")).withProgramCounter(saved.programCounter() - 2);
        }
        if (err == ERESTART_RESTARTBLOCK) {
            return saved.with("rax", Linux.X86_64_RESTART_SYSCALL).withProgramCounter(saved.programCounter() - 2);
        }
        return saved;
    }

    private void requireRestorable(RegisterSet saved) {
        if (arch == Arch.AARCH64) {
            long err = -saved.returnValue();
            if (err >= ERESTARTSYS && err <= ERESTART_RESTARTBLOCK) {
                throw new IllegalStateException("cannot inject while an interrupted syscall awaits its restart on"
                        + " aarch64; inject at a syscall stop instead");
            }
        }
    }

    private static byte[] readBytes(TraceeHandle t, long address, int n) {
        byte[] b = new byte[n];
        int got = t.memory().readPartial(address, b, 0, n);
        return got == n ? b : new byte[0];
    }
}
