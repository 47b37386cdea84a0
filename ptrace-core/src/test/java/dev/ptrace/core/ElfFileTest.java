package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.MemoryMapping;
import dev.ptrace.ProcMaps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ELF reader on the system's own binaries: /bin/true, /bin/ls, and the libc this JVM has mapped. */
class ElfFileTest {
    private static final int MACHINE = Arch.current() == Arch.X86_64 ? ElfFile.EM_X86_64 : ElfFile.EM_AARCH64;

    @Test
    void theEntryPointOfTrueLiesInItsExecutableSegment() throws IOException {
        ElfFile elf = ElfFile.read(Path.of("/bin/true"));
        assertEquals(MACHINE, elf.machine());
        assertTrue(elf.type() == ElfFile.ET_DYN || elf.type() == ElfFile.ET_EXEC, "type " + elf.type());
        assertTrue(elf.interpreter().orElseThrow().contains("ld-linux"), elf.interpreter().toString());
        long entry = elf.entryPoint();
        assertTrue(elf.loadSegments().stream().anyMatch(s -> (s.flags() & 1) != 0
                && Long.compareUnsigned(entry, s.virtualAddress()) >= 0
                && Long.compareUnsigned(entry, s.virtualAddress() + s.memorySize()) < 0),
                "entry 0x" + Long.toHexString(entry) + " in an executable segment: " + elf.loadSegments());
    }

    @Test
    void sectionsAreNamedAndTheirContentsReadBounded() throws IOException {
        ElfFile elf = ElfFile.read(Path.of("/bin/true"));
        ElfFile.Section ehFrame = elf.section(".eh_frame").orElseThrow();
        assertEquals(ehFrame.size(), elf.contents(ehFrame, 1 << 24).length);
        assertTrue(elf.section(".eh_frame_hdr").isPresent());
        assertTrue(elf.section(".no-such-section").isEmpty());
        assertThrows(IOException.class, () -> elf.contents(ehFrame, (int) ehFrame.size() - 1));
        ElfFile.Section beyond = new ElfFile.Section("x", 1, 0, Files.size(Path.of("/bin/true")) - 4, 8);
        assertThrows(IOException.class, () -> elf.contents(beyond, 64));
    }

    @Test
    void aSectionNameTableOutsideTheFileLeavesSectionsUnnamedAndSymbolsRead(@TempDir Path dir) throws IOException {
        byte[] image = Files.readAllBytes(Path.of("/bin/true"));
        ByteBuffer b = ByteBuffer.wrap(image).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(40);
        int names = b.getShort(62) & 0xffff;
        b.putLong((int) shoff + names * 64 + 24, 1L << 40);
        ElfFile good = ElfFile.read(Path.of("/bin/true"));
        ElfFile bad = ElfFile.parse(Path.of("damaged"), ByteBuffer.wrap(image));
        assertTrue(bad.sections().stream().allMatch(s -> s.name().isEmpty()));
        assertEquals(good.sections().size(), bad.sections().size());
        assertEquals(good.symbols(), bad.symbols());
    }

    @Test
    void lsImportsReaddirFromLibc() throws IOException {
        ElfFile ls = ElfFile.read(Path.of("/bin/ls"));
        List<ElfFile.Symbol> readdir = ls.symbols().stream().filter(s -> s.baseName().equals("readdir")
                || s.baseName().equals("readdir64")).toList();
        assertFalse(readdir.isEmpty(), "ls calls readdir");
        assertTrue(readdir.stream().allMatch(s -> s.dynamic() && !s.isDefined()), "an import: " + readdir);
        assertTrue(ls.symbol("readdir").isEmpty(), "not defined in ls");
    }

    @Test
    void libcSymbolsResolveIntoItsTextInThisJvm() throws IOException {
        ProcMaps maps = ProcMaps.parse(Files.readString(Path.of("/proc/self/maps")));
        String libc = maps.mappings().stream().map(MemoryMapping::file).flatMap(java.util.Optional::stream)
                .filter(p -> p.endsWith("/libc.so.6")).findFirst().orElseThrow();
        ElfFile elf = ElfFile.read(Path.of(libc));
        assertEquals(ElfFile.ET_DYN, elf.type());
        OptionalLong bias = elf.loadBias(maps.ofFile(libc));
        assertTrue(bias.isPresent());
        assertEquals(0, bias.getAsLong() & 0xfff, "a shared object is loaded at a page boundary");
        for (String name : List.of("readdir", "execve", "getpid", "wait3", "malloc")) {
            ElfFile.Symbol s = elf.symbol(name).orElseThrow(() -> new AssertionError(name));
            assertEquals(ElfFile.STT_FUNC, s.type(), name);
            long address = bias.getAsLong() + s.value();
            MemoryMapping m = maps.find(address).orElseThrow(() -> new AssertionError(name + " not mapped"));
            assertEquals(libc, m.file().orElseThrow());
            assertTrue(m.executable(), name + " lies in executable memory: " + m);
        }
        assertTrue(elf.symbol("no_such_symbol_here").isEmpty());
    }

    @Test
    void aPositionDependentFileHasNoBias() throws IOException {
        // a hand-made ET_EXEC header with one PT_LOAD at 0x400000, offset 0
        ByteBuffer b = header(ElfFile.ET_EXEC, 0x401000);
        ElfFile elf = ElfFile.parse(Path.of("exec"), b);
        MemoryMapping m = new MemoryMapping(0x400000, 0x402000, "r-xp", 0, "08:01", 1, "/x");
        assertEquals(OptionalLong.of(0), elf.loadBias(List.of(m)));
        MemoryMapping other = new MemoryMapping(0x400000, 0x402000, "r-xp", 0x5000, "08:01", 1, "/x");
        assertEquals(OptionalLong.empty(), elf.loadBias(List.of(other)));
    }

    @Test
    void malformedFilesAreRefusedWithAReason(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("text");
        Files.writeString(text, "#!/bin/sh\necho hello, this is not ELF at all, but long enough to be read as a header\n");
        assertTrue(assertThrows(IOException.class, () -> ElfFile.read(text)).getMessage().contains("not an ELF file"));

        byte[] elf32 = Arrays.copyOf(header(ElfFile.ET_EXEC, 0).array(), 200);
        elf32[4] = 1;
        Path p32 = dir.resolve("elf32");
        Files.write(p32, elf32);
        assertTrue(assertThrows(IOException.class, () -> ElfFile.read(p32)).getMessage().contains("64-bit"));

        byte[] truncated = Arrays.copyOf(Files.readAllBytes(Path.of("/bin/true")), 200);
        Path cut = dir.resolve("cut");
        Files.write(cut, truncated);
        IOException e = assertThrows(IOException.class, () -> ElfFile.read(cut));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    /** A minimal little-endian ELF64 header with one PT_LOAD program header right after it. */
    private static ByteBuffer header(int type, long entry) {
        ByteBuffer b = ByteBuffer.allocate(64 + 56).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
        b.put(4, (byte) 2).put(5, (byte) 1).put(6, (byte) 1);
        b.putShort(16, (short) type).putShort(18, (short) MACHINE).putInt(20, 1).putLong(24, entry);
        b.putLong(32, 64).putLong(40, 0).putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 1);
        b.putInt(64, 1).putInt(68, 5).putLong(72, 0).putLong(80, 0x400000).putLong(88, 0x400000)
                .putLong(96, 0x2000).putLong(104, 0x2000).putLong(112, 0x1000);
        return b;
    }
}
