package dev.ptrace.examples.jstrace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ptrace.strace.ArgValue;
import dev.ptrace.strace.AttachEvent;
import dev.ptrace.strace.ExitEvent;
import dev.ptrace.strace.SeccompEvent;
import dev.ptrace.strace.SignalEvent;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.SyscallEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --perfetto FILE}: the trace as Chrome's trace-event JSON, which
 * ui.perfetto.dev and chrome://tracing open. One track per thread (pid = process, tid = thread), one complete
 * ({@code "ph":"X"}) slice per syscall from its entry to its exit with its arguments and result, the names of
 * processes and threads ({@code "ph":"M"}, from {@code /proc/TID/comm}, again after an execve), signals, stops,
 * attaches and exits as instant events ({@code "ph":"i"}). Times are microseconds since the first event.
 *
 * <p>Written as it goes (a slice when its syscall returns): what is held is one entry time and name per thread.
 * {@link #finish} closes the slices of calls still in progress when tracing stopped and ends the JSON document;
 * jstrace calls it however tracing ends (signals included), so the file is valid JSON.
 */
final class TraceEventPrinter implements EventWriter {
    /** Longest /proc/TID/comm read (the kernel's TASK_COMM_LEN is 16). */
    private static final int COMM_LIMIT = 64;

    private final JsonGenerator json;
    private final Path proc;
    /** Threads seen, with their process id. */
    private final Map<Integer, Integer> processOf = new HashMap<>();
    /** Calls in progress by thread: their entry event. */
    private final Map<Integer, SyscallEvent> open = new HashMap<>();
    private long origin = -1;
    private long last;
    private boolean finished;

    /**
     * Starts the document.
     *
     * @param out where it goes (jstrace's {@link TraceOutput}, which reports failed writes)
     * @param proc the proc file system, {@code /proc} (names are read from there)
     */
    TraceEventPrinter(Writer out, Path proc) {
        this.proc = proc;
        try {
            json = new JsonFactory().createGenerator(out);
            json.writeStartObject();
            json.writeStringField("displayTimeUnit", "ms");
            json.writeArrayFieldStart("traceEvents");
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(StraceEvent event) throws IOException {
        long t = event.timeNanos();
        if (origin < 0) {
            origin = t;
        }
        last = Math.max(last, t);
        int tid = event.pid();
        if (!processOf.containsKey(tid)) {
            int pid = event.tracee().processId();
            processOf.put(tid, pid);
            if (!(event instanceof SyscallEvent s && s.isEnter() && s.syscall().startsWith("execve"))) {
                names(pid, tid); // else the execve names it: before, it has its spawner's name
            }
        }
        if (event instanceof SyscallEvent s) {
            if (s.isEnter()) {
                open.put(tid, s);
                return;
            }
            SyscallEvent entry = open.remove(tid);
            long start = entry != null ? entry.timeNanos() : Math.max(origin, t - s.durationNanos());
            slice(s, start, t, s.returned() ? s.resultText() : "?");
            if (s.returned() && !s.isError() && s.syscall().startsWith("execve")) {
                processOf.put(tid, event.tracee().processId());
                names(processOf.get(tid), tid); // the program, and so the name, changed
            }
            return;
        }
        String name;
        if (event instanceof SignalEvent s) {
            name = (s.isGroupStop() ? "stopped by " : "") + s.signal().name();
        } else if (event instanceof ExitEvent x) {
            SyscallEvent entry = open.remove(tid);
            if (entry != null) {
                slice(entry, entry.timeNanos(), t, "?");
            }
            name = x.kind() == ExitEvent.Kind.EXITED ? "exited with " + x.status()
                    : x.kind() == ExitEvent.Kind.KILLED ? "killed by " + x.signal().map(dev.ptrace.Signal::name).orElse("?")
                    : "superseded";
        } else if (event instanceof AttachEvent) {
            name = "attached";
        } else if (event instanceof SeccompEvent) {
            name = "seccomp";
        } else {
            return;
        }
        start("i", name, tid, t);
        json.writeStringField("s", "t");
        json.writeObjectFieldStart("args");
        json.writeStringField("line", event.toString());
        json.writeEndObject();
        end();
        if (event instanceof ExitEvent x && x.kind() != ExitEvent.Kind.SUPERSEDED) {
            processOf.remove(tid); // what is kept stays bounded by the threads alive
        }
    }

    /** A complete slice for a call from {@code start} to {@code end} (nanoseconds since the epoch). */
    private void slice(SyscallEvent s, long start, long end, String result) throws IOException {
        start("X", s.syscall(), s.pid(), start);
        json.writeNumberField("dur", (end - start) / 1000.0);
        json.writeObjectFieldStart("args");
        json.writeArrayFieldStart("args");
        for (ArgValue a : s.arguments()) {
            json.writeString(a.toString());
        }
        json.writeEndArray();
        json.writeStringField("result", result);
        if (s.isError()) {
            json.writeStringField("errno", s.errno().map(Enum::name).orElse(String.valueOf(-s.returnValue())));
        }
        json.writeEndObject();
        end();
    }

    /** The metadata events naming thread {@code tid} and process {@code pid}. */
    private void names(int pid, int tid) throws IOException {
        String comm = comm(tid);
        if (comm == null) {
            return;
        }
        if (pid == tid) {
            metadata("process_name", pid, tid, comm);
        }
        metadata("thread_name", pid, tid, comm);
    }

    private void metadata(String kind, int pid, int tid, String name) throws IOException {
        json.writeStartObject();
        json.writeStringField("ph", "M");
        json.writeStringField("name", kind);
        json.writeNumberField("pid", pid);
        json.writeNumberField("tid", tid);
        json.writeObjectFieldStart("args");
        json.writeStringField("name", name);
        json.writeEndObject();
        end();
    }

    private void start(String phase, String name, int tid, long timeNanos) throws IOException {
        json.writeStartObject();
        json.writeStringField("ph", phase);
        json.writeStringField("name", name);
        json.writeStringField("cat", "syscall");
        json.writeNumberField("pid", processOf.getOrDefault(tid, tid));
        json.writeNumberField("tid", tid);
        json.writeNumberField("ts", (timeNanos - origin) / 1000.0);
    }

    private void end() throws IOException {
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** A thread's name, bounded and without its newline; null if it cannot be read (the thread is gone). */
    private String comm(int tid) {
        try (InputStream in = Files.newInputStream(proc.resolve(Integer.toString(tid)).resolve("comm"))) {
            String s = new String(in.readNBytes(COMM_LIMIT), StandardCharsets.UTF_8);
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Closes the slices of calls still in progress (their result {@code "<detached ...>"}), ends the document and
     * flushes it. Idempotent.
     *
     * @param timeNanos when tracing stopped, in nanoseconds since the epoch: where those slices end
     */
    void finish(long timeNanos) {
        if (finished) {
            return;
        }
        finished = true;
        try {
            for (SyscallEvent entry : open.values()) {
                slice(entry, entry.timeNanos(), Math.max(last, timeNanos), "<detached ...>");
            }
            open.clear();
            json.writeEndArray();
            json.writeObjectFieldStart("otherData");
            json.writeStringField("producer", "jstrace");
            json.writeNumberField("start_time_unix_ns", Math.max(origin, 0));
            json.writeEndObject();
            json.writeEndObject();
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
