package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.TestPrograms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * strace's syscall tampering, {@code -e inject=} and {@code -e fault=}: the same trace as strace 6.1's (the
 * {@code (INJECTED)} and {@code (DELAYED)} marks, the errors and values the program then sees and prints, the
 * signals it gets) on a C program, and strace's message for each invalid rule.
 */
@Tag("native")
class JstraceTamperingIT {

    /** Opens /dev/null six times and prints each result, calls getpid twice; SIGUSR1 prints "sig". */
    private static final String PROGRAM = String.join("\n",
            "#include <fcntl.h>",
            "#include <signal.h>",
            "#include <stdio.h>",
            "#include <unistd.h>",
            "static void on_usr1(int s) { (void) s; write(1, \"sig\\n\", 4); }",
            "int main(void) {",
            "    signal(SIGUSR1, on_usr1);",
            "    setvbuf(stdout, NULL, _IONBF, 0);",
            "    for (int i = 0; i < 6; i++) {",
            "        int fd = open(\"/dev/null\", O_RDONLY);",
            "        printf(\"%d\\n\", fd);",
            "        if (fd >= 0) close(fd);",
            "    }",
            "    printf(\"%d\\n\", getpid() == getpid());",
            "    return 0;",
            "}", "");

    @TempDir
    static Path dir;
    private static String program;

    @BeforeAll
    static void needsStraceAndCc() {
        StraceRun.assumeStrace();
        program = TestPrograms.build("tampered", PROGRAM).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-e inject=openat:error=ENOENT:when=3+", "--inject=openat:retval=42:when=3..4",
        "-e inject=openat:error=EPERM:when=3+2", "-e inject=openat:error=13:when=5..7+2",
        "-e inject=getpid:signal=SIGUSR1", "-e inject=getpid:signal=USR1:when=2",
        "-e inject=getpid:error=ENOSYS:signal=10", "-e inject=getpid:delay_enter=1000",
        "-e inject=getpid:delay_exit=2ms:when=2", "-e inject=getpid:retval=5:delay_enter=10",
        "-e inject=getpid:syscall=getppid:retval=7", "-e inject=getpid:error=eperm:syscall=getuid",
        "-e inject=getpid:retval=-1", "-e inject=getpid:retval=0x10", "-e inject=%file:error=EACCES:when=3",
        "-e fault=openat:when=4", "--fault=openat:error=EACCES:when=3..5", "-e fault=openat:when=3+:error=EIO",
        "-e inject=openat:error=EPERM:when=3+ -e inject=openat:retval=9:when=4",
        "-e inject=openat:error=EPERM:when=3+ -e trace=write,openat", "-f -e inject=getpid:retval=1",
        "-f -e trace=getpid,write -e inject=getpid:retval=1:signal=USR1"
    })
    void tamperingAsStrace(String option) throws Exception {
        List<String> command = new ArrayList<>();
        if (!option.contains("trace=")) {
            command.addAll(List.of("-e", "trace=openat,getpid,getppid,getuid,write"));
        }
        command.add(program);
        List<String> actual = StraceRun.compareTraces(dir, option, command, JstraceTamperingIT::mask);
        assertTrue(actual.stream().anyMatch(l -> l.contains("(INJECTED)") || l.contains("(DELAYED)")
                || l.contains("--- SIGUSR1")), option + ": something was tampered with");
    }

    /** Invalid rules: strace's message (no hint to -h) and status 1. */
    @ParameterizedTest
    @ValueSource(strings = {
        "inject=getpid", "inject=getpid:error=FOO", "inject=getpid:retval=x", "inject=getpid:error=EPERM:retval=1",
        "fault=getpid:retval=1", "inject=getpid:when=0", "inject=getpid:signal=FOO", "inject=getpid:delay_enter=-1",
        "inject=getpid:syscall=foo", "inject=getpid:syscall=openat", "inject=foo:error=EPERM",
        "inject=:error=EPERM", "inject=getpid:error=EPERM:bogus=1", "inject=getpid:error=4096",
        "inject=getpid:error=0", "inject=getpid:when=2..1", "inject=getpid:when=1+0",
        "inject=getpid:error=EPERM:when=1..65535", "inject=getpid:error=EPERM:when=1+65536",
        "fault=getpid:delay_enter=5", "fault=getpid:signal=USR1", "inject=getpid:signal=65",
        "inject=getpid:retval=18446744073709551616", "inject=getpid:retval=18446744073709551615",
        "inject=getpid:error=EPERM:when=", "inject=getpid:error=EPERM:syscall=getuid@64", "inject=getpid:error",
        "inject=getpid:syscall=getppid", "inject=getpid:signal=USR1:signal=USR2", "fault=openat:when=3..",
        "fault=getpid:error=EIO:error=EIO"
    })
    void invalidRulesAsStrace(String rule) throws Exception {
        List<String> args = List.of("-e", rule, "-o", "/dev/null", "/bin/true");
        StraceRun.Result s = StraceRun.run(StraceRun.strace(args));
        StraceRun.Result j = StraceRun.run(StraceRun.jstrace(args));
        assertEquals(s.status(), j.status(), rule);
        assertEquals(s.stderr().replace("strace", "jstrace"), j.stderr(), rule);
    }

    @Test
    void pokingMemoryIsRefusedWithAReason() throws Exception {
        for (String rule : List.of("inject=getpid:poke_enter=@arg1=00", "inject=getpid:poke_exit=@arg2=ff")) {
            StraceRun.Result j = StraceRun.run(StraceRun.jstrace(List.of("-e", rule, "/bin/true")));
            assertEquals(1, j.status(), rule);
            assertTrue(j.stderr().matches("jstrace: [^\n]* is not supported: [^\n]*\n"), j.stderr());
        }
    }

    /** getpid's value and -f's pid column differ from run to run. */
    private static String mask(String l) {
        return l.replaceFirst("^\\d+ +", "PID ").replaceFirst("^((PID )?get(p?pid|uid)\\(\\) += )\\d{3,}", "$1N");
    }
}
