package dev.ptrace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Ptrace;
import dev.ptrace.Stop;
import dev.ptrace.Tracer;
import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.strace.Strace;
import dev.ptrace.strace.StraceOptions;
import dev.ptrace.strace.SyscallEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Java snippets of the README's quick start, as written there (output captured instead of printed). */
@Tag("native")
class ReadmeSnippetsIT {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void ptrace() {
        IntegrationSupport.requirePtrace();
    }

    @AfterEach
    void noLeaks() {
        ExampleRun.assertNoLeaks();
    }

    @Test
    void rawLoop() {
        PrintStream System_out = out;
        // --- README: Quick start, first snippet ---
        try (Tracer tracer = Ptrace.open()) {
            tracer.spawn(List.of("ls", "/"));                  // stopped at its own execve: nothing ran untraced
            while (!tracer.tracees().isEmpty()) {
                Stop stop = tracer.waitAny();
                System_out.println(stop);                      // SyscallEntry, SyscallExit, SignalDelivery, Exited ...
                if (!stop.isTerminal()) {
                    stop.tracee().syscall();                   // re-injects a pending signal, LISTENs at a group-stop
                }
            }
        }
        // ---
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("SyscallEntry[") && printed.contains("SyscallExit["), printed);
        assertTrue(printed.strip().endsWith("status=0]"), printed);
    }

    @Test
    void straceLibrary() {
        PrintStream System_err = out;
        // --- README: Quick start, second snippet ---
        int status = Strace.trace(List.of("ls", "/"), StraceOptions.defaults().withFollowChildren(true), event -> {
            if (!(event instanceof SyscallEvent s && s.isEnter())) {   // entries come too; print the complete calls
                System_err.println(event);                             // openat(AT_FDCWD, "/", O_RDONLY|...) = 3
            }
        });                                                            // the command's exit status
        // ---
        assertEquals(0, status);
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("openat(AT_FDCWD, \"/\", O_RDONLY|"), printed);
        assertTrue(printed.endsWith("+++ exited with 0 +++\n"), printed);
        assertTrue(!printed.contains("<unfinished ...>"), printed);
    }
}
