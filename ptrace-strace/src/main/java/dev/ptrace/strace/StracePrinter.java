package dev.ptrace.strace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes events as strace's output lines, including the {@code <unfinished ...>} / {@code <... resumed>} split
 * when tracees interleave, pid prefixes, timestamps and durations.
 */
public final class StracePrinter implements Consumer<StraceEvent> {

    /** How lines are prefixed with the pid. */
    public enum PidPrefix {
        /** Never. */
        NONE,
        /** {@code 1234  } on every line (strace {@code -f -o FILE}). */
        ALWAYS,
        /** {@code [pid  1234] } while more than one process is traced (strace {@code -f} to a terminal). */
        WHEN_SEVERAL
    }

    /** Timestamps at the start of each line ({@code -t}, {@code -tt}, {@code -ttt}, {@code -r}). */
    public enum Timestamps {
        /** No timestamps. */
        NONE,
        /** Wall-clock time in seconds, {@code 12:34:56} ({@code -t}). */
        SECONDS,
        /** Wall-clock time with microseconds, {@code 12:34:56.123456} ({@code -tt}). */
        MICROSECONDS,
        /** Seconds and microseconds since the epoch ({@code -ttt}). */
        EPOCH_MICROSECONDS,
        /** Time since the previous line ({@code -r}). */
        RELATIVE
    }

    /** Which syscall outcomes are printed ({@code -e status=}). */
    public enum Status {
        /** Calls that returned without error. */
        SUCCESSFUL,
        /** Calls that returned an error. */
        FAILED,
        /** Calls the tracee never returned from. */
        UNFINISHED
    }

    private final Appendable out;
    private final PidPrefix pidPrefix;
    private final Timestamps timestamps;
    private final boolean durations;
    private final boolean exitMessages;
    private final Set<Status> statuses;
    private final boolean statusFiltered;
    private final Set<Integer> live = new HashSet<>();
    private final Set<Integer> unfinished = new HashSet<>();
    private int openLinePid = -1;
    private String attachNoticePrefix;
    private int resultColumn = SyscallEvent.RESULT_COLUMN;
    private boolean supersededMessages = true;
    private java.util.Map<Integer, Integer> lastSyscall; // pid -> number, with -n
    private IoDump ioDump;
    private long lastTime;
    private boolean instructionPointers;
    private int currentLineLength;

    /**
     * @param out where lines go
     * @param pidPrefix when to prefix the pid
     * @param timestamps which timestamp to print
     * @param durations print the time spent in each syscall ({@code -T})
     * @param exitMessages print {@code +++ exited with N +++} lines (off with {@code -qq}); a {@code +++ killed by
     *                     SIGTERM +++} line is printed unless {@link ExitEvent#shown()} says otherwise
     * @param statuses which outcomes to print; all three for strace's default
     */
    public StracePrinter(Appendable out, PidPrefix pidPrefix, Timestamps timestamps, boolean durations,
                         boolean exitMessages, Set<Status> statuses) {
        this.out = out;
        this.pidPrefix = pidPrefix;
        this.timestamps = timestamps;
        this.durations = durations;
        this.exitMessages = exitMessages;
        this.statuses = Set.copyOf(statuses);
        this.statusFiltered = statuses.size() < Status.values().length;
    }

    /**
     * strace's default output: no prefix, no timestamps, every outcome.
     *
     * @param out where the lines go
     * @return the printer
     */
    public static StracePrinter plain(Appendable out) {
        return new StracePrinter(out, PidPrefix.NONE, Timestamps.NONE, false, true, Set.of(Status.values()));
    }

