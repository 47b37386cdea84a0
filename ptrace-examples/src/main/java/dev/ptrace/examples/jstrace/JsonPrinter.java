package dev.ptrace.examples.jstrace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ptrace.strace.AttachEvent;
import dev.ptrace.strace.ExitEvent;
import dev.ptrace.strace.SeccompEvent;
import dev.ptrace.strace.SignalEvent;
import dev.ptrace.strace.StraceEvent;
import dev.ptrace.strace.SyscallEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.Consumer;

/**
 * Writes one JSON object per line for each event ({@code --json}): syscall exits with their decoded arguments,
 * return value and errno; signals; exits. Syscall entries are not written; their exit carries everything.
 */
final class JsonPrinter implements Consumer<StraceEvent> {
    private final JsonGenerator json;
    private final Writer out;

    JsonPrinter(Writer out) {
        this.out = out;
        try {
            this.json = new JsonFactory().createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.setRootValueSeparator(null);
    }

    @Override
    public void accept(StraceEvent event) {
        try {
            write(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(StraceEvent event) throws IOException {
        if (event instanceof SyscallEvent && ((SyscallEvent) event).isEnter()) {
            return;
        }
        json.writeStartObject();
        json.writeNumberField("pid", event.pid());
        long t = event.timeNanos();
        json.writeNumberField("time", t / 1_000_000_000L + (t % 1_000_000_000L) / 1e9);
        if (event instanceof SyscallEvent) {
            SyscallEvent s = (SyscallEvent) event;
            json.writeStringField("type", "syscall");
            json.writeStringField("syscall", s.syscall());
            json.writeStringField("args", s.argumentsText());
            if (s.returned()) {
                json.writeNumberField("return", s.isError() ? -1 : s.returnValue());
                json.writeStringField("result", s.resultText());
                if (s.isError()) {
                    json.writeStringField("errno", s.errno().map(Enum::name)
                            .orElse("ERRNO_" + (-s.returnValue())));
                }
                json.writeNumberField("duration", s.durationNanos() / 1e9);
            } else {
                json.writeNullField("return");
            }
        } else if (event instanceof SignalEvent) {
            SignalEvent s = (SignalEvent) event;
            json.writeStringField("type", s.isGroupStop() ? "stopped" : "signal");
            json.writeStringField("signal", s.signal().name());
            if (s.info().isPresent()) {
                json.writeNumberField("si_code", s.info().get().code());
                json.writeNumberField("si_pid", s.info().get().pid());
            }
        } else if (event instanceof ExitEvent) {
            ExitEvent e = (ExitEvent) event;
            json.writeStringField("type", e.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (e.kind() == ExitEvent.Kind.EXITED) {
                json.writeNumberField("status", e.status());
            } else if (e.kind() == ExitEvent.Kind.KILLED) {
                json.writeStringField("signal", e.signal().map(Object::toString).orElse(null));
                json.writeBooleanField("core_dumped", e.coreDumped());
            }
        } else if (event instanceof AttachEvent) {
            json.writeStringField("type", "attach");
            json.writeNumberField("parent", ((AttachEvent) event).parentPid());
        } else if (event instanceof SeccompEvent) {
            json.writeStringField("type", "seccomp");
            json.writeNumberField("data", ((SeccompEvent) event).data());
        }
        json.writeStringField("line", event instanceof SyscallEvent ? ((SyscallEvent) event).line("")
                : event.toString());
        json.writeEndObject();
        json.flush();
        out.write('\n');
    }
}
