package dev.ptrace.core.unwind;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Assembles {@code .eh_frame} (and {@code .eh_frame_hdr}) bytes for tests: CIEs and FDEs with pcrel sdata4 pointers. */
final class EhFrameBuilder {
    private final long address;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<long[]> fdes = new ArrayList<>(); // begin, offset

    EhFrameBuilder(long address) {
        this.address = address;
    }

    /** Adds a "zR" CIE whose FDEs use pcrel|sdata4 pointers; returns its offset. */
    int cie(int codeAlign, int dataAlign, int returnColumn, int... instructions) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        le(body, 0, 4); // CIE id
        body.write(1); // version
        body.writeBytes(new byte[] {'z', 'R', 0});
        uleb(body, codeAlign);
        sleb(body, dataAlign);
        body.write(returnColumn);
        uleb(body, 1); // augmentation data length
        body.write(0x1b); // FDE pointers: pcrel | sdata4
        for (int b : instructions) {
            body.write(b);
        }
        return entry(body.toByteArray());
    }

    /** Adds an FDE for [begin, begin+length) pointing to the CIE at {@code cie}; returns its offset. */
    int fde(int cie, long begin, int length, int... instructions) {
        int at = out.size();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        le(body, at + 4 - cie, 4); // CIE pointer: back from this field
        long field = address + at + 8;
        le(body, begin - field, 4);
        le(body, length, 4);
        uleb(body, 0); // no augmentation data
        for (int b : instructions) {
            body.write(b);
        }
        fdes.add(new long[] {begin, at});
        return entry(body.toByteArray());
    }

    private int entry(byte[] body) {
        int at = out.size();
        le(out, body.length, 4);
        out.writeBytes(body);
        return at;
    }

    byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        le(copy, 0, 4); // terminator
        return copy.toByteArray();
    }

    /** An {@code .eh_frame_hdr} at {@code headerAddress} with the sorted search table. */
    byte[] header(long headerAddress) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(new byte[] {1, 0x1b, 0x03, 0x3b});
        le(h, address - (headerAddress + 4), 4);
        le(h, fdes.size(), 4);
        fdes.stream().sorted((a, b) -> Long.compare(a[0], b[0])).forEach(f -> {
            le(h, f[0] - headerAddress, 4);
            le(h, address + f[1] - headerAddress, 4);
        });
        return h.toByteArray();
    }

    static void le(ByteArrayOutputStream o, long v, int n) {
        for (int i = 0; i < n; i++) {
            o.write((int) (v >>> (8 * i)));
        }
    }

    static void uleb(ByteArrayOutputStream o, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            o.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    static void sleb(ByteArrayOutputStream o, long v) {
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            o.write(done ? b : b | 0x80);
            if (done) {
                return;
            }
        }
    }
}