    @Override
    public void accept(StraceEvent event) {
        try {
            print(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void print(StraceEvent event) throws IOException {
        int pid = event.pid();
        live.add(pid);
        if (event instanceof AttachEvent a) {
            if (a.parentPid() > 0) {
                live.add(a.parentPid()); // traced from the start, though nothing of it may have been printed yet
            }
            if (attachNoticePrefix != null) { // strace prints it to the terminal, not to an -o file
                closeOpenLine();
                out.append(attachNoticePrefix).append(event.toString()).append('\n');
            }
            return;
        }
        if (event instanceof SyscallEvent) {
            SyscallEvent s = (SyscallEvent) event;
            if (s.isEnter()) {
                if (statusFiltered) {
                    return;
                }
                closeOpenLine();
                StringBuilder sb = leader(event);
                sb.append(s.entryText());
                out.append(sb);
                openLinePid = pid;
                currentLineLength = sb.length();
                return;
            }
            if (isChildCreation(s) && s.returnValue() > 0 && !s.isError()) {
                live.add((int) s.returnValue());
            }
            if (statusFiltered && !statuses.contains(statusOf(s))) {
                return;
            }
            StringBuilder sb;
            if (openLinePid == pid) {
                sb = new StringBuilder(s.exitText());
                finishLine(s, sb, currentLineLength);
                out.append(sb).append('\n');
                dump(s);
                openLinePid = -1;
                unfinished.remove(pid);
                printStack(event);
                return;
            }
            closeOpenLine();
            sb = leader(event);
            if (unfinished.remove(pid)) {
                sb.append("<... ").append(s.syscall()).append(" resumed>").append(s.exitText());
            } else {
                sb.append(s.entryText()).append(s.exitText());
            }
            finishLine(s, sb, 0);
            out.append(sb).append('\n');
            dump(s);
            printStack(event);
            return;
        }
        if (event instanceof ExitEvent x && x.kind() == ExitEvent.Kind.SUPERSEDED) {
            // the exec'ing thread's execve, left unfinished under its former id, resumes under the process id
            int former = x.formerPid();
            boolean carried = unfinished.remove(former);
            if (openLinePid == former) {
                out.append(" <pid changed to ").append(Integer.toString(pid)).append(" ...>\n");
                openLinePid = -1;
                carried = true;
            }
            live.remove(former);
            unfinished.remove(pid);
            if (supersededMessages) { // strace's -qq keeps them; -qqq and -e quiet=superseded drop them
                closeOpenLine();
                out.append(leader(event).append(event)).append('\n');
            }
            if (carried) {
                unfinished.add(pid);
            }
            return;
        }
        if (event instanceof ExitEvent x && x.kind() == ExitEvent.Kind.DETACHED) {
            live.remove(pid);
            unfinished.remove(pid);
            if (openLinePid == pid) {
                out.append(" <detached ...>\n");
                openLinePid = -1;
            }
            return;
        }
        if (event instanceof ExitEvent x) {
            // the line's prefix counts the process as still traced, as strace does ("[pid 12] +++ exited ...")
            boolean shown = x.kind() == ExitEvent.Kind.EXITED ? exitMessages : x.shown();
            StringBuilder sb = shown ? leader(event) : null;
            live.remove(pid);
            unfinished.remove(pid);
            if (!shown) {
                if (openLinePid == pid) {
                    closeOpenLine();
                }
                printStack(event);
                return;
            }
            closeOpenLine();
            out.append(sb.append(event)).append('\n');
            printStack(event);
            return;
        }
        closeOpenLine();
        StringBuilder sb = leader(event);
        sb.append(event);
        out.append(sb).append('\n');
        printStack(event);
    }

    /** The frames strace {@code -k} prints after an event's line. */
    private void printStack(StraceEvent event) throws IOException {
        if (event.stackTrace().isPresent()) {
            event.stackTrace().get().appendTo(out);
        }
    }

    /**
     * Prints a notice for each new tracee, as strace does when it writes the trace to the terminal:
     * {@code strace: Process 1234 attached}. Off by default (and under {@code -q}).
     *
     * @param program the name that starts the notice, for example {@code "jstrace"}
     * @return this printer
     */
    public StracePrinter announcingNewTracees(String program) {
        this.attachNoticePrefix = program + ": ";
        return this;
    }

    /**
     * Aligns {@code = result} at this column instead of 40 (strace {@code -a COLUMN}).
     *
     * @param column the column, 0 or more
     * @return this printer
     */
    public StracePrinter withResultColumn(int column) {
        this.resultColumn = column;
        return this;
    }

    /**
     * Leaves out the {@code +++ superseded by execve in pid N +++} lines (strace {@code -qqq},
     * {@code -e quiet=superseded}).
     *
     * @return this printer
     */
    public StracePrinter withoutSupersededMessages() {
        this.supersededMessages = false;
        return this;
    }

    /**
     * Starts every line with the number of the tracee's current (or last) syscall, {@code [  59] }, as strace
     * {@code -n} does.
     *
     * @return this printer
     */
    public StracePrinter withSyscallNumbers() {
        this.lastSyscall = new java.util.HashMap<>();
        return this;
    }

    /**
     * Starts every line with the tracee's instruction pointer at the stop, {@code [00007f1e2d3c4b5a] }, and
     * question marks where there is none (a process that has ended), as strace {@code -i} does. The registers are
     * read when the event arrives, on the tracer thread, with the tracee stopped.
     *
     * @return this printer
     */
    public StracePrinter withInstructionPointers() {
        this.instructionPointers = true;
        return this;
    }

    /**
     * Counts a process as traced before it has printed anything (one attached with {@code -p}), so that lines
     * carry their {@code [pid N]} prefix while several processes are traced, as strace's do.
     *
     * @param pid the process
     */
    public void traced(int pid) {
        live.add(pid);
    }

    /**
     * Follows each read or write on the chosen descriptors with a dump of its data (strace {@code -e read=},
     * {@code -e write=}).
     *
     * @param dump which descriptors, for reads and for writes
     * @return this printer
     */
    public StracePrinter withIoDump(IoDump dump) {
        this.ioDump = dump;
        return this;
    }

    private void dump(SyscallEvent s) throws IOException {
        if (ioDump != null) {
            out.append(ioDump.dump(s));
        }
    }

    /** Ends a line left open when tracing stopped (strace's {@code <detached ...>}). */
    public void finish() {
        if (openLinePid >= 0) {
            try {
                out.append(" <detached ...>\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            openLinePid = -1;
        }
    }

    private static boolean isChildCreation(SyscallEvent s) {
        String n = s.syscall();
        return n.equals("clone") || n.equals("clone3") || n.equals("fork") || n.equals("vfork");
    }

    private static Status statusOf(SyscallEvent s) {
        return !s.returned() ? Status.UNFINISHED : s.isError() ? Status.FAILED : Status.SUCCESSFUL;
    }

    /** Ends the line of the tracee whose entry is printed but not yet its exit. */
    private void closeOpenLine() throws IOException {
        if (openLinePid >= 0) {
            out.append(" <unfinished ...>\n");
            unfinished.add(openLinePid);
            openLinePid = -1;
        }
    }

    private void finishLine(SyscallEvent s, StringBuilder sb, int alreadyOnLine) {
        sb.append(") ");
        while (sb.length() + alreadyOnLine < resultColumn) {
            sb.append(' ');
        }
        sb.append("= ").append(s.resultText());
        if (durations && s.returned()) {
            long d = s.durationNanos() / 1000;
            sb.append(String.format(" <%d.%06d>", d / 1_000_000, d % 1_000_000));
        }
    }

    private StringBuilder leader(StraceEvent event) {
        StringBuilder sb = new StringBuilder(96);
        int pid = event.pid();
        if (pidPrefix == PidPrefix.ALWAYS) {
            String p = Integer.toString(pid);
            sb.append(p);
            for (int i = p.length(); i < 5; i++) {
                sb.append(' ');
            }
            sb.append(' ');
        } else if (pidPrefix == PidPrefix.WHEN_SEVERAL && live.size() > 1) {
            sb.append(String.format("[pid %5d] ", pid));
        }
        long t = event.timeNanos();
        switch (timestamps) {
            case SECONDS: {
                LocalTime lt = LocalTime.ofInstant(Instant.ofEpochSecond(t / 1_000_000_000L),
                        ZoneId.systemDefault());
                sb.append(String.format("%02d:%02d:%02d ", lt.getHour(), lt.getMinute(), lt.getSecond()));
                break;
            }
            case MICROSECONDS: {
                LocalTime lt = LocalTime.ofInstant(Instant.ofEpochSecond(t / 1_000_000_000L),
                        ZoneId.systemDefault());
                sb.append(String.format("%02d:%02d:%02d.%06d ", lt.getHour(), lt.getMinute(), lt.getSecond(),
                        (t / 1000) % 1_000_000));
                break;
            }
            case EPOCH_MICROSECONDS:
                sb.append(t / 1_000_000_000L).append('.').append(String.format("%06d", (t / 1000) % 1_000_000))
                        .append(' ');
                break;
            case RELATIVE: {
                long d = lastTime == 0 ? 0 : (t - lastTime) / 1000;
                lastTime = t;
                sb.append(String.format("%6d.%06d ", d / 1_000_000, d % 1_000_000));
                break;
            }
            default:
                break;
        }
        if (lastSyscall != null) {
            if (event instanceof SyscallEvent s) {
                lastSyscall.put(pid, s.number());
            }
            sb.append(String.format("[%4d] ", lastSyscall.getOrDefault(pid, 0)));
        }
        if (instructionPointers) {
            sb.append('[').append(instructionPointer(event)).append("] ");
        }
        return sb;
    }

    /** The tracee's instruction pointer as strace prints it: 16 hex digits, or 16 question marks. */
    private static String instructionPointer(StraceEvent event) {
        if (!(event instanceof ExitEvent)) {
            try {
                String hex = Long.toHexString(event.tracee().registers().programCounter());
                return "0".repeat(Math.max(0, 16 - hex.length())) + hex;
            } catch (dev.ptrace.PtraceException gone) {
                // the tracee is no longer stopped (or no longer exists): no address to show
            }
        }
        return "????????????????";
    }
}
