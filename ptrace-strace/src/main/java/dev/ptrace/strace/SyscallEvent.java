package dev.ptrace.strace;

import dev.ptrace.Errno;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import java.util.Optional;

/**
 * A syscall entry or exit of a tracee, decoded. An entry event carries the arguments known at entry; the matching
 * exit event carries the whole call and its result.
 *
 * <p>{@code toString()} of an exit is strace's line, {@code read(3, "abc", 832) = 3}; of an entry, the line strace
 * prints when another tracee interrupts it, {@code read(3, <unfinished ...>}.
 */
public final class SyscallEvent implements StraceEvent {
    /** The call stack ({@code -k}): set by the trace session before the event is handed out, never after. */
    private StackTrace stack;

    /** Column at which strace aligns {@code = result}. */
    public static final int RESULT_COLUMN = 40;

    private final Tracee tracee;
    private final int pid;
    private final long timeNanos;
    private final boolean exit;
    private final int number;
    private final String name;
    private final SyscallArgs args;
    private final long returnValue;
    private final boolean error;
    private final boolean returned;
    private final long durationNanos;
    private final String entryText;
    private final String exitText;
    private final String resultText;

    /**
     * An event as the decoder builds it; tests build them too.
     *
     * @param tracee the tracee (thread) the event belongs to
     * @param timeNanos when the tracer saw it, in nanoseconds since the epoch
     * @param exit whether this is the exit event (else the entry)
     * @param number the syscall number
     * @param name the syscall's name
     * @param args the raw argument registers as seen at entry
     * @param returnValue the raw return value (exit events), a negated errno on error
     * @param error whether the syscall failed
     * @param durationNanos time from entry to exit in nanoseconds, or 0
     * @param entryText {@code name(} and the arguments printed at entry
     * @param exitText the arguments printed at exit (exit events)
     * @param resultText what follows {@code = } (exit events): {@code 3}, {@code -1 ENOENT (No such file...)}, ?
     * @param returned whether the syscall returned (false when the tracee ended inside it: {@code = ?})
     */
    public SyscallEvent(Tracee tracee, long timeNanos, boolean exit, int number, String name, SyscallArgs args,
                        long returnValue, boolean error, boolean returned, long durationNanos, String entryText,
                        String exitText, String resultText) {
        this.tracee = tracee;
        this.pid = tracee.pid();
        this.timeNanos = timeNanos;
        this.exit = exit;
        this.number = number;
        this.name = name;
        this.args = args;
        this.returnValue = returnValue;
        this.error = error;
        this.returned = returned;
        this.durationNanos = durationNanos;
        this.entryText = entryText;
        this.exitText = exitText;
        this.resultText = resultText;
    }

    /** {@return this exit event with {@code marks} after its result, as strace's {@code (INJECTED)}} */
    SyscallEvent withResultMarks(String marks) {
        return new SyscallEvent(tracee, timeNanos, exit, number, name, args, returnValue, error, returned,
                durationNanos, entryText, exitText, resultText + marks);
    }

    @Override
    public Tracee tracee() {
        return tracee;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public long timeNanos() {
        return timeNanos;
    }

    /** {@return whether this is the syscall-entry event} */
    public boolean isEnter() {
        return !exit;
    }

    /** {@return whether this is the syscall-exit event} */
    public boolean isExit() {
        return exit;
    }

    /** {@return the syscall's name ({@code syscall_0x1c8} for an unknown number)} */
    public String syscall() {
        return name;
    }

    /** {@return the syscall number} */
    public int number() {
        return number;
    }

    /** {@return the raw argument registers as seen at entry} */
    public SyscallArgs args() {
        return args;
    }

    /** {@return the raw return value (a negated errno on error); 0 for entries} */
    public long returnValue() {
        return returnValue;
    }

    /** {@return whether the syscall failed} */
    public boolean isError() {
        return error;
    }

    /** {@return the error of a failed syscall, when it has a name} */
    public Optional<Errno> errno() {
        return error ? Errno.of((int) -returnValue) : Optional.empty();
    }

    /** {@return whether the syscall returned (false for entries and for calls the tracee never came back from)} */
    public boolean returned() {
        return returned;
    }

    /** {@return the time from entry to exit, in nanoseconds (exit events whose entry was seen; else 0)} */
    public long durationNanos() {
        return durationNanos;
    }

    /** {@return the syscall name and {@code (} followed by the arguments printed at entry} */
    public String entryText() {
        return entryText;
    }

    /** {@return the arguments printed at exit, without the closing parenthesis} */
    public String exitText() {
        return exitText;
    }

    /** {@return what strace prints after {@code = }} */
    public String resultText() {
        return resultText;
    }

    /** {@return the decoded arguments as one string, as they appear between the parentheses} */
    public String argumentsText() {
        return entryText.substring(name.length() + 1) + (exitText == null ? "" : exitText);
    }

    /**
     * {@return the decoded arguments, one tree each, read back from their text by strace's argument grammar; an
     * argument outside it is a {@link ArgValue.Raw} node. The trees print exactly {@link #argumentsText()} (without
     * the {@code ", "} an entry ends with when arguments follow at exit)}
     */
    public java.util.List<ArgValue> arguments() {
        String text = argumentsText();
        return ArgumentParser.parseList(exit || !text.endsWith(", ") ? text : text.substring(0, text.length() - 2));
    }

    /**
     * {@return the exit line as strace prints it after {@code prefix}: arguments, padding, {@code = result}}
     *
     * @param prefix what comes before the line: pid, time
     */
    public String line(String prefix) {
        StringBuilder sb = new StringBuilder(prefix).append(entryText).append(exitText);
        return finish(sb).toString();
    }

    /**
     * {@return the exit line when the entry was printed as unfinished: {@code <... read resumed>"x", 1) = 1}}
     *
     * @param prefix what comes before the line: pid, time
     */
    public String resumedLine(String prefix) {
        StringBuilder sb = new StringBuilder(prefix).append("<... ").append(name).append(" resumed>")
                .append(exitText);
        return finish(sb).toString();
    }

    /**
     * Appends {@code )}, the padding to the result column and {@code = result}.
     *
     * @param sb a line that has the arguments
     * @return {@code sb}
     */
    public StringBuilder finish(StringBuilder sb) {
        sb.append(") ");
        while (sb.length() < RESULT_COLUMN) {
            sb.append(' ');
        }
        return sb.append("= ").append(resultText);
    }

    @Override
    public String toString() {
        return exit ? line("") : entryText + " <unfinished ...>";
    }

    @Override
    public java.util.Optional<StackTrace> stackTrace() {
        return java.util.Optional.ofNullable(stack);
    }

    /** Gives the event its call stack; returns it. */
    SyscallEvent withStackTrace(StackTrace trace) {
        this.stack = trace;
        return this;
    }
}
