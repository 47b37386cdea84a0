package dev.ptrace.examples.jstrace;

import dev.ptrace.strace.TraceControl;
import java.util.List;
import java.util.Optional;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * strace's {@code -I}: what jstrace does with the signals strace calls fatal (SIGHUP, SIGINT, SIGQUIT, SIGPIPE,
 * SIGTERM) while it traces, and how it ends after obeying one: by that same signal, as strace does.
 *
 * <ul>
 *   <li>{@code 1}, anywhere: jstrace ends at once as if killed: every tracee, the command it started too, is
 *       detached and runs on untraced (what the kernel does when strace dies of the signal).</li>
 *   <li>{@code 2}, waiting (the default): as strace when the signal reaches it between two stops: the command it
 *       started gets SIGCONT and the signal, every tracee is detached, jstrace prints what is open and ends.</li>
 *   <li>{@code 3}, never (the default with {@code -o FILE PROG}): the signals do nothing while jstrace traces.</li>
 *   <li>{@code 4}, never_tstp: 3, and SIGTSTP (^Z) does not stop jstrace either.</li>
 * </ul>
 *
 * A signal that was ignored when jstrace started stays ignored (the JVM leaves it so). The traced program gets the
 * dispositions jstrace was started with: a caught signal is reset by its {@code execve}, and jstrace only catches.
 * Limits of the JVM: SIGQUIT is the JVM's (a thread dump), so jstrace cannot obey it; SIGPIPE sent by another
 * process is ignored (the JVM ignores it, so that a write to a closed pipe fails with EPIPE instead, which
 * {@link #brokenPipe} turns into what SIGPIPE does to strace), and its disposition at start cannot be seen.
 */
final class FatalSignals {
    /** The levels of {@code -I}, in strace's order. */
    enum Level { ANYWHERE, WAITING, NEVER, NEVER_TSTP }

    /** The fatal signals that come from outside; SIGPIPE is the JVM's to ignore, see {@link #brokenPipe}. */
    private static final List<String> FATAL = List.of("HUP", "INT", "QUIT", "TERM");

    private volatile dev.ptrace.Signal obeyed;
    private volatile boolean notices;

    /**
     * Parses {@code -I}'s argument as strace does: a number 1 to 4 (leading blanks and {@code +} allowed) or a
     * level's name in any case.
     *
     * @throws IllegalArgumentException with strace's message for anything else
     */
    static Level parse(String value) {
        for (Level l : Level.values()) {
            if (l.name().equalsIgnoreCase(value)) {
                return l;
            }
        }
        String digits = value.stripLeading();
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (!digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int n = Integer.parseInt(digits);
            if (n >= 1 && n <= 4) {
                return Level.values()[n - 1];
            }
        }
        throw new IllegalArgumentException("invalid -I argument: '" + value + "'");
    }

    /** {@return strace's default: never with {@code -o FILE PROG}, else waiting} */
    static Level defaultLevel(boolean outputOption, boolean startsCommand) {
        return outputOption && startsCommand ? Level.NEVER : Level.WAITING;
    }

    /**
     * Installs jstrace's handlers for the fatal signals (and SIGTSTP at {@link Level#NEVER_TSTP}) in this JVM, in
     * place of the JVM's own (which run shutdown hooks and exit).
     *
     * @param level what the signals do
     * @param control the trace they end
     */
    void install(Level level, TraceControl control) {
        long ignored = ignoredAtStart();
        for (String name : FATAL) {
            Signal s = new Signal(name);
            if ((ignored & (1L << (s.getNumber() - 1))) != 0) {
                continue;
            }
            dev.ptrace.Signal ours = dev.ptrace.Signal.of(s.getNumber());
            SignalHandler h = level == Level.ANYWHERE ? sig -> obey(ours, control::requestDetach, false)
                    : level == Level.WAITING ? sig -> obey(ours, () -> control.requestStop(ours), true)
                    : sig -> { };
            try {
                Signal.handle(s, h);
            } catch (IllegalArgumentException reservedByTheJvm) {
                // SIGQUIT: the JVM's thread dump; cannot be taken over
            }
        }
        Signal tstp = new Signal("TSTP");
        if (level == Level.NEVER_TSTP && (ignored & (1L << (tstp.getNumber() - 1))) == 0) {
            Signal.handle(tstp, sig -> { });
        }
    }

    /**
     * A write of the trace met a pipe nobody reads (EPIPE, which the kernel signals with SIGPIPE, which the JVM
     * ignores): what SIGPIPE does to strace at this level. At level 1 strace dies of it at once, its tracees run on
     * untraced; at level 2 it dies of it too, and the command it started is killed (as observed with strace 6.1),
     * attached processes are detached. At 3 and 4 the error is only reported.
     *
     * @param level the {@code -I} level
     * @param control the trace to end
     */
    void brokenPipe(Level level, TraceControl control) {
        if (level.compareTo(Level.NEVER) < 0) {
            obey(dev.ptrace.Signal.SIGPIPE, level == Level.ANYWHERE ? control::requestDetach : control::requestStop,
                    false);
        }
    }

    /** Records the first signal obeyed and whether strace would say what it detached, then runs {@code stop}. */
    private void obey(dev.ptrace.Signal s, Runnable stop, boolean withNotices) {
        if (obeyed == null) {
            obeyed = s;
            notices = withNotices;
        }
        stop.run();
    }

    /**
     * {@return whether jstrace obeyed a signal as strace's handler does (level 2), and so prints strace's "Process N
     * detached" lines (at level 1 and on EPIPE strace dies without a word)}
     */
    boolean printsDetachNotices() {
        return notices;
    }

    /** {@return the fatal signal jstrace obeyed, if any: it must end by that signal once it has cleaned up} */
    Optional<dev.ptrace.Signal> obeyed() {
        return Optional.ofNullable(obeyed);
    }

    /**
     * Ends the JVM by {@code signal} with its default action, so that jstrace's parent sees what strace's sees
     * (for example "Terminated", status 143); exits with 128 + its number if the signal does not end it.
     */
    static void dieOf(dev.ptrace.Signal signal) {
        Signal s = new Signal(signal.name().substring(3));
        try {
            Signal.handle(s, SignalHandler.SIG_DFL);
            Signal.raise(s);
            Thread.sleep(2000);
        } catch (IllegalArgumentException | InterruptedException e) {
            // fall through to the exit status
        }
        Runtime.getRuntime().halt(128 + signal.number());
    }

    /** The signals ignored in this process (SigIgn of /proc/self/status), as a bit mask; 0 if unreadable. */
    private static long ignoredAtStart() {
        String hex = ExecTimeArguments.statusField("SigIgn");
        try {
            return hex == null ? 0 : Long.parseUnsignedLong(hex.trim(), 16);
        } catch (NumberFormatException e) {
            return 0; // treat every signal as not ignored
        }
    }
}
