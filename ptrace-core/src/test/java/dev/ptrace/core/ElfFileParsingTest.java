package dev.ptrace.core;

import dev.ptrace.MemoryMapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ELF reader on small files built in memory: symbol tables and their choice, and malformed headers. */
class ElfFileParsingTest {
    private static final Path NAME = Path.of("built.so");

    /**
     * A shared object: two program headers (PT_LOAD, PT_INTERP), sections [null, .strtab, .symtab, .dynsym] at the
     * end. Symbols are (name, info, section, value).
     */
    static final class Builder {
        final ByteOrder order;
        int phentsize = 56;
        int shentsize = 64;
        long symEntsize = 24;
        int symLink = 1;
        boolean extendedNumbering;
        String interp = "/lib/ld-test.so.1";
        final List<Object[]> symtab = new java.util.ArrayList<>();
        final List<Object[]> dynsym = new java.util.ArrayList<>();

        Builder(ByteOrder order) {
            this.order = order;
        }

        Builder sym(boolean dynamic, String name, int type, int binding, int section, long value) {
            (dynamic ? dynsym : symtab).add(new Object[] {name, (type & 0xf) | (binding << 4), section, value});
            return this;
        }

        ByteBuffer build() {
            ByteBuffer b = ByteBuffer.allocate(8192).order(order);
            b.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
            b.put(4, (byte) 2).put(5, (byte) (order == ByteOrder.BIG_ENDIAN ? 2 : 1)).put(6, (byte) 1);
            b.putShort(16, (short) ElfFile.ET_DYN).putShort(18, (short) ElfFile.EM_AARCH64).putInt(20, 1);
            b.putLong(24, 0x1040).putLong(32, 64);
            b.putShort(52, (short) 64).putShort(54, (short) phentsize).putShort(56, (short) 2);
            int ph = 64;
            b.putInt(ph, 1).putInt(ph + 4, 5).putLong(ph + 8, 0).putLong(ph + 16, 0).putLong(ph + 24, 0)
                    .putLong(ph + 32, 0x3000).putLong(ph + 40, 0x3000).putLong(ph + 48, 0x1000);
            ph += phentsize;
            int interpAt = 400;
            byte[] ib = (interp + "\0").getBytes(StandardCharsets.UTF_8);
            b.put(interpAt, ib);
            b.putInt(ph, 3).putInt(ph + 4, 4).putLong(ph + 8, interpAt).putLong(ph + 32, ib.length);

            // string table
            int strAt = 512;
            StringBuilder strings = new StringBuilder("\0");
            java.util.Map<String, Integer> offsets = new java.util.HashMap<>();
            for (List<Object[]> table : List.of(symtab, dynsym)) {
                for (Object[] s : table) {
                    String name = (String) s[0];
                    if (!name.isEmpty() && !offsets.containsKey(name) && !name.startsWith("#")) {
                        offsets.put(name, strings.length());
                        strings.append(name).append('\0');
                    }
                }
            }
            byte[] sb = strings.toString().getBytes(StandardCharsets.UTF_8);
            b.put(strAt, sb);
            int symAt = 2048;
            int dynAt = symAt + (int) symEntsize * (symtab.size() + 1);
            writeSyms(b, symAt, symtab, offsets, sb.length);
            writeSyms(b, dynAt, dynsym, offsets, sb.length);

            int shoff = 6144;
            int n = 4;
            b.putLong(40, shoff).putShort(58, (short) shentsize).putShort(60, (short) (extendedNumbering ? 0 : n));
            if (extendedNumbering) {
                b.putLong(shoff + 32, n); // section 0's sh_size holds the count
            }
            section(b, shoff + shentsize, 3, strAt, sb.length, 0, 0);
            section(b, shoff + 2L * shentsize, 2, symAt, symEntsize * (symtab.size() + 1), symLink, symEntsize);
            section(b, shoff + 3L * shentsize, 11, dynAt, symEntsize * (dynsym.size() + 1), symLink, symEntsize);
            return b;
        }

        private void writeSyms(ByteBuffer b, int at, List<Object[]> syms, java.util.Map<String, Integer> offsets,
                               int strSize) {
            for (int i = 0; i < syms.size(); i++) {
                Object[] s = syms.get(i);
                int e = at + (int) symEntsize * (i + 1);
                String name = (String) s[0];
                int nameOff = name.isEmpty() ? 0 : name.startsWith("#") ? strSize + 10 : offsets.get(name);
                b.putInt(e, nameOff).put(e + 4, (byte) (int) (Integer) s[1]).putShort(e + 6, (short) (int) (Integer) s[2])
                        .putLong(e + 8, (Long) s[3]).putLong(e + 16, 16);
            }
        }

        private static void section(ByteBuffer b, long at, int type, long offset, long size, int link, long entsize) {
            int a = (int) at;
            b.putInt(a + 4, type).putLong(a + 24, offset).putLong(a + 32, size).putInt(a + 40, link)
                    .putLong(a + 56, entsize);
        }
    }

