package dev.ptrace;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcMapsTest {

    private static final String MAPS = String.join("\n",
            "00400000-00452000 r-xp 00000000 08:02 173521                             /usr/bin/dbus-daemon",
            "00651000-00652000 r--p 00051000 08:02 173521                             /usr/bin/dbus-daemon",
            "00e03000-00e24000 rw-p 00000000 00:00 0                                  [heap]",
            "7f2c5c000000-7f2c5c021000 rw-p 00000000 00:00 0 ",
            "7f2c60000000-7f2c60001000 r--s 00001000 00:05 1234                       /tmp/my file  with spaces.txt",
            "7f2c60002000-7f2c60003000 r-xp 00000000 00:01 77                         /memfd:ptrace-stub (deleted)",
            "7ffc1ab1e000-7ffc1ab3f000 rw-p 00000000 00:00 0                          [stack]",
            "7ffc1abd6000-7ffc1abd8000 r-xp 00000000 00:00 0                          [vdso]",
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
            "");

    @Test
    void parsesEveryKindOfLine() {
        List<MemoryMapping> m = ProcMaps.parse(MAPS).mappings();
        assertEquals(9, m.size());
        MemoryMapping text = m.get(0);
        assertEquals(new MemoryMapping(0x400000L, 0x452000L, "r-xp", 0, "08:02", 173521, "/usr/bin/dbus-daemon"),
                text);
        assertEquals(0x51000L, m.get(1).offset());
        assertEquals("[heap]", m.get(2).path());
        assertEquals("", m.get(3).path(), "anonymous map with a trailing blank");
        assertEquals("/tmp/my file  with spaces.txt", m.get(4).path());
        assertEquals("/memfd:ptrace-stub (deleted)", m.get(5).path());
        assertEquals("[stack]", m.get(6).path());
        assertEquals("[vdso]", m.get(7).path());
        assertEquals(0xffffffffff600000L, m.get(8).start());
        assertEquals(0xffffffffff601000L, m.get(8).end());
    }

    @Test
    void mappingsAreImmutable() {
        ProcMaps maps = ProcMaps.parse(MAPS);
        assertThrows(UnsupportedOperationException.class, () -> maps.mappings().clear());
    }

    @Test
    void emptyTextHasNoMappings() {
        assertEquals(List.of(), ProcMaps.parse("").mappings());
        assertEquals(List.of(), ProcMaps.parse("\n\n").mappings());
    }

    @Test
    void findUsesUnsignedAddresses() {
        ProcMaps maps = ProcMaps.parse(MAPS);
        assertEquals("[vsyscall]", maps.find(0xffffffffff600800L).orElseThrow().path());
        assertEquals(Optional.empty(), maps.find(0x8000000000000000L));
        assertEquals(Optional.empty(), maps.find(0xffffffffff601000L), "end is exclusive");
        assertEquals("/usr/bin/dbus-daemon", maps.find(0x400000L).orElseThrow().path());
        assertEquals(Optional.empty(), maps.find(0x452000L));
        assertEquals(Optional.empty(), maps.find(0));
        assertEquals("[heap]", maps.find(0xe23fffL).orElseThrow().path());
    }

    @Test
    void ofFileMatchesWithoutTheDeletedSuffix() {
        ProcMaps maps = ProcMaps.parse(MAPS);
        assertEquals(2, maps.ofFile("/usr/bin/dbus-daemon").size());
        assertEquals(1, maps.ofFile("/memfd:ptrace-stub").size());
        assertEquals(0, maps.ofFile("[heap]").size());
        assertEquals(0, maps.ofFile("/nope").size());
    }

    @Test
    void malformedLinesAreRejectedNamingTheLine() {
        assertMalformed("00400000-00452000 r-xp 00000000 08:02 1 /a\ngarbage\n", 2, "missing field");
        assertMalformed("00400000 r-xp 00000000 08:02 1 /a", 1, "no address range");
        assertMalformed("-00400000 r-xp 00000000 08:02 1 /a", 1, "no address range");
        assertMalformed("00400000-00452000 r-x 00000000 08:02 1 /a", 1, "permissions must be 4 characters");
        assertMalformed("00400000-00452000 r-xq 00000000 08:02 1 /a", 1, "bad permission character 'q'");
        assertMalformed("00400000-00452000 w--p 00000000 08:02 1 /a", 1, "bad permission character 'w'");
        assertMalformed("00400000-00452000 r-xp 00000000 0802 1 /a", 1, "bad device");
        assertMalformed("00452000-00400000 r-xp 00000000 08:02 1 /a", 1, "range ends before it starts");
        assertMalformed("0040zz00-00452000 r-xp 00000000 08:02 1 /a", 1, "0040zz00");
        assertMalformed("00400000-00452000 r-xp 00000000 08:02 inode /a", 1, "inode");
        assertMalformed("00400000-00452000 r-xp", 1, "missing field");
    }

    @Test
    void longMalformedLinesAreAbbreviated() {
        String line = "x".repeat(200);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcMaps.parse(line));
        assertTrue(e.getMessage().contains("'" + "x".repeat(120) + "...'"), e.getMessage());
        assertFalse(e.getMessage().contains("x".repeat(121)));
    }

    private static void assertMalformed(String text, int line, String detail) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcMaps.parse(text), text);
        assertTrue(e.getMessage().startsWith("malformed maps line " + line + ": '"), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    // --- MemoryMapping ----------------------------------------------------------------------------------------

    @Test
    void memoryMappingAccessors() {
        MemoryMapping file = new MemoryMapping(0x1000, 0x3000, "r-xp", 0, "08:02", 7, "/lib/x.so");
        assertEquals(0x2000, file.size());
        assertTrue(file.readable());
        assertFalse(file.writable());
        assertTrue(file.executable());
        assertFalse(file.shared());
        assertFalse(file.isAnonymous());
        assertFalse(file.isPseudo());
        assertFalse(file.isDeleted());
        assertEquals(Optional.of("/lib/x.so"), file.file());
        assertTrue(file.contains(0x1000));
        assertTrue(file.contains(0x2fff));
        assertFalse(file.contains(0x3000));
        assertFalse(file.contains(0xfff));

        MemoryMapping shared = new MemoryMapping(0, 1, "-w-s", 0, "00:00", 0, "");
        assertFalse(shared.readable());
        assertTrue(shared.writable());
        assertFalse(shared.executable());
        assertTrue(shared.shared());
        assertTrue(shared.isAnonymous());
        assertEquals(Optional.empty(), shared.file());

        MemoryMapping heap = new MemoryMapping(0, 1, "rw-p", 0, "00:00", 0, "[heap]");
        assertTrue(heap.isPseudo());
        assertEquals(Optional.empty(), heap.file());

        MemoryMapping deleted = new MemoryMapping(0, 1, "r--p", 0, "00:01", 3, "/tmp/a b (deleted)");
        assertTrue(deleted.isDeleted());
        assertEquals(Optional.of("/tmp/a b"), deleted.file());

        MemoryMapping high = new MemoryMapping(0x7ffffffffffff000L, 0x8000000000001000L, "r--p", 0, "0:0", 0, "");
        assertEquals(0x2000, high.size());
        assertTrue(high.contains(0x8000000000000000L));
        assertFalse(high.contains(0x8000000000001000L));
        assertFalse(high.contains(1));
    }
}
