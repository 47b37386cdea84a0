package dev.ptrace.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ptrace.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibrarySearchPathTest {

    private static final List<String> STANDARD = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib64", "/lib64", "/usr/lib", "/lib");

    @Test
    void standardDirectoriesComeFirstThenThoseOfLdSoConfAndItsIncludesInOrder(@TempDir Path etc) throws IOException {
        Path d = Files.createDirectory(etc.resolve("ld.so.conf.d"));
        Files.writeString(etc.resolve("ld.so.conf"), "# comment\ninclude ld.so.conf.d/*.conf\n/opt/last/\n");
        Files.writeString(d.resolve("b.conf"), "/opt/b # trailing comment\n/usr/lib/x86_64-linux-gnu\n");
        Files.writeString(d.resolve("a.conf"), "/opt/a1 /opt/a2\n\n  /opt/a3=libc5\nhwcap 0 nosegneg\n");
        Files.writeString(d.resolve("c.txt"), "/opt/not-a-conf-file\n");
        List<String> expected = new java.util.ArrayList<>(STANDARD);
        expected.addAll(List.of("/opt/a1", "/opt/a2", "/opt/a3", "/opt/b", "/opt/last"));
        assertEquals(expected, LibrarySearchPath.directories(Arch.X86_64, etc.resolve("ld.so.conf")));
    }

    @Test
    void absoluteIncludesAndIncludeCyclesAreHandled(@TempDir Path etc) throws IOException {
        Path conf = etc.resolve("ld.so.conf");
        Files.writeString(conf, "include " + conf + "\n/opt/x\n");
        List<String> expected = new java.util.ArrayList<>(STANDARD);
        expected.add("/opt/x");
        assertEquals(expected, LibrarySearchPath.directories(Arch.X86_64, conf));
    }

    @Test
    void aMissingConfigurationLeavesTheStandardDirectories(@TempDir Path etc) {
        assertEquals(List.of("/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64",
                "/usr/lib", "/lib"), LibrarySearchPath.directories(Arch.AARCH64, etc.resolve("nothing")));
    }
}
