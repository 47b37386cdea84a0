package dev.ptrace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExecStringsTest {

    @Test
    void splitsNulSeparatedListsKeepingEveryByte() {
        byte[] list = {'a', 0, (byte) 0xff, 'b', 0, 0, 'c'};
        List<byte[]> parts = ExecStrings.splitNul(list);
        assertEquals(4, parts.size());
        assertArrayEquals(new byte[] {'a'}, parts.get(0));
        assertArrayEquals(new byte[] {(byte) 0xff, 'b'}, parts.get(1));
        assertArrayEquals(new byte[0], parts.get(2), "an empty string between two NULs");
        assertArrayEquals(new byte[] {'c'}, parts.get(3), "a last string cut short still counts");
        assertEquals(0, ExecStrings.splitNul(new byte[0]).size());
    }

    @Test
    void readsBoundedFiles(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("environ");
        Files.write(f, new byte[] {'A', '=', '1', 0, 'B', '=', (byte) 0xfe, 0});
        assertEquals(2, ExecStrings.readNulSeparated(f, 8).size());
        assertThrows(IOException.class, () -> ExecStrings.readNulSeparated(f, 7));
    }

    @Test
    void printableEscapesWhatIsNotUtf8Text() {
        assertEquals("d\\xffir", ExecStrings.printable(new byte[] {'d', (byte) 0xff, 'i', 'r'}));
        assertEquals("h\u00e9", ExecStrings.printable("h\u00e9".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a\\x0ab\\xc3", ExecStrings.printable(new byte[] {'a', '\n', 'b', (byte) 0xc3}));
        assertEquals("\\xc0\\xaf", ExecStrings.printable(new byte[] {(byte) 0xc0, (byte) 0xaf}), "overlong");
    }

    @Test
    void encodesWithThePlatformCharsetInOrder() {
        assertEquals(System.getProperty("sun.jnu.encoding"), ExecStrings.platformCharset().name());
        List<byte[]> e = ExecStrings.encode(List.of("x", "y"));
        assertArrayEquals("y".getBytes(StandardCharsets.US_ASCII), e.get(1));
    }
}
