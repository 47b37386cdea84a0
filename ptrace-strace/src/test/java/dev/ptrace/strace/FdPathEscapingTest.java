package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Arch;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.SyscallTables;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code -y}, a file name is printed inside {@code <...>}: it must not forge trace text, so it is escaped as
 * strace 6.1 escapes it ({@code \n}, {@code \"}, {@code \\}, {@code \t}, octal for {@code >} and non-ASCII bytes).
 */
class FdPathEscapingTest {
    private static final SyscallTables X86 = SyscallTables.of(Arch.X86_64);

    @TempDir
    Path dir;

    @Test
    void aFileNameCannotForgeTraceText() throws Exception {
        assumeTrue(Arch.current() == Arch.X86_64 && Files.isDirectory(Path.of("/proc/self/fd")), "Linux x86_64");
        Path nasty = dir.resolve("a\nb>c\u00e9(d\te\"f\\g");
        try (FileOutputStream f = new FileOutputStream(nasty.toFile())) {
            int fd = -1;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path p : (Iterable<Path>) fds::iterator) {
                    try {
                        if (Files.readSymbolicLink(p).equals(nasty)) {
                            fd = Integer.parseInt(p.getFileName().toString());
                        }
                    } catch (java.io.IOException gone) {
                        // the listing's own descriptor
                    }
                }
            }
            Tracee self = mock(Tracee.class);
            when(self.pid()).thenReturn((int) ProcessHandle.current().pid());
            when(self.memory()).thenReturn(new FakeMemory().putString(0x1000, "hi\n"));
            SyscallFormatter formatter = new SyscallFormatter(X86, SyscallFilter.all(),
                    new DecodeContext(X86, 32, true, ConstantStyle.ABBREV));
            int write = X86.syscallNumber("write").orElseThrow();
            SyscallFormatter.Pending p = formatter.enter(self, write, new SyscallArgs(fd, 0x1000, 3, 0, 0, 0), 0, 0);
            assertEquals("write(" + fd + "<" + dir + "/a\\nb\\76c\\303\\251(d\\te\\\"f\\\\g>, \"hi\\n\", 3) = 3",
                    formatter.exit(self, p, write, 3, false, 1).toString().replaceAll("\\) +=", ") ="));
        }
    }
}
