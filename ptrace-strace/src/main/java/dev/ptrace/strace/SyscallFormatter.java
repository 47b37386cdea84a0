package dev.ptrace.strace;

import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.Decoders;
import dev.ptrace.strace.internal.ErrorFormat;
import dev.ptrace.strace.internal.RawDecoder;
import dev.ptrace.strace.internal.SyscallCall;
import dev.ptrace.strace.internal.SyscallDecoder;
import dev.ptrace.strace.internal.SyscallTables;

/**
 * Turns syscall stops into {@link SyscallEvent}s: looks the syscall up, applies the filter, and runs its
 * decoder at entry and at exit.
 */
final class SyscallFormatter {

    /** What is remembered of a syscall between its entry and its exit stop. */
    static final class Pending {
        private final SyscallCall call;
        private final SyscallDecoder decoder;
        private final SyscallEvent entryEvent;
        private final long entryTime;
        private final SyscallArgs args;

        Pending(SyscallCall call, SyscallDecoder decoder, SyscallEvent entryEvent, long entryTime,
                SyscallArgs args) {
            this.call = call;
            this.decoder = decoder;
            this.entryEvent = entryEvent;
            this.entryTime = entryTime;
            this.args = args;
        }

        boolean shown() {
            return entryEvent != null;
        }

        SyscallEvent entryEvent() {
            return entryEvent;
        }

        Pending movedTo(Tracee t) {
            if (entryEvent == null) {
                return this;
            }
            SyscallEvent e = entryEvent;
            return new Pending(call, decoder, new SyscallEvent(t, e.timeNanos(), false, e.number(), e.syscall(),
                    e.args(), 0, false, false, 0, e.entryText(), "", ""), entryTime, args);
        }
    }

    private static final int ERESTART_RESTARTBLOCK = 516;

    private static final Pending HIDDEN = new Pending(null, null, null, 0, null);

    private final SyscallTables tables;
    private final SyscallFilter filter;
    /** The syscalls printed raw ({@code -e raw=}). */
    private final SyscallFilter raw;
    private final DecodeContext ctx;
    private final boolean showAll;
    /** Per tracee, the syscall that last failed with ERESTART_RESTARTBLOCK, for restart_syscall's line. */
    private final java.util.Map<Integer, String> interrupted = new java.util.HashMap<>();
    private String[] names = new String[512];
    private byte[] shown = new byte[512];
    /** Decoders by syscall number, looked up once (decoders keep no per-call state). */
    private final SyscallDecoder[] decoders = new SyscallDecoder[512];

    SyscallFormatter(SyscallTables tables, SyscallFilter filter, DecodeContext ctx) {
        this(tables, filter, SyscallFilter.none(), ctx);
    }

    SyscallFormatter(SyscallTables tables, SyscallFilter filter, SyscallFilter raw, DecodeContext ctx) {
        this.tables = tables;
        this.filter = filter;
        this.raw = raw;
        this.ctx = ctx;
        this.showAll = filter.isAll();
    }

    private String name(int number) {
        if (number >= 0 && number < names.length) {
            String n = names[number];
            if (n == null) {
                n = tables.syscallName(number);
                names[number] = n;
            }
            return n;
        }
        return tables.syscallName(number);
    }

    private SyscallDecoder decoder(int number, String name) {
        if (number >= 0 && number < decoders.length) {
            SyscallDecoder d = decoders[number];
            if (d == null) {
                d = decoderOf(number, name);
                decoders[number] = d;
            }
            return d;
        }
        return decoderOf(number, name);
    }

    private SyscallDecoder decoderOf(int number, String name) {
        return raw.test(name) ? new RawDecoder(tables.argumentCount(number)) : Decoders.of(tables, number, name);
    }

    private boolean isShown(int number, String name) {
        if (showAll) {
            return true;
        }
        if (number >= 0 && number < shown.length) {
            if (shown[number] == 0) {
                shown[number] = (byte) (filter.test(name) ? 1 : 2);
            }
            return shown[number] == 1;
        }
        return filter.test(name);
    }

    Pending enter(Tracee t, int number, SyscallArgs args, long sp, long time) {
        String name = name(number);
        if (!isShown(number, name)) {
            return HIDDEN;
        }
        long[] a = {args.a0(), args.a1(), args.a2(), args.a3(), args.a4(), args.a5()};
        SyscallCall call = new SyscallCall(ctx.at(t), number, name, a, sp);
        SyscallDecoder decoder = decoder(number, name);
        StringBuilder sb = new StringBuilder(64).append(name).append('(');
        decoder.enter(call, sb);
        if (name.equals("restart_syscall")) {
            String resumed = interrupted.remove(t.pid());
            sb.append("<... resuming interrupted ").append(resumed != null ? resumed : "system call").append(" ...>");
        }
        SyscallEvent ev = new SyscallEvent(t, time, false, number, name, args, 0, false, false, 0, sb.toString(),
                "", "");
        return new Pending(call, decoder, ev, time, args);
    }

    /** The exit event, or null when the syscall is filtered out. */
    SyscallEvent exit(Tracee t, Pending p, int number, long ret, boolean error, long time) {
        if (p == null) {
            // exit without a seen entry (attached inside a syscall): only the result is known
            String name = number >= 0 ? name(number) : "?";
            if (number >= 0 && !isShown(number, name)) {
                return null;
            }
            StringBuilder result = new StringBuilder();
            appendResult(null, null, ret, error, result);
            return new SyscallEvent(t, time, true, number, name, TraceSession.noArgs(), ret, error, true, 0,
                    name + "(", "", result.toString());
        }
        if (!p.shown()) {
            return null;
        }
        if (error && ret == -ERESTART_RESTARTBLOCK) {
            interrupted.put(t.pid(), p.entryEvent.syscall());
        }
        p.call.exit(ret, error);
        ctx.at(t);
        StringBuilder exitText = new StringBuilder();
        p.decoder.exit(p.call, exitText);
        StringBuilder result = new StringBuilder();
        appendResult(p.call, p.decoder, ret, error, result);
        SyscallEvent e = p.entryEvent;
        return new SyscallEvent(t, time, true, e.number(), e.syscall(), p.args, ret, error, true,
                time - p.entryTime, e.entryText(), exitText.toString(), result.toString());
    }

    private void appendResult(SyscallCall call, SyscallDecoder decoder, long ret, boolean error,
                              StringBuilder out) {
        if (error) {
            ErrorFormat.append(out, (int) -ret, tables);
        } else if (decoder != null) {
            decoder.result(call, out);
        } else {
            out.append(ret);
        }
    }

    /** Forgets what was kept about a tracee that has ended. */
    void forget(int pid) {
        interrupted.remove(pid);
    }

    /** The exit event of a syscall the tracee never returned from ({@code = ?}). */
    SyscallEvent unfinished(Tracee t, Pending p, long time) {
        SyscallEvent e = p.entryEvent;
        // strace adds "<unfinished ...>" when arguments were left to print at the exit that never came
        return new SyscallEvent(t, time, true, e.number(), e.syscall(), p.args, 0, false, false, 0, e.entryText(),
                e.entryText().endsWith(", ") ? " <unfinished ...>" : "", "?");
    }
}
