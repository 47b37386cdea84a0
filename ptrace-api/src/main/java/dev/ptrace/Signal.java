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
    public static final Signal SIGHUP = new Signal(1);
    public static final Signal SIGINT = new Signal(2);
    public static final Signal SIGQUIT = new Signal(3);
    public static final Signal SIGILL = new Signal(4);
    public static final Signal SIGTRAP = new Signal(5);
    public static final Signal SIGABRT = new Signal(6);
    public static final Signal SIGBUS = new Signal(7);
    public static final Signal SIGFPE = new Signal(8);
    public static final Signal SIGKILL = new Signal(9);
    public static final Signal SIGUSR1 = new Signal(10);
    public static final Signal SIGSEGV = new Signal(11);
    public static final Signal SIGUSR2 = new Signal(12);
    public static final Signal SIGPIPE = new Signal(13);
    public static final Signal SIGALRM = new Signal(14);
    public static final Signal SIGTERM = new Signal(15);
    public static final Signal SIGSTKFLT = new Signal(16);
    public static final Signal SIGCHLD = new Signal(17);
    public static final Signal SIGCONT = new Signal(18);
    public static final Signal SIGSTOP = new Signal(19);
    public static final Signal SIGTSTP = new Signal(20);
    public static final Signal SIGTTIN = new Signal(21);
    public static final Signal SIGTTOU = new Signal(22);
    public static final Signal SIGURG = new Signal(23);
    public static final Signal SIGXCPU = new Signal(24);
    public static final Signal SIGXFSZ = new Signal(25);
    public static final Signal SIGVTALRM = new Signal(26);
    public static final Signal SIGPROF = new Signal(27);
    public static final Signal SIGWINCH = new Signal(28);
    public static final Signal SIGIO = new Signal(29);
    public static final Signal SIGPWR = new Signal(30);
    public static final Signal SIGSYS = new Signal(31);
    public static final Signal SIGRTMIN = new Signal(32);
    public static final Signal SIGRTMAX = new Signal(64);

    private static final String[] NAMES = {
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"
    };

    /**
     * @throws IllegalArgumentException if the number is outside 0..64
     */
    public Signal {
        if (number < 0 || number > 64) {
            throw new IllegalArgumentException("signal number must be 0..64, was " + number);
        }
    }

    /** {@return the signal with this number} */
    public static Signal of(int number) {
        return new Signal(number);
    }

    /** {@return the signal with this name ("SIGUSR1", "USR1", "SIGRT_3", "SIGRTMIN"), if there is one} */
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
