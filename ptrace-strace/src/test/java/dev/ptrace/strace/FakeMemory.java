package dev.ptrace.strace;

import dev.ptrace.Memory;
import dev.ptrace.TraceeMemoryException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/** A tracee's memory for tests: readable regions placed at chosen addresses, everything else unreadable. */
final class FakeMemory implements Memory {
    private final TreeMap<Long, byte[]> regions = new TreeMap<>();
    long bytesRequested;
    int reads;

    FakeMemory put(long address, byte[] data) {
        regions.put(address, data);
        return this;
    }

    FakeMemory putString(long address, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return put(address, z);
    }

    FakeMemory putLongs(long address, long... values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bb.putLong(v);
        }
        return put(address, bb.array());
    }

    FakeMemory putInts(long address, int... values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            bb.putInt(v);
        }
        return put(address, bb.array());
    }

    private int byteAt(long a) {
        var e = regions.floorEntry(a);
        if (e == null || a - e.getKey() >= e.getValue().length) {
            return -1;
        }
        return e.getValue()[(int) (a - e.getKey())] & 0xff;
    }

    @Override
    public int readPartial(long address, byte[] buffer, int offset, int length) {
        bytesRequested += length;
        reads++;
        for (int i = 0; i < length; i++) {
            int b = byteAt(address + i);
            if (b < 0) {
                return i;
            }
            buffer[offset + i] = (byte) b;
        }
        return length;
    }

    @Override
    public byte[] read(long address, int length) {
        byte[] b = new byte[length];
        int n = readPartial(address, b, 0, length);
        if (n < length) {
            throw new TraceeMemoryException("read", 1, 14, address + n, null);
        }
        return b;
    }

    @Override
    public byte[] readCString(long address, int maxLength) {
        bytesRequested += maxLength;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < maxLength; i++) {
            int b = byteAt(address + i);
            if (b < 0) {
                throw new TraceeMemoryException("read", 1, 14, address + i, null);
            }
            if (b == 0) {
                break;
            }
            out.write(b);
        }
        return out.toByteArray();
    }

    @Override
    public void write(long address, byte[] data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void writeLong(long address, long value) {
        throw new UnsupportedOperationException();
    }
}