    static Builder sample(ByteOrder order) {
        return new Builder(order)
                .sym(false, "main", ElfFile.STT_FUNC, ElfFile.STB_GLOBAL, 5, 0x1100)
                .sym(false, "helper", ElfFile.STT_FUNC, ElfFile.STB_LOCAL, 5, 0x1200)
                .sym(false, "helper", 0, ElfFile.STB_GLOBAL, 5, 0x1300) // NOTYPE: a function wins over it
                .sym(false, "dup", ElfFile.STT_FUNC, ElfFile.STB_WEAK, 5, 0x1400)
                .sym(false, "dup", ElfFile.STT_FUNC, ElfFile.STB_GLOBAL, 5, 0x1500)
                .sym(false, "#beyond", ElfFile.STT_FUNC, ElfFile.STB_GLOBAL, 5, 0x1550) // name past .strtab
                .sym(false, "", ElfFile.STT_FUNC, ElfFile.STB_GLOBAL, 5, 0x1560) // no name
                .sym(false, "undef", ElfFile.STT_FUNC, ElfFile.STB_GLOBAL, 0, 0)
                .sym(true, "dup@@V1", ElfFile.STT_FUNC, ElfFile.STB_GLOBAL, 5, 0x1600)
                .sym(true, "ifunc", ElfFile.STT_GNU_IFUNC, ElfFile.STB_GLOBAL, 5, 0x1700)
                .sym(true, "obj", ElfFile.STT_OBJECT, ElfFile.STB_WEAK, 6, 0x1800)
                .sym(true, "main", ElfFile.STT_FUNC, ElfFile.STB_GLOBAL, 5, 0x1100);
    }

    @Test
    void sectionsAreNamedThroughShstrndx() throws IOException {
        ByteBuffer b = sample(ByteOrder.LITTLE_ENDIAN).build();
        b.putShort(62, (short) 1); // .strtab names the sections too
        b.putInt(6144 + 2 * 64, 1); // section 2 takes the name at offset 1 of it: the first symbol's, "main"
        ElfFile elf = ElfFile.parse(NAME, b);
        assertEquals(List.of(0, 3, 2, 11), elf.sections().stream().map(ElfFile.Section::type).toList());
        assertEquals("main", elf.sections().get(2).name());
        assertEquals(2048, elf.section("main").orElseThrow().offset());
        assertEquals("", elf.sections().get(1).name());
    }

    @Test
    void headerSegmentsInterpreterAndSymbols() throws IOException {
        ElfFile elf = ElfFile.parse(NAME, sample(ByteOrder.LITTLE_ENDIAN).build());
        assertEquals(NAME, elf.path());
        assertEquals(ElfFile.ET_DYN, elf.type());
        assertTrue(elf.isPositionIndependent());
        assertEquals(ElfFile.EM_AARCH64, elf.machine());
        assertEquals(0x1040, elf.entryPoint());
        assertEquals(List.of(new ElfFile.Segment(0, 0, 0x3000, 0x3000, 5)), elf.loadSegments());
        assertEquals(Optional.of("/lib/ld-test.so.1"), elf.interpreter());
        assertEquals(List.of("main", "helper", "helper", "dup", "dup", "undef", "dup@@V1", "ifunc", "obj", "main"),
                elf.symbols().stream().map(ElfFile.Symbol::name).toList(), "unnamed and unreadable names skipped");
        assertEquals(List.of(false, false, false, false, false, false, true, true, true, true),
                elf.symbols().stream().map(ElfFile.Symbol::dynamic).toList());
        assertEquals("ElfFile[built.so, type=3, machine=183, entry=0x1040, 1 segments, 10 symbols]", elf.toString());
    }

    @Test
    void theBestDefinedSymbolOfANameIsChosen() throws IOException {
        ElfFile elf = ElfFile.parse(NAME, sample(ByteOrder.LITTLE_ENDIAN).build());
        assertEquals(0x1500, elf.symbol("dup").orElseThrow().value(), "global .symtab over weak and over .dynsym");
        assertEquals(0x1200, elf.symbol("helper").orElseThrow().value(), "a local function over an untyped global");
        ElfFile.Symbol main = elf.symbol("main").orElseThrow();
        assertFalse(main.dynamic(), ".symtab over .dynsym");
        assertEquals(ElfFile.STT_GNU_IFUNC, elf.symbol("ifunc").orElseThrow().type());
        ElfFile.Symbol obj = elf.symbol("obj").orElseThrow();
        assertEquals(ElfFile.STB_WEAK, obj.binding());
        assertEquals(6, obj.section());
        assertEquals(16, obj.size());
        assertEquals(Optional.empty(), elf.symbol("undef"), "an import is not defined here");
        ElfFile.Symbol undef = elf.symbols().stream().filter(s -> s.name().equals("undef")).findFirst().orElseThrow();
        assertFalse(undef.isDefined());
        assertEquals("dup", elf.symbols().stream().filter(ElfFile.Symbol::dynamic).findFirst().orElseThrow()
                .baseName());
        assertEquals(0x1600, elf.symbol("dup@@V1").map(ElfFile.Symbol::value).orElseThrow(),
                "the full versioned name matches only the versioned symbol");
        assertEquals(Optional.empty(), elf.symbol("nothing"));
    }

