package dev.ptrace.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrerrorTest {
    @Test
    void glibcTextInTheCLocale() {
        List<String> problems = new ArrayList<>();
        Strerror.Result r = Strerror.read(List.of(2, 5, 11, 512), problems);
        assumeTrue(r != null, "perl cannot run strerror here: " + problems);
        assumeTrue(r.libc().startsWith("glibc"), "not glibc: " + r.libc());
        assertEquals(Map.of(2, "No such file or directory", 5, "Input/output error",
                11, "Resource temporarily unavailable", 512, "Unknown error 512"), r.messages());
        assertFalse(r.libc().isBlank());
    }
}
