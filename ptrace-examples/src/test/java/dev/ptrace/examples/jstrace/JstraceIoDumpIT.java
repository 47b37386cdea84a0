package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.core.it.TestPrograms;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * strace's {@code -e read=SET} and {@code -e write=SET}: the hex dumps after reads and writes, plain and vectored,
 * on pipes, sockets and files, compared line for line with strace 6.1's on a C program.
 */
@Tag("native")
class JstraceIoDumpIT {

    /** Pipe 3/4, socket pair 5/6, file 7: each kind of read and write once, with text, tabs and non-ASCII. */
    private static final String PROGRAM = String.join("\n",
            "#include <fcntl.h>",
            "#include <string.h>",
            "#include <sys/socket.h>",
            "#include <sys/uio.h>",
            "#include <unistd.h>",
            "int main(void) {",
            "    int p[2], s[2];",
            "    char b[128], x[3], y[40];",
            "    pipe(p);",
            "    socketpair(AF_UNIX, SOCK_STREAM, 0, s);",
            "    write(p[1], \"hello\\tw\\366rld \\1\\2 and some more text to pass sixteen bytes\\n\", 53);",
            "    read(p[0], b, sizeof b);",
            "    struct iovec w[2] = {{\"ab\", 2}, {\"cdefghijklmnopqrstuvwxyz0123\", 28}};",
            "    struct iovec r[2] = {{x, 3}, {y, 40}};",
            "    writev(p[1], w, 2);",
            "    readv(p[0], r, 2);",
            "    send(s[0], \"xyz\", 3, 0);",
            "    recv(s[1], b, sizeof b, 0);",
            "    struct msghdr m;",
            "    memset(&m, 0, sizeof m);",
            "    m.msg_iov = w; m.msg_iovlen = 2;",
            "    sendmsg(s[0], &m, 0);",
            "    m.msg_iov = r;",
            "    recvmsg(s[1], &m, 0);",
            "    int f = open(\"/dev/null\", O_RDWR);",
            "    pwrite(f, \"0123456789abcdefghij\", 20, 0);",
            "    pread(f, b, 8, 0);",
            "    write(9, \"bad fd\", 6);",
            "    write(1, \"\", 0);",
            "    return 0;",
            "}", "");

    @TempDir
    static Path dir;
    private static String program;

    @BeforeAll
    static void needsStraceAndCc() {
        StraceRun.assumeStrace();
        program = TestPrograms.build("io_dump", PROGRAM).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-e read=all -e write=all", "--read=all --write=all", "-e read=3", "-e write=4", "-e r=6 -e w=5",
        "-e read=!3 -e write=none", "-e read=5,6,7 -e write=1,5,9", "-e write=all -e trace=writev,sendmsg",
        "-e read=all -e trace=none", "-e read=all -e write=all -e status=successful", "-e write=all -x",
        "-e read=all -e write=all -s 4", "-e read=all -e write=all -f", "-e read=9 -e write=9"
    })
    void dumpsAsStrace(String option) throws Exception {
        List<String> actual = StraceRun.compareTraces(dir, option, List.of(program), JstraceIoDumpIT::mask);
        if (option.contains("read=all") && !option.contains("trace=none")) {
            assertTrue(actual.stream().anyMatch(l -> l.startsWith(" | 00000")), "some data was dumped");
        }
    }

    /** The loader's addresses (mmap, brk, arch_prctl ...), set_tid_address's result and -f's pid column. */
    private static String mask(String l) {
        String line = l.replaceAll("0x[0-9a-f]{6,}", "ADDR").replaceFirst("^\\d+ +", "PID ");
        return line.replaceFirst("^((PID )?set_tid_address\\(ADDR\\) +=) \\d+$", "$1 TID");
    }
}
