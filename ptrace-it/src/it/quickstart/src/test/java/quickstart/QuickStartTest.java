package quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Ptrace;
import dev.ptrace.core.it.IntegrationSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the README's Quick start, copied into this project, on the class path, as a user's project would. */
class QuickStartTest {
    @BeforeAll
    static void permitted() {
        IntegrationSupport.requirePtrace();
    }

    @Test
    void backendFoundOnTheClassPath() {
        assertFalse(Ptrace.class.getModule().isNamed());
        assertEquals("jna", Ptrace.selectedBackend());
    }

    @Test
    void rawLoopPrintsEveryStopUntilTheExit() throws Exception {
        String out = capture(false, QuickStart::snippet1);
        assertTrue(out.contains("SyscallEntry[") && out.contains("SyscallExit["), out);
        assertTrue(out.strip().endsWith("status=0]"), out);
    }

    @Test
    void straceLibraryPrintsDecodedLines() throws Exception {
        String err = capture(true, QuickStart::snippet2);
        assertTrue(err.contains("openat(AT_FDCWD, \"/\", O_RDONLY|"), err);
        assertTrue(err.endsWith("+++ exited with 0 +++\n"), err);
    }

    private interface Snippet {
        void run() throws Exception;
    }

    private static String capture(boolean stderr, Snippet snippet) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream saved = stderr ? System.err : System.out;
        PrintStream into = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        if (stderr) System.setErr(into); else System.setOut(into);
        try {
            snippet.run();
        } finally {
            if (stderr) System.setErr(saved); else System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
