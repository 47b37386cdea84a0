package dev.ptrace.core.it;

import dev.ptrace.MemoryMapping;
import dev.ptrace.ProcMaps;
import dev.ptrace.PtracePermissions;
import dev.ptrace.WaitStatus;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parsers of text a tracee or the system controls ({@code /proc/pid/maps}, {@code /proc/pid/status}, wait
 * statuses), fed random and mutated input: they return a value or throw only the documented exception, and
 * finish.
 */
class UntrustedTextPropertiesTest {

    private static final String MAPS = """
            55d0c3a00000-55d0c3a02000 r--p 00000000 08:01 1835027                    /usr/bin/cat
            55d0c3a02000-55d0c3a07000 r-xp 00002000 08:01 1835027                    /usr/bin/cat
            7f1b7ed00000-7f1b7ed22000 rw-p 00000000 00:00 0                          [heap]
            7f1b7ee00000-7f1b7ee01000 rw-s 00000000 00:05 4242                       /dev/zero (deleted)
            7ffd1990b000-7ffd1992c000 rw-p 00000000 00:00 0                          [stack]
            7ffd1993c000-7ffd19940000 r--p 00000000 00:00 0                          [vvar]
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            7f1b7ef00000-7f1b7ef01000 r--p 00000000 08:01 99    /tmp/a file with  spaces
            """;

    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t4242
            Pid:\t4242
            PPid:\t1
            TracerPid:\t0
            Uid:\t0\t0\t0\t0
            Gid:\t0\t0\t0\t0
            CapInh:\t0000000000000000
            CapPrm:\t000001ffffffffff
            CapEff:\t000001ffffffffff
            NoNewPrivs:\t0
            Seccomp:\t2
            Seccomp_filters:\t1
            """;

    /** A maps text: parsed, or refused with IllegalArgumentException naming the line. */
    private static void parsesOrRefuses(String text) {
        try {
            ProcMaps maps = ProcMaps.parse(text);
            for (MemoryMapping m : maps.mappings()) {
                assertTrue(Long.compareUnsigned(m.start(), m.end()) <= 0, m.toString());
                assertNotNull(m.path());
            }
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("malformed maps line "), e.getMessage());
        }
    }

    @Property(tries = 300)
    void mapsOfRandomText(@ForAll @StringLength(max = 300) String text) {
        parsesOrRefuses(text);
    }

    @Property(tries = 1000)
    void mapsMutated(@ForAll("mutatedMaps") String text) {
        parsesOrRefuses(text);
    }

    @Property(tries = 300)
    void wellFormedMapsLinesRoundTrip(@ForAll("mapsLine") String line) {
        ProcMaps maps = ProcMaps.parse(line);
        assertEquals(1, maps.mappings().size(), line);
    }

    @Property(tries = 300)
    void statusOfRandomText(@ForAll @StringLength(max = 300) String text, @ForAll("yama") Optional<String> yama) {
        PtracePermissions p = PtracePermissions.parse(text, yama);
        assertNotNull(p.hints());
    }

    @Property(tries = 1000)
    void statusMutated(@ForAll("mutatedStatus") String text, @ForAll("yama") Optional<String> yama) {
        PtracePermissions p = PtracePermissions.parse(text, yama);
        assertNotNull(p.hints());
        assertTrue(p.yamaScope().isEmpty() || p.yamaScope().getAsInt() >= 0);
    }

    /** Words a kernel can produce: signal fields 0..64 (the low 7 bits, and bits 8..14 of a stop). */
    @Property(tries = 2000)
    void waitStatusOfKernelWords(@ForAll("kernelWord") int raw) {
        checkWaitStatus(raw);
    }

    @Property(tries = 2000)
    void waitStatusOfAnyWord(@ForAll int raw) {
        checkWaitStatus(raw);
    }

    @Provide
    Arbitrary<Integer> kernelWord() {
        return Arbitraries.integers().filter(raw -> (raw & 0x7f) <= 64 || (raw & 0x7f) == 0x7f)
                .filter(raw -> (raw & 0xff) != 0x7f || ((raw >> 8) & 0x7f) <= 64);
    }

    private static void checkWaitStatus(int raw) {
        WaitStatus w = new WaitStatus(raw);
        int kinds = (w.exited() ? 1 : 0) + (w.signaled() ? 1 : 0) + (w.stopped() ? 1 : 0);
        assertTrue(kinds <= 1, "at most one of exited, signaled, stopped: " + Integer.toHexString(raw));
        assertTrue(w.exitStatus() >= 0 && w.exitStatus() <= 255);
        assertTrue(w.stopSignal() >= 0 && w.stopSignal() <= 255);
        assertTrue(w.event() >= 0 && w.event() <= 255);
        assertTrue(w.termSignal() >= 0 && w.termSignal() < 128);
        assertNotNull(w.toString());
        if (w.exited()) {
            assertTrue(w.toString().startsWith("exited("), w.toString());
        }
    }

    @Provide
    Arbitrary<Optional<String>> yama() {
        return Arbitraries.oneOf(Arbitraries.just(Optional.empty()),
                Arbitraries.of("0\n", "1\n", "2", "3\n", "-1", "99999999999", "", "x", " 2 ").map(Optional::of),
                Arbitraries.strings().ofMaxLength(20).map(Optional::of));
    }

    @Provide
    Arbitrary<String> mutatedMaps() {
        return mutated(MAPS);
    }

    @Provide
    Arbitrary<String> mutatedStatus() {
        return mutated(STATUS);
    }

    @Provide
    Arbitrary<String> mapsLine() {
        Arbitrary<String> hex = Arbitraries.longs().greaterOrEqual(0).map(Long::toHexString);
        Arbitrary<String> perms = Combinators.combine(Arbitraries.of("r", "-"), Arbitraries.of("w", "-"),
                Arbitraries.of("x", "-"), Arbitraries.of("p", "s")).as((a, b, c, d) -> a + b + c + d);
        Arbitrary<String> path = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)
                .map(String::stripLeading);
        return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 2), Arbitraries.longs()
                        .between(0, 1 << 20), perms, hex, Arbitraries.longs().greaterOrEqual(0), path)
                .as((start, len, p, off, inode, file) -> Long.toHexString(start) + "-" + Long.toHexString(start + len)
                        + " " + p + " " + off + " 08:01 " + inode + "    " + file);
    }

    /** A valid text with random edits: characters replaced, inserted, deleted, lines duplicated or cut. */
    private static Arbitrary<String> mutated(String base) {
        Arbitrary<Character> any = Arbitraries.oneOf(Arbitraries.chars(),
                Arbitraries.of(' ', '\t', '\n', '-', ':', '0', 'f', 'x', '\0', '\r'));
        Arbitrary<List<int[]>> edits = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, base.length()), Arbitraries.integers().between(0, 40),
                any.map(c -> (int) c)).as((kind, at, len, ch) -> new int[] {kind, at, len, ch}).list().ofMaxSize(8);
        return edits.map(list -> {
            StringBuilder sb = new StringBuilder(base);
            for (int[] e : list) {
                int at = Math.min(e[1], sb.length());
                switch (e[0]) {
                    case 0 -> {
                        if (at < sb.length()) {
                            sb.setCharAt(at, (char) e[3]);
                        }
                    }
                    case 1 -> sb.insert(at, (char) e[3]);
                    case 2 -> sb.delete(at, Math.min(sb.length(), at + e[2]));
                    default -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + e[2])));
                }
            }
            return sb.toString();
        });
    }

    /** Any program a filter could hold (random instructions, jumps past the end included) disassembles. */
    @Property(tries = 1000)
    void bpfDisassemblyOfAnyProgram(@ForAll("programs") List<dev.ptrace.BpfInstruction> program) {
        List<String> lines = dev.ptrace.BpfDisassembler.lines(program, nr -> nr == 39 ? "getpid" : null);
        assertEquals(program.size(), lines.size(), "one line per instruction");
        lines.forEach(l -> assertTrue(l.indexOf('\n') < 0, "a line stays one line: " + l));
    }

    @Provide
    Arbitrary<List<dev.ptrace.BpfInstruction>> programs() {
        Arbitrary<dev.ptrace.BpfInstruction> insn = Combinators.combine(
                Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255), Arbitraries.integers())
                .as(dev.ptrace.BpfInstruction::new);
        return insn.list().ofMaxSize(64);
    }
}
