package dev.ptrace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpawnOptionsTest {

    @Test
    void defaults() {
        SpawnOptions d = SpawnOptions.defaults();
        assertEquals(Optional.empty(), d.environment());
        assertEquals(Optional.empty(), d.directory());
        assertEquals(Redirect.INHERIT, d.stdin());
        assertEquals(Redirect.INHERIT, d.stdout());
        assertEquals(Redirect.INHERIT, d.stderr());
        assertEquals(Set.of(), d.ptraceOptions());
        assertTrue(d.killOnExit());
    }

    @Test
    void eachWitherChangesOnlyItsField() {
        SpawnOptions d = SpawnOptions.defaults();
        Path log = Path.of("/tmp/log");
        assertEquals(new SpawnOptions(Optional.of(List.of("A=1".getBytes(StandardCharsets.UTF_8))), Optional.empty(),
                Redirect.INHERIT,
                Redirect.INHERIT, Redirect.INHERIT, Set.of(), true), d.withEnvironment(Map.of("A", "1")));
        assertEquals(Optional.of(Path.of("/srv")), d.withDirectory(Path.of("/srv")).directory());
        SpawnOptions io = d.withStdin(Redirect.DISCARD).withStdout(Redirect.PIPE).withStderr(Redirect.file(log));
        assertEquals(Redirect.DISCARD, io.stdin());
        assertEquals(Redirect.PIPE, io.stdout());
        assertEquals(new Redirect.ToFile(log, false), io.stderr());
        assertEquals(Optional.empty(), io.environment());
        assertTrue(io.killOnExit());
        assertFalse(d.withKillOnExit(false).killOnExit());
        assertEquals(Redirect.INHERIT, d.withKillOnExit(false).stdout());
        assertEquals(Set.of(PtraceOption.TRACEEXIT),
                d.withPtraceOptions(EnumSet.of(PtraceOption.TRACEEXIT)).ptraceOptions());
        assertEquals(SpawnOptions.defaults(), d, "the original is unchanged");
    }

    @Test
    void followingChildrenAddsForkVforkCloneToExistingOptions() {
        SpawnOptions f = SpawnOptions.defaults().withPtraceOptions(Set.of(PtraceOption.TRACESECCOMP))
                .followingChildren();
        assertEquals(EnumSet.of(PtraceOption.TRACESECCOMP, PtraceOption.TRACEFORK, PtraceOption.TRACEVFORK,
                PtraceOption.TRACECLONE), f.ptraceOptions());
        assertEquals(PtraceOption.followChildren(), SpawnOptions.defaults().followingChildren().ptraceOptions());
    }

    @Test
    void collectionsAreCopiedAndImmutable() {
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));
        EnumSet<PtraceOption> opts = EnumSet.of(PtraceOption.TRACEFORK);
        SpawnOptions o = SpawnOptions.defaults().withEnvironment(env).withPtraceOptions(opts);
        env.put("B", "2");
        opts.add(PtraceOption.TRACEEXIT);
        assertEquals(List.of("A=1"), text(o.environment().orElseThrow()));
        assertEquals(Set.of(PtraceOption.TRACEFORK), o.ptraceOptions());
        assertThrows(UnsupportedOperationException.class, () -> o.environment().orElseThrow().add(new byte[0]));
        assertThrows(UnsupportedOperationException.class, () -> o.ptraceOptions().add(PtraceOption.TRACEEXEC));
        byte[] entry = {'X', '=', (byte) 0xff};
        SpawnOptions raw = SpawnOptions.defaults().withEnvironmentEntries(List.of(entry));
        entry[2] = 'y';
        raw.environment().orElseThrow().get(0)[2] = 'z';
        assertArrayEquals(new byte[] {'X', '=', (byte) 0xff}, raw.environment().orElseThrow().get(0),
                "the bytes are copied in and out");
    }

    @Test
    void environmentKeepsTheOrderAndBytesGivenAndComparesByContent() {
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("Z", "1");
        ordered.put("A", "2");
        ordered.put("M", "3");
        assertEquals(List.of("Z=1", "A=2", "M=3"),
                text(SpawnOptions.defaults().withEnvironment(ordered).environment().orElseThrow()));
        byte[] notUtf8 = {'V', '=', (byte) 0xc3, (byte) 0x28};
        SpawnOptions a = SpawnOptions.defaults().withEnvironmentEntries(List.of(notUtf8));
        SpawnOptions b = SpawnOptions.defaults().withEnvironmentEntries(List.of(notUtf8.clone()));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, SpawnOptions.defaults().withEnvironmentEntries(List.of(new byte[] {'V', '='})));
        assertNotEquals(a, SpawnOptions.defaults());
    }

    private static List<String> text(List<byte[]> entries) {
        return entries.stream().map(e -> new String(e, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void nullsAreRejected() {
        SpawnOptions d = SpawnOptions.defaults();
        assertThrows(NullPointerException.class, () -> d.withStdin(null));
        assertThrows(NullPointerException.class, () -> d.withStdout(null));
        assertThrows(NullPointerException.class, () -> d.withStderr(null));
        assertThrows(NullPointerException.class, () -> new SpawnOptions(Optional.empty(), null, Redirect.INHERIT,
                Redirect.INHERIT, Redirect.INHERIT, Set.of(), true));
    }

    @Test
    void redirects() {
        assertEquals(new Redirect.ToFile(Path.of("/dev/null"), false), Redirect.DISCARD);
        assertEquals(new Redirect.ToFile(Path.of("/a"), true), Redirect.appendTo(Path.of("/a")));
        assertFalse(((Redirect.ToFile) Redirect.file(Path.of("/a"))).append());
        assertThrows(NullPointerException.class, () -> Redirect.file(null));
        assertTrue(Redirect.PIPE instanceof Redirect.Pipe);
        assertTrue(Redirect.INHERIT instanceof Redirect.Inherit);
    }
}
