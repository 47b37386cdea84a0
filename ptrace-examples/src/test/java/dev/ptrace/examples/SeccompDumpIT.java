package dev.ptrace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.IntegrationSupport;
import dev.ptrace.core.it.ProcessLeaks;
import dev.ptrace.core.it.TestPrograms;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Dumps the filters of a small C program that installs two and then sleeps (built with cc; skipped without). */
@Tag("native")
class SeccompDumpIT {
    private static final String SANDBOXED = String.join("\n",
            "#include <stddef.h>",
            "#include <unistd.h>",
            "#include <sys/prctl.h>",
            "#include <sys/syscall.h>",
            "#include <linux/filter.h>",
            "#include <linux/seccomp.h>",
            "int main(void) {",
            "    struct sock_filter deny[] = {",
            "        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),",
            "        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getuid, 0, 1),",
            "        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),",
            "        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),",
            "    };",
            "    struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };",
            "    struct sock_fprog p1 = { 4, deny }, p2 = { 1, allow };",
            "    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) return 10;",
            "    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG, &p1)) return 11;",
            "    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p2)) return 12;",
            "    for (;;) pause();",
            "}");

    private IntegrationSupport.Grandchild process;

    @BeforeAll
    static void ptrace() {
        IntegrationSupport.requirePtrace();
    }

    @AfterEach
    void stop() {
        if (process != null) {
            assertEquals(0, ProcessLeaks.tracerPid(process.pid()), "detached");
            process.close();
        }
        ExampleRun.assertNoLeaks();
    }

    private long start(String command) throws Exception {
        process = IntegrationSupport.startGrandchild("exec " + command);
        for (int i = 0; i < 200 && ProcessLeaks.state(process.pid()) != 'S'; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(100); // past the exec and the filter installation
        return process.pid();
    }

    @Test
    void disassemblesEveryFilterOldestFirstWithSyscallNames() throws Exception {
        Path exe = TestPrograms.build("sandboxed", SANDBOXED);
        long pid = start(exe.toString());
        ExampleRun r = ExampleRun.of(SeccompDump::run, "-p", Long.toString(pid));
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("pid " + pid + " (sandboxed): seccomp mode 2 (filter), 2 filters\n"), out);
        assertTrue(out.contains("\nfilter 0 (oldest, runs last), flags log:\n"
                + " 0000: 0x20 0x00 0x00 0x00000000  A = nr\n"), out);
        assertTrue(out.matches("(?s).*0001: 0x15 0x00 0x01 0x[0-9a-f]{8}  if \\(A != getuid\\) goto 0003\n"
                + " 0002: 0x06 0x00 0x00 0x00050001  return ERRNO\\(1\\)\n.*"), out);
        assertTrue(out.endsWith("\nfilter 1 (newest, runs first), flags none:\n"
                + " 0000: 0x06 0x00 0x00 0x7fff0000  return ALLOW\n"), out);

        ExampleRun raw = ExampleRun.of(SeccompDump::run, "--numbers", "-p", Long.toString(pid));
        assertTrue(raw.out().matches("(?s).*if \\(A != \\d+\\) goto 0003.*"), raw.out());
    }

    @Test
    void aProcessWithoutFiltersAndAMissingOne() throws Exception {
        long pid = start("sleep 30");
        ExampleRun r = ExampleRun.of(SeccompDump::run, "-p", Long.toString(pid), "-p", "999999999");
        assertEquals(1, r.status(), "one of the two failed");
        assertEquals("pid " + pid + " (sleep): seccomp mode 0 (disabled)\n", r.out());
        assertTrue(r.err().startsWith("seccomp-dump: 999999999: ptrace(PTRACE_SEIZE"), r.err());
    }

    @Test
    void usageErrors() {
        ExampleRun.of(SeccompDump::run).assertUsageError("Missing required option: '-p=PID'");
    }
}
