package dev.ptrace;

import java.util.Optional;

/**
 * Why a tracee stopped, or how it ended: what one wait status of a tracee means, decoded once by the engine.
 *
 * <p>Syscall entry and exit are told apart by the kernel ({@code PTRACE_GET_SYSCALL_INFO}, Linux 5.3+, with a
 * register-based fallback before that), never by toggling a flag.
 */
public sealed interface Stop {

    /** {@return the tracee this stop belongs to} */
    Tracee tracee();

    /** {@return whether the tracee is gone after this (it exited or was killed)} */
    default boolean isTerminal() {
        return false;
    }

    /**
     * Syscall-entry stop: the tracee is about to run a syscall.
     *
     * @param number the syscall number
     * @param args the six argument registers
     */
    record SyscallEntry(Tracee tracee, Arch arch, int number, SyscallArgs args, long instructionPointer,
                        long stackPointer) implements Stop {
        /**
         * {@return argument {@code i}}
         *
         * @param i the argument's position, 0 to 5
         */
        public long arg(int i) {
            return args.get(i);
        }
    }

    /**
     * Syscall-exit stop: the syscall has run.
     *
     * @param number the syscall number seen at its entry, or -1 if the entry was not seen
     * @param returnValue the raw return value (a negated errno when {@code isError})
     * @param isError whether the return value is an error ({@code -4095..-1})
     */
    record SyscallExit(Tracee tracee, Arch arch, int number, long returnValue, boolean isError) implements Stop {
        /** {@return the errno number when this is an error, else 0} */
        public int errnoNumber() {
            return isError ? (int) -returnValue : 0;
        }

        /** {@return the errno when this is an error with a known name} */
        public Optional<Errno> errno() {
            return isError ? Errno.of((int) -returnValue) : Optional.empty();
        }
    }

    /**
     * Signal-delivery stop: a signal is about to be delivered. Resuming without a signal argument delivers it.
     */
    record SignalDelivery(Tracee tracee, Signal signal, SignalInfo info) implements Stop {
    }

    /** Group-stop: the process was stopped by a stop signal. Resuming without a signal argument uses LISTEN. */
    record GroupStop(Tracee tracee, Signal signal) implements Stop {
    }

    /**
     * A ptrace event stop: fork, vfork, clone, exec, vfork-done, exit, seccomp, or an interrupt/new-tracee stop
     * ({@link PtraceEvent#STOP}).
     *
     * @param message {@code PTRACE_GETEVENTMSG}: new child pid (FORK, VFORK, CLONE, VFORK_DONE), former thread id
     *     (EXEC), pending wait status (EXIT), {@code SECCOMP_RET_DATA} (SECCOMP), 0 otherwise
     */
    record EventStop(Tracee tracee, PtraceEvent event, long message) implements Stop {
    }

    /** The tracee exited; {@code status} is its exit code (0..255). */
    record Exited(Tracee tracee, int status) implements Stop {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** The tracee was killed by a signal. */
    record Killed(Tracee tracee, Signal signal, boolean coreDumped) implements Stop {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }
}
