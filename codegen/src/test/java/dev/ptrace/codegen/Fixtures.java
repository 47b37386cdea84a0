package dev.ptrace.codegen;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the fixture headers under src/test/resources/fixtures. */
final class Fixtures {
    private Fixtures() {
    }

    static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path aarch64Unistd() {
        return root().resolve("aarch64/include/asm/unistd.h");
    }

    static Path x86Unistd() {
        return root().resolve("x86/include/x86_64-linux-gnu/asm/unistd_64.h");
    }

    static Path syscallsH() {
        return root().resolve("kernel/include/linux/syscalls.h");
    }

    static Path kernelRoot() {
        return root().resolve("kernel");
    }
}
