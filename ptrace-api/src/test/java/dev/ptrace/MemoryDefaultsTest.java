package dev.ptrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Memory's word reads, built on {@link Memory#read}: little-endian, and unreadable memory stays an exception. */
class MemoryDefaultsTest {

    /** Bytes 0x01, 0x02 ... from address 0x1000 on; anything else unreadable. */
    private static final Memory COUNTING = new Memory() {
        @Override
        public int readPartial(long address, byte[] buffer, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] read(long address, int length) {
            if (address < 0x1000) {
                throw new TraceeMemoryException("read", 1, 14, address, null);
            }
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++) {
                b[i] = (byte) (address - 0x1000 + i + 1);
            }
            return b;
        }

        @Override
        public byte[] readCString(long address, int maxLength) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(long address, byte[] data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeLong(long address, long value) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void wordsAreLittleEndian() {
        assertEquals(0x0807060504030201L, COUNTING.readLong(0x1000));
        assertEquals(0x05040302, COUNTING.readInt(0x1001));
    }

    @Test
    void unreadableWordsThrow() {
        assertThrows(TraceeMemoryException.class, () -> COUNTING.readLong(0x800));
        assertThrows(TraceeMemoryException.class, () -> COUNTING.readInt(0x800));
    }
}
