package dev.ptrace;

import java.util.Optional;

/**
 * A Linux signal number as the kernel numbers it (x86_64 and aarch64 share the numbering).
 *
 * <p>Real-time signals run from {@link #SIGRTMIN} (32) to {@link #SIGRTMAX} (64); their names follow strace:
 * {@code SIGRTMIN}, {@code SIGRT_1} ... {@code SIGRT_32}. Note that glibc reserves the first two real-time signals
 * and reports its own SIGRTMIN as 34; a tracer sees the kernel's numbers. {@link #NONE} (0) stands for "no
 * signal" when resuming a tracee.
 *
 * @param number the signal number, 0 to 64
 */
public record Signal(int number) {
    /** No signal: resume without delivering one. */
    public static final Signal NONE = new Signal(0);
    /** Hangup: the controlling terminal or process went away (1). */
    public static final Signal SIGHUP = new Signal(1);
    /** Interrupt from the keyboard, Ctrl-C (2). */
    public static final Signal SIGINT = new Signal(2);
    /** Quit from the keyboard, Ctrl-\\; dumps core (3). */
    public static final Signal SIGQUIT = new Signal(3);
    /** Illegal instruction (4). */
    public static final Signal SIGILL = new Signal(4);
    /** Trace or breakpoint trap; also what ptrace reports at exec and syscall stops (5). */
    public static final Signal SIGTRAP = new Signal(5);
    /** Abort, from abort(3) (6); {@code SIGIOT} is the same number. */
    public static final Signal SIGABRT = new Signal(6);
    /** Bus error: bad memory access, e.g. past the end of a mapped file (7). */
    public static final Signal SIGBUS = new Signal(7);
    /** Arithmetic error, e.g. integer division by zero (8). */
    public static final Signal SIGFPE = new Signal(8);
    /** Kill; cannot be caught, blocked or ignored (9). */
    public static final Signal SIGKILL = new Signal(9);
    /** User-defined signal 1 (10). */
    public static final Signal SIGUSR1 = new Signal(10);
    /** Invalid memory reference (11). */
    public static final Signal SIGSEGV = new Signal(11);
    /** User-defined signal 2 (12). */
    public static final Signal SIGUSR2 = new Signal(12);
    /** Write to a pipe or socket nobody reads (13). */
    public static final Signal SIGPIPE = new Signal(13);
    /** Timer signal from alarm(2) (14). */
    public static final Signal SIGALRM = new Signal(14);
    /** Termination request, the default of kill(1) (15). */
    public static final Signal SIGTERM = new Signal(15);
    /** Stack fault on a coprocessor, unused (16). */
    public static final Signal SIGSTKFLT = new Signal(16);
    /** A child stopped, continued or ended (17). */
    public static final Signal SIGCHLD = new Signal(17);
    /** Continue if stopped (18). */
    public static final Signal SIGCONT = new Signal(18);
    /** Stop; cannot be caught, blocked or ignored (19). */
    public static final Signal SIGSTOP = new Signal(19);
    /** Stop typed at the terminal, Ctrl-Z (20). */
    public static final Signal SIGTSTP = new Signal(20);
    /** Terminal input for a background process (21). */
    public static final Signal SIGTTIN = new Signal(21);
    /** Terminal output for a background process (22). */
    public static final Signal SIGTTOU = new Signal(22);
    /** Urgent condition on a socket (23). */
    public static final Signal SIGURG = new Signal(23);
    /** CPU time limit exceeded (24). */
    public static final Signal SIGXCPU = new Signal(24);
    /** File size limit exceeded (25). */
    public static final Signal SIGXFSZ = new Signal(25);
    /** Virtual alarm clock (26). */
    public static final Signal SIGVTALRM = new Signal(26);
    /** Profiling timer expired (27). */
    public static final Signal SIGPROF = new Signal(27);
    /** Window resize (28). */
    public static final Signal SIGWINCH = new Signal(28);
    /** I/O now possible (29); {@code SIGPOLL} is the same number. */
    public static final Signal SIGIO = new Signal(29);
    /** Power failure (30). */
    public static final Signal SIGPWR = new Signal(30);
    /** Bad system call; also what a seccomp filter's {@code SECCOMP_RET_TRAP} sends (31). */
    public static final Signal SIGSYS = new Signal(31);
    /** The first real-time signal as the kernel numbers it (32). */
    public static final Signal SIGRTMIN = new Signal(32);
    /** The last real-time signal (64). */
    public static final Signal SIGRTMAX = new Signal(64);

    private static final String[] NAMES = {
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"
    };

    /**
     * Checks the number.
     *
     * @param number the signal number, 0 to 64
     * @throws IllegalArgumentException if the number is outside 0..64
     */
    public Signal {
        if (number < 0 || number > 64) {
            throw new IllegalArgumentException("signal number must be 0..64, was " + number);
        }
    }

    /**
     * {@return the signal with this number}
     *
     * @param number the signal number, 0 to 64
     * @throws IllegalArgumentException if the number is outside 0..64
     */
    public static Signal of(int number) {
        return new Signal(number);
    }

    /**
     * {@return the signal with this name, if there is one}
     *
     * @param name a name as strace prints it, with or without {@code SIG}: "SIGUSR1", "USR1", "SIGRT_3",
     *     "SIGRTMIN"; the aliases SIGRTMAX, SIGIOT and SIGPOLL are known too
     */
    public static Optional<Signal> byName(String name) {
        String n = name.startsWith("SIG") ? name : "SIG" + name;
        for (int i = 1; i <= 64; i++) {
            if (nameOf(i).equals(n)) {
                return Optional.of(new Signal(i));
            }
        }
        if (n.equals("SIGRTMAX")) {
            return Optional.of(SIGRTMAX);
        }
        if (n.equals("SIGIOT")) {
            return Optional.of(SIGABRT);
        }
        if (n.equals("SIGPOLL")) {
            return Optional.of(SIGIO);
        }
        return Optional.empty();
    }

    /** {@return the name strace prints: {@code SIGUSR1}, {@code SIGRTMIN}, {@code SIGRT_5}; "0" for {@link #NONE}} */
    public String name() {
        return nameOf(number);
    }

    /** {@return whether this is one of the signals that stop a process (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU)} */
    public boolean isStopSignal() {
        return number == 19 || number == 20 || number == 21 || number == 22;
    }

    private static String nameOf(int number) {
        if (number < NAMES.length) {
            return NAMES[number];
        }
        return number == 32 ? "SIGRTMIN" : "SIGRT_" + (number - 32);
    }

    @Override
    public String toString() {
        return name();
    }
}
