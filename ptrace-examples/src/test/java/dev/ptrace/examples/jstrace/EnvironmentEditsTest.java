package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** strace's -E edits, checked against what strace 6.1 gives on A=1 B=2 A=3 C B=4 (JstraceProcessOptionsIT). */
class EnvironmentEditsTest {
    private static final List<String> GIVEN = List.of("A=1", "B=2", "A=3", "C", "B=4");

    private static String edit(String... edits) {
        List<byte[]> env = EnvironmentEdits.apply(bytes(GIVEN), bytes(Arrays.asList(edits)));
        return env.stream().map(b -> new String(b, StandardCharsets.UTF_8)).collect(Collectors.joining(" "));
    }

    private static List<byte[]> bytes(List<String> s) {
        return s.stream().map(x -> x.getBytes(StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    @Test
    void setReplacesTheFirstEntryOfThatNameInPlace() {
        assertEquals("A=9 B=2 A=3 C B=4", edit("A=9"));
        assertEquals("A=1 B=2 A=3 C=1 B=4", edit("C=1"));
    }

    @Test
    void aNewNameIsAppendedAndAnEmptyNameIsANameToo() {
        assertEquals("A=1 B=0 A=3 C B=4 D=1", edit("B=0", "D=1"));
        assertEquals("A=1 B=2 A=3 C B=4 =x", edit("=x"));
    }

    @Test
    void aBareNameRemovesEveryEntryOfThatName() {
        assertEquals("B=2 C B=4", edit("A"));
        assertEquals("A=1 B=2 A=3 B=4", edit("C"));
        assertEquals("A=1 B=2 A=3 C B=4", edit("D=1", "D"));
    }

    @Test
    void theBytesOfOtherEntriesAreKept() {
        byte[] odd = {'X', '=', (byte) 0xff, (byte) 0xfe};
        List<byte[]> env = EnvironmentEdits.apply(List.of(odd), bytes(List.of("Y=1")));
        assertEquals(2, env.size());
        assertEquals(Arrays.toString(odd), Arrays.toString(env.get(0)));
    }
}