    @Test
    void bigEndianFilesAndExtendedSectionNumberingAreRead() throws IOException {
        Builder big = sample(ByteOrder.BIG_ENDIAN);
        big.extendedNumbering = true;
        ElfFile elf = ElfFile.parse(NAME, big.build());
        assertEquals(0x1040, elf.entryPoint());
        assertEquals(0x1500, elf.symbol("dup").orElseThrow().value());
        assertEquals(10, elf.symbols().size());
    }

    @Test
    void aFileWithoutSectionsOrProgramHeadersHasNoSymbolsOrSegments() throws IOException {
        ByteBuffer b = sample(ByteOrder.LITTLE_ENDIAN).build();
        b.putLong(32, 0); // no program headers
        b.putLong(40, 0); // no sections
        ElfFile elf = ElfFile.parse(NAME, b);
        assertEquals(List.of(), elf.loadSegments());
        assertEquals(Optional.empty(), elf.interpreter());
        assertEquals(List.of(), elf.symbols());
        assertEquals(OptionalLong.empty(), elf.loadBias(List.of(new MemoryMapping(0x1000, 0x2000, "r-xp", 0,
                "08:01", 1, "/x"))));
    }

    private static String malformed(Builder builder) {
        IOException e = assertThrows(IOException.class, () -> ElfFile.parse(NAME, builder.build()));
        assertTrue(e.getMessage().startsWith("built.so: malformed ELF file ("), e.getMessage());
        return e.getMessage();
    }

    @Test
    void malformedTablesAreNamed() {
        Builder b = sample(ByteOrder.LITTLE_ENDIAN);
        b.phentsize = 40;
        assertTrue(malformed(b).contains("unexpected program header entries of 40 bytes"));
        b = sample(ByteOrder.LITTLE_ENDIAN);
        b.shentsize = 32;
        assertTrue(malformed(b).contains("unexpected section header entries of 32 bytes"));
        b = sample(ByteOrder.LITTLE_ENDIAN);
        b.symEntsize = 16;
        assertTrue(malformed(b).contains("unexpected symbol entries of 16 bytes"));
        b = sample(ByteOrder.LITTLE_ENDIAN);
        b.symLink = 9;
        assertTrue(malformed(b).contains("unexpected symbol table linked to section 9"));
        b = sample(ByteOrder.LITTLE_ENDIAN);
        b.symLink = 0;
        assertTrue(malformed(b).contains("linked to section 0"));
    }

    @Test
    void offsetsBeyondTheFileAreRefused() {
        ByteBuffer b = sample(ByteOrder.LITTLE_ENDIAN).build();
        b.putLong(32, 8190); // program headers past the end
        IOException e = assertThrows(IOException.class, () -> ElfFile.parse(NAME, b));
        assertTrue(e.getMessage().contains("offset 8190 + 56 beyond the file's 8192 bytes"), e.getMessage());
        ByteBuffer negative = sample(ByteOrder.LITTLE_ENDIAN).build();
        negative.putLong(40, -64);
        assertThrows(IOException.class, () -> ElfFile.parse(NAME, negative));
        ByteBuffer shortFile = ByteBuffer.wrap(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        assertEquals("built.so: not an ELF file",
                assertThrows(IOException.class, () -> ElfFile.parse(NAME, shortFile)).getMessage());
    }

    @Test
    void filesOverTwoGigabytesAreRefusedBeforeBeingMapped(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength((1L << 31) + 1); // sparse
        }
        IOException e = assertThrows(IOException.class, () -> ElfFile.read(big));
        assertEquals(big + ": too large for this ELF reader (2147483649 bytes)", e.getMessage());
    }

    @Test
    void theLoadBiasComesFromTheMappingHoldingASegmentStart() throws IOException {
        ElfFile elf = ElfFile.parse(NAME, sample(ByteOrder.LITTLE_ENDIAN).build());
        MemoryMapping text = new MemoryMapping(0x7f0000000000L, 0x7f0000003000L, "r-xp", 0, "08:01", 7, "/x.so");
        assertEquals(OptionalLong.of(0x7f0000000000L), elf.loadBias(List.of(text)));
        MemoryMapping past = new MemoryMapping(0x7f0000010000L, 0x7f0000011000L, "r--p", 0x3000, "08:01", 7,
                "/x.so");
        assertEquals(OptionalLong.empty(), elf.loadBias(List.of(past)), "no segment starts in it");
    }

    @Test
    void aSharedMappingOfTheFileIsNotTakenForTheLoadersMapping() throws IOException {
        ElfFile elf = ElfFile.parse(NAME, sample(ByteOrder.LITTLE_ENDIAN).build());
        MemoryMapping dataCopy = new MemoryMapping(0x7e0000000000L, 0x7e0000003000L, "r--s", 0, "08:01", 7, "/x.so");
        MemoryMapping loaded = new MemoryMapping(0x7f0000000000L, 0x7f0000003000L, "r-xp", 0, "08:01", 7, "/x.so");
        assertEquals(OptionalLong.of(0x7f0000000000L), elf.loadBias(List.of(dataCopy, loaded)));
    }
}
