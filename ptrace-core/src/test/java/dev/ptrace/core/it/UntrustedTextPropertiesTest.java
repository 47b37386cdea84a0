package dev.ptrace.core.it;

import dev.ptrace.MemoryMapping;
import dev.ptrace.ProcMaps;
import dev.ptrace.PtracePermissions;
import dev.ptrace.WaitStatus;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

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

    private static Gen<String> text(int maxLength) {
        return strings().allPossible().ofLengthBetween(0, maxLength);
    }

    @Test
    void mapsOfRandomText() {
        qt().withExamples(300).forAll(text(300)).checkAssert(UntrustedTextPropertiesTest::parsesOrRefuses);
    }

    @Test
    void mapsMutated() {
        qt().withExamples(1000).forAll(mutated(MAPS)).checkAssert(UntrustedTextPropertiesTest::parsesOrRefuses);
    }

    @Test
    void wellFormedMapsLinesRoundTrip() {
        qt().withExamples(300).forAll(mapsLine())
                .checkAssert(line -> assertEquals(1, ProcMaps.parse(line).mappings().size(), line));
    }

    @Test
    void statusOfRandomText() {
        qt().withExamples(300).forAll(text(300), yama())
                .checkAssert((text, yama) -> assertNotNull(PtracePermissions.parse(text, yama).hints()));
    }

    @Test
    void statusMutated() {
        qt().withExamples(1000).forAll(mutated(STATUS), yama()).checkAssert((text, yama) -> {
            PtracePermissions p = PtracePermissions.parse(text, yama);
            assertNotNull(p.hints());
            assertTrue(p.yamaScope().isEmpty() || p.yamaScope().getAsInt() >= 0);
        });
    }

    /** Words a kernel can produce: signal fields 0..64 (the low 7 bits, and bits 8..14 of a stop). */
    @Test
    void waitStatusOfKernelWords() {
        qt().withExamples(2000).forAll(kernelWord()).checkAssert(UntrustedTextPropertiesTest::checkWaitStatus);
    }

    @Test
    void waitStatusOfAnyWord() {
        qt().withExamples(2000).forAll(integers().all()).checkAssert(UntrustedTextPropertiesTest::checkWaitStatus);
    }

    private static Gen<Integer> kernelWord() {
        return integers().all().map(raw -> (raw & ~0x7f) | ((raw & 0x7f) % 65))
                .mix(integers().all().map(raw -> (raw & ~0x7f00) | 0x7f | ((((raw >> 8) & 0x7f) % 65) << 8)));
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

    private static Gen<Optional<String>> yama() {
        return Generate.oneOf(Generate.constant(Optional.empty()),
                Generate.pick(List.of("0\n", "1\n", "2", "3\n", "-1", "99999999999", "", "x", " 2 "))
                        .map(Optional::of),
                text(20).map(Optional::of));
    }

    private static Gen<String> mapsLine() {
        Gen<String> rwxp = Generate.pick(List.of("r", "-")).zip(Generate.pick(List.of("w", "-")),
                Generate.pick(List.of("x", "-")), Generate.pick(List.of("p", "s")), (a, b, c, d) -> a + b + c + d);
        Gen<String> path = strings().betweenCodePoints(' ', '~').ofLengthBetween(0, 40).map(String::stripLeading);
        Gen<String> range = longs().between(0, Long.MAX_VALUE / 2).zip(longs().between(0, 1 << 20),
                (start, len) -> Long.toHexString(start) + "-" + Long.toHexString(start + len));
        Gen<String> offset = longs().between(0, Long.MAX_VALUE).map(Long::toHexString);
        return range.zip(rwxp, offset, longs().between(0, Long.MAX_VALUE), path,
                (r, p, off, inode, file) -> r + " " + p + " " + off + " 08:01 " + inode + "    " + file);
    }

    /** A valid text with random edits: characters replaced, inserted, deleted, lines duplicated or cut. */
    private static Gen<String> mutated(String base) {
        Gen<Integer> any = Generate.oneOf(integers().between(0, 0xffff),
                Generate.pick(List.of((int) ' ', (int) '\t', (int) '\n', (int) '-', (int) ':', (int) '0',
                        (int) 'f', (int) 'x', 0, (int) '\r')));
        Gen<int[]> edit = integers().between(0, 3).zip(integers().between(0, base.length()),
                integers().between(0, 40), any, (kind, at, len, ch) -> new int[] {kind, at, len, ch});
        return lists().of(edit).ofSizeBetween(0, 8).map(list -> {
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
    @Test
    void bpfDisassemblyOfAnyProgram() {
        Gen<dev.ptrace.BpfInstruction> insn = integers().between(0, 0xffff).zip(integers().between(0, 255),
                integers().between(0, 255), integers().all(), dev.ptrace.BpfInstruction::new);
        qt().withExamples(1000).forAll(lists().of(insn).ofSizeBetween(0, 64)).checkAssert(program -> {
            List<String> lines = dev.ptrace.BpfDisassembler.lines(program, nr -> nr == 39 ? "getpid" : null);
            assertEquals(program.size(), lines.size(), "one line per instruction");
            lines.forEach(l -> assertTrue(l.indexOf('\n') < 0, "a line stays one line: " + l));
        });
    }
}
