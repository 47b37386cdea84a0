package dev.ptrace.core.it;

import dev.ptrace.PtracePermissions;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Shared rules of the integration tests: they run on real processes when ptrace is permitted; otherwise they are
 * skipped with the permission diagnosis, unless {@code PTRACE_RUN_INTEGRATION=1} (CI) makes that a failure.
 */
public final class IntegrationSupport {
    private IntegrationSupport() {
    }

    /** Skips (or, on CI, fails) when this JVM cannot trace. */
    public static void requirePtrace() {
        PtracePermissions p = PtracePermissions.current();
        String os = System.getProperty("os.name", "");
        String reason = !os.startsWith("Linux") ? "ptrace needs Linux, this is " + os
                : p.canTraceChildren() ? null : String.join("; ", p.hints());
        if (reason == null && p.seccompMode() != 0 && !p.capSysPtrace()) {
            reason = "this JVM runs under seccomp without CAP_SYS_PTRACE: " + String.join("; ", p.hints());
        }
        if (reason != null) {
            if ("1".equals(System.getenv("PTRACE_RUN_INTEGRATION"))) {
                Assertions.fail("PTRACE_RUN_INTEGRATION=1 but ptrace is not usable here: " + reason);
            }
            Assumptions.assumeTrue(false, "ptrace is not usable here: " + reason);
        }
    }

    /**
     * A process that is NOT a child of this JVM: {@code sh -c 'CMD & echo $!; wait $!'} prints the pid of its
     * background child and waits for it, exiting with its status. The JDK's process reaper waits on the shell only, never on the child, and
     * the shell reaps the child (an orphan would be left to pid 1, which does not reap on every machine).
     *
     * @param pid the background process
     * @param shell its parent, a child of this JVM
     */
    public record Grandchild(long pid, Process shell) implements AutoCloseable {
        /** Kills the process and waits for its shell to reap it and exit. */
        @Override
        public void close() throws Exception {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            if (!shell.waitFor(10, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        }
    }

    /** Sends a signal to any process with kill(1). */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** Starts {@code command} as a {@link Grandchild}. */
    public static Grandchild startGrandchild(String command) throws IOException {
        Process sh = new ProcessBuilder("sh", "-c", command + " >/dev/null 2>&1 </dev/null & echo $!; wait $!")
                .redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(sh.getInputStream(),
                StandardCharsets.UTF_8)).readLine();
        return new Grandchild(Long.parseLong(line.trim()), sh);
    }

}
