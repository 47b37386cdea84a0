package dev.ptrace.core.unwind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.MemoryMapping;
import dev.ptrace.ProcMaps;
import dev.ptrace.core.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Call-frame information and symbols of real ELF files of this machine (the C library the JVM runs on). */
class UnwindFileTest {

    /** The libc this JVM has mapped. */
    private static Path libc() throws IOException {
        ProcMaps maps = ProcMaps.parse(Files.readString(Path.of("/proc/self/maps")));
        return maps.mappings().stream().map(MemoryMapping::file).flatMap(java.util.Optional::stream)
                .filter(f -> f.endsWith("/libc.so.6")).findFirst().map(Path::of)
                .orElseThrow(() -> new org.opentest4j.TestAbortedException("no glibc mapped by this JVM"));
    }

    @Test
    void everyLibcFunctionHasAnFdeWhoseProgramRunsToItsEnd() throws Exception {
        Path libc = libc();
        ElfFile elf = ElfFile.read(libc);
        UnwindFile file = UnwindFile.read(libc);
        assertNull(file.problem());
        ElfFile.Section hdr = elf.section(".eh_frame_hdr").orElseThrow();
        ElfFile.Section frame = elf.section(".eh_frame").orElseThrow();
        CallFrameEntries walked = new CallFrameEntries(elf.contents(frame, UnwindFile.MAX_SECTION), frame.address(),
                null, 0); // the index built by walking .eh_frame must agree with the header's table
        int functions = 0;
        int covered = 0;
        for (ElfFile.Symbol s : elf.symbols()) {
            if (s.type() != ElfFile.STT_FUNC || !s.isDefined() || s.size() == 0) {
                continue;
            }
            functions++;
            CallFrameEntries.Fde fde = file.frames().find(s.value());
            if (fde == null) {
                continue;
            }
            covered++;
            assertEquals(fde.begin(), walked.find(s.value()).begin(), s.name());
            CfiRow start = CfiProgram.rowFor(fde, fde.begin());
            CfiRow last = CfiProgram.rowFor(fde, fde.end() - 1);
            assertNotNull(last);
            if (elf.machine() == ElfFile.EM_X86_64 && fde.begin() == s.value() && !fde.cie().signalFrame()) {
                // at a function's first instruction the return address is at the top of the stack
                assertEquals(7, start.cfaRegister, s.name());
                assertEquals(8, start.cfaOffset, s.name());
                assertEquals(CfiRow.Rule.OFFSET, start.rules[16], s.name());
                assertEquals(-8, start.operands[16], s.name());
            }
        }
        assertTrue(functions > 1000, functions + " functions");
        assertTrue(covered > functions * 9 / 10, covered + " of " + functions + " functions have CFI");
    }

    @Test
    void framesAreNamedByTheFirstFunctionAtOrBelowThemAsStraceNamesThem() throws Exception {
        Path libc = libc();
        ElfFile elf = ElfFile.read(libc);
        Assumptions.assumeTrue(elf.machine() == ElfFile.EM_X86_64, "glibc symbol names checked on x86_64");
        UnwindFile file = UnwindFile.read(libc);
        long getpid = elf.symbol("getpid").orElseThrow().value();
        // getpid and __getpid share an address: strace 6.1 prints __getpid, the first in .dynsym
        assertEquals(new UnwindFile.Function(getpid, "__getpid"), file.functionAt(getpid + 7));
        long exit = elf.symbol("exit").orElseThrow().value();
        assertEquals("exit", file.functionAt(exit).name());
        assertEquals(exit, file.functionAt(exit + 0x1a).address());
        assertNull(UnwindFile.of(List.of(), null, List.of(new UnwindFile.Function(0x100, "f"))).functionAt(0xff));
    }

    @Test
    void fileOffsetsBecomeLinkAddressesThroughTheirSegment() {
        UnwindFile f = UnwindFile.of(List.of(new ElfFile.Segment(0, 0, 0x1000, 0x1000, 4),
                new ElfFile.Segment(0x1000, 0x201000, 0x500, 0x500, 5)), null, List.of());
        assertEquals(0x10, f.linkAddress(0x10));
        assertEquals(0x201234, f.linkAddress(0x1234));
        assertEquals(-1, f.linkAddress(0x1600));
    }

    @Test
    void damagedFilesGiveNoFramesAndNoException(@TempDir Path dir) throws Exception {
        byte[] image = Files.readAllBytes(libc());
        Random random = new Random(14);
        for (int i = 0; i < 40; i++) {
            byte[] copy = java.util.Arrays.copyOf(image, random.nextInt(image.length));
            for (int k = 0; k < 64; k++) {
                copy[random.nextInt(Math.max(1, Math.min(copy.length, 8192)))] = (byte) random.nextInt();
            }
            Path p = dir.resolve("damaged" + i);
            Files.write(p, copy);
            UnwindFile f = UnwindFile.read(p); // must not throw
            if (f.frames() != null) {
                try {
                    f.frames().find(0x30000);
                } catch (CfiException expected) {
                    assertNotNull(expected.getMessage());
                }
            }
        }
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertNull(UnwindFile.read(empty).frames());
        assertNotNull(UnwindFile.read(dir.resolve("missing")).problem());
    }

    @Test
    void cacheReadsAFileOnceAndAgainWhenItIsReplaced() {
        AtomicInteger reads = new AtomicInteger();
        List<Path> paths = new ArrayList<>();
        UnwindFileCache cache = new UnwindFileCache(p -> {
            reads.incrementAndGet();
            paths.add(p);
            return UnwindFile.of(List.of(), null, List.of());
        });
        MemoryMapping m = new MemoryMapping(0x1000, 0x2000, "r-xp", 0, "08:01", 42, "/nonexistent/lib.so");
        UnwindFile first = cache.get(1, m, "/nonexistent/lib.so");
        assertEquals(first, cache.get(1, m, "/nonexistent/lib.so"));
        assertEquals(1, reads.get());
        MemoryMapping replaced = new MemoryMapping(0x1000, 0x2000, "r-xp", 0, "08:01", 43, "/nonexistent/lib.so");
        cache.get(1, replaced, "/nonexistent/lib.so");
        assertEquals(2, reads.get());
        // a path that names no file (or another one) is read through the mapping itself
        assertEquals(Path.of("/proc/1/map_files/1000-2000"), paths.get(0));
        for (int i = 0; i < 200; i++) {
            cache.get(1, new MemoryMapping(0x1000, 0x2000, "r-xp", 0, "08:01", 100 + i, "/x"), "/x");
        }
        assertTrue(cache.size() <= 128, "bounded: " + cache.size());
    }
}
