package dev.ptrace.core.unwind;

/**
 * A little-endian reader over a byte range that checks every read against the range's end, so that offsets and
 * lengths taken from an untrusted file can only fail with a {@link CfiException}.
 */
final class ByteCursor {
    private final byte[] bytes;
    private final int end;
    private int pos;

    ByteCursor(byte[] bytes, int start, int end) throws CfiException {
        if (start < 0 || end > bytes.length || start > end) {
            throw new CfiException("range " + start + ".." + end + " outside " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return pos >= end;
    }

    void seek(long to) throws CfiException {
        if (to < 0 || to > end) {
            throw new CfiException("offset " + to + " outside the data (" + end + " bytes)");
        }
        pos = (int) to;
    }

    void skip(long n) throws CfiException {
        if (n < 0 || n > end - pos) {
            throw new CfiException("skip of " + n + " bytes past the end at " + pos);
        }
        pos += (int) n;
    }

    private void need(int n) throws CfiException {
        if (end - pos < n) {
            throw new CfiException("read of " + n + " bytes past the end at " + pos);
        }
    }

    int u8() throws CfiException {
        need(1);
        return bytes[pos++] & 0xff;
    }

    int u16() throws CfiException {
        need(2);
        int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    long u32() throws CfiException {
        return unsigned(4);
    }

    long u64() throws CfiException {
        return unsigned(8);
    }

    private long unsigned(int size) throws CfiException {
        need(size);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (bytes[pos + i] & 0xff);
        }
        pos += size;
        return v;
    }

    long uleb() throws CfiException {
        long v = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift < 64) {
                v |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return v;
            }
            if (shift > 70) {
                throw new CfiException("LEB128 number longer than 10 bytes at " + pos);
            }
        }
    }

    long sleb() throws CfiException {
        long v = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                v |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if (shift > 70) {
                throw new CfiException("LEB128 number longer than 10 bytes at " + pos);
            }
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            v |= -1L << shift;
        }
        return v;
    }

    /** A NUL-terminated string of ASCII characters, at most {@code max} long. */
    String cString(int max) throws CfiException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == 0) {
                return sb.toString();
            }
            if (sb.length() >= max) {
                throw new CfiException("string longer than " + max + " bytes at " + pos);
            }
            sb.append((char) c);
        }
    }

    /** A copy of the next {@code n} bytes. */
    byte[] take(long n) throws CfiException {
        if (n < 0 || n > end - pos) {
            throw new CfiException("block of " + n + " bytes past the end at " + pos);
        }
        byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }
}
