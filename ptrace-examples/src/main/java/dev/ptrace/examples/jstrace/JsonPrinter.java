package dev.ptrace.examples.jstrace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.ptrace.SignalInfo;
import dev.ptrace.strace.ArgValue;
import dev.ptrace.strace.AttachEvent;
import dev.ptrace.strace.ExitEvent;
import dev.ptrace.strace.SeccompEvent;
import dev.ptrace.strace.SignalEvent;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.StracePrinter;
import dev.ptrace.strace.SyscallEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --json}: one JSON object per line, as {@code jstrace-events.schema.json} (in this package's resources)
 * describes: first a header naming the schema and its version, then each event: syscalls (one object per call,
 * written at its exit, with its arguments as trees), signals, stops, exits, attaches, seccomp stops; at the end the
 * calls still in progress and the tracees let go when tracing stopped early.
 */
final class JsonPrinter implements EventWriter {
    /** The schema's version; a change that can break a reader of the output increases it. */
    static final int VERSION = 1;
    /** The schema's name, as the header line gives it. */
    static final String SCHEMA = "jstrace-events";

    private final JsonGenerator json;
    private final Writer out;
    private final Set<StracePrinter.Status> statuses;
    /** Entries without their exit yet, by thread: what is still in progress when tracing stops. */
    private final Map<Integer, SyscallEvent> open = new HashMap<>();

    /**
     * Writes the header at once.
     *
     * @param out where the lines go
     * @param statuses the calls written, by outcome ({@code -e status=}, {@code -z}, {@code -Z}); a call in progress
     *     when tracing stops counts as unfinished
     */
    JsonPrinter(Writer out, Set<StracePrinter.Status> statuses) {
        this.out = out;
        this.statuses = Set.copyOf(statuses);
        try {
            this.json = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build()
                    .createGenerator(out);
            json.setRootValueSeparator(null);
            json.writeStartObject();
            json.writeStringField("type", "header");
            json.writeStringField("schema", SCHEMA);
            json.writeNumberField("version", VERSION);
            end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A process attached with {@code -p} (no event announces it).
     *
     * @param pid the process
     * @param timeNanos when it was attached, in nanoseconds since the epoch
     */
    void attached(int pid, long timeNanos) {
        try {
            start("attach", pid, timeNanos);
            json.writeNumberField("parent", 0);
            end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Tracing stopped with tracees left (a signal to jstrace, {@code -p}): each call still in progress, with
     * {@code "status": "detached"}, then a {@code detach} event for each tracee.
     *
     * @param stillTraced the threads let go
     * @param timeNanos when, in nanoseconds since the epoch
     */
    void finish(List<Integer> stillTraced, long timeNanos) {
        try {
            for (SyscallEvent entry : open.values()) {
                syscall(entry, "detached", timeNanos);
            }
            open.clear();
            for (int pid : stillTraced) {
                start("detach", pid, timeNanos);
                end();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(StraceEvent event) throws IOException {
        if (event instanceof SyscallEvent s) {
            if (s.isEnter()) {
                open.put(s.pid(), s);
            } else {
                open.remove(s.pid());
                syscall(s, s.returned() ? "returned" : "unfinished", s.timeNanos());
            }
            return;
        }
        if (event instanceof SignalEvent s) {
            start(s.isGroupStop() ? "stopped" : "signal", s.pid(), s.timeNanos());
            json.writeStringField("signal", s.signal().name());
            if (s.info().isPresent()) {
                siginfo(s.info().get());
            }
        } else if (event instanceof ExitEvent e) {
            open.remove(e.pid());
            start(e.kind().name().toLowerCase(Locale.ROOT), e.pid(), e.timeNanos());
            if (e.kind() == ExitEvent.Kind.EXITED) {
                json.writeNumberField("status", e.status());
            } else if (e.kind() == ExitEvent.Kind.KILLED) {
                json.writeStringField("signal", e.signal().map(dev.ptrace.Signal::name).orElseThrow());
                json.writeBooleanField("core_dumped", e.coreDumped());
            } else {
                json.writeNumberField("former_pid", e.formerPid());
            }
        } else if (event instanceof AttachEvent a) {
            start("attach", a.pid(), a.timeNanos());
            json.writeNumberField("parent", a.parentPid());
        } else if (event instanceof SeccompEvent s) {
            start("seccomp", s.pid(), s.timeNanos());
            json.writeNumberField("data", s.data());
        }
        json.writeStringField("line", event.toString());
        end();
    }

    /**
     * One call: {@code status} is {@code returned}, {@code unfinished} (the tracee ended inside it, strace's
     * {@code = ?}) or {@code detached} (tracing stopped while it ran; {@code event} is its entry).
     */
    private void syscall(SyscallEvent s, String status, long timeNanos) throws IOException {
        StracePrinter.Status outcome = !status.equals("returned") ? StracePrinter.Status.UNFINISHED
                : s.isError() ? StracePrinter.Status.FAILED : StracePrinter.Status.SUCCESSFUL;
        if (!statuses.contains(outcome)) {
            return;
        }
        start("syscall", s.pid(), timeNanos);
        json.writeStringField("syscall", s.syscall());
        json.writeNumberField("number", s.number());
        json.writeArrayFieldStart("args");
        for (ArgValue a : s.arguments()) {
            ArgJson.write(json, a);
        }
        json.writeEndArray();
        json.writeStringField("status", status);
        if (s.returned()) {
            json.writeNumberField("entry_time", seconds(timeNanos - s.durationNanos()));
            json.writeNumberField("duration", BigDecimal.valueOf(s.durationNanos(), 9));
            json.writeNumberField("return", s.isError() ? -1 : s.returnValue());
            if (s.isError()) {
                json.writeStringField("errno", s.errno().map(Enum::name).orElse("ERRNO_" + (-s.returnValue())));
            }
            json.writeStringField("result", s.resultText());
        } else if (s.isEnter()) {
            json.writeNumberField("entry_time", seconds(s.timeNanos()));
        }
        json.writeStringField("line", s.isExit() ? s.line("") : s.toString());
        end();
    }

    private void siginfo(SignalInfo info) throws IOException {
        json.writeObjectFieldStart("siginfo");
        json.writeNumberField("si_code", info.code());
        json.writeNumberField("si_errno", info.errno());
        json.writeNumberField("si_pid", info.pid());
        json.writeNumberField("si_uid", info.uid());
        json.writeNumberField("si_status", info.status());
        json.writeEndObject();
    }

    private void start(String type, int pid, long timeNanos) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", type);
        json.writeNumberField("pid", pid);
        json.writeNumberField("time", seconds(timeNanos));
    }

    private void end() throws IOException {
        json.writeEndObject();
        json.flush();
        out.write('\n');
    }

    /** Seconds since the epoch with microseconds, as strace's {@code -ttt} prints them. */
    private static BigDecimal seconds(long nanos) {
        return BigDecimal.valueOf(nanos / 1000, 6);
    }
}
