package dev.ptrace.core.unwind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The call-frame information of one ELF file: its {@code .eh_frame} section, searched through the sorted table of
 * {@code .eh_frame_hdr} when the file has one in the usual encoding, else through an index built once by walking
 * {@code .eh_frame}. Addresses are link-time addresses. Every offset read from the file is checked. Shared by the
 * unwinds of every tracee that maps the file, which may run on several threads: the caches are guarded.
 */
final class CallFrameEntries {
    /** {@code DW_EH_PE_datarel | DW_EH_PE_sdata4}: the table encoding every Linux linker writes. */
    private static final int TABLE_ENCODING = PointerEncoding.DATAREL | PointerEncoding.SDATA4;
    private static final int MAX_CIES = 4096;

    /** A Common Information Entry: what the FDEs that point to it share. */
    record Cie(long codeAlign, long dataAlign, int returnColumn, int fdeEncoding, boolean augmented,
               boolean signalFrame, byte[] instructions) {
    }

    /** A Frame Description Entry: the rules for the addresses [begin, end). */
    record Fde(Cie cie, long begin, long end, byte[] instructions) {
    }

    private final byte[] frame;
    private final long frameAddress;
    private final byte[] header;
    private final long headerAddress;
    private final Map<Integer, Cie> cies = new HashMap<>();
    private long[] index; // begin, end, offset triples from a walk of .eh_frame, sorted by begin

    /**
     * @param frame the contents of {@code .eh_frame}
     * @param frameAddress its link-time address
     * @param header the contents of {@code .eh_frame_hdr}, or null
     * @param headerAddress its link-time address
     */
    CallFrameEntries(byte[] frame, long frameAddress, byte[] header, long headerAddress) {
        this.frame = frame;
        this.frameAddress = frameAddress;
        this.header = header;
        this.headerAddress = headerAddress;
    }

    /**
     * The FDE whose range holds {@code pc}.
     *
     * @return null if none does
     * @throws CfiException if the data needed to decide is malformed
     */
    synchronized Fde find(long pc) throws CfiException {
        Integer offset = header != null ? searchHeader(pc) : null;
        if (offset == null) {
            offset = searchIndex(pc);
        }
        if (offset == null || offset < 0) {
            return null;
        }
        Fde fde = fdeAt(offset);
        return fde != null && Long.compareUnsigned(pc, fde.begin()) >= 0 && Long.compareUnsigned(pc, fde.end()) < 0
                ? fde : null;
    }

    /**
     * The offset in .eh_frame of the FDE that may hold pc, from the header's table: -1 when pc lies below every
     * entry, null when the table cannot be used (then the index is).
     */
    private Integer searchHeader(long pc) throws CfiException {
        ByteCursor in = new ByteCursor(header, 0, header.length);
        if (in.u8() != 1) {
            return null;
        }
        int framePtrEnc = in.u8();
        int countEnc = in.u8();
        int tableEnc = in.u8();
        if (tableEnc != TABLE_ENCODING || countEnc == PointerEncoding.OMIT) {
            return null;
        }
        PointerEncoding.read(in, framePtrEnc, headerAddress, headerAddress);
        long count = PointerEncoding.read(in, countEnc, headerAddress, headerAddress);
        int table = in.position();
        long fits = (header.length - table) / 8;
        if (count < 0 || count > fits) {
            throw new CfiException(".eh_frame_hdr claims " + count + " entries, room for " + fits);
        }
        long lo = 0;
        long hi = count - 1;
        long found = -1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            in.seek(table + mid * 8);
            long start = (int) in.u32() + headerAddress;
            if (Long.compareUnsigned(start, pc) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return -1;
        }
        in.seek(table + found * 8 + 4);
        long fdeAddress = (int) in.u32() + headerAddress;
        long offset = fdeAddress - frameAddress;
        if (offset < 0 || offset >= frame.length) {
            throw new CfiException(".eh_frame_hdr points outside .eh_frame (0x" + Long.toHexString(fdeAddress) + ")");
        }
        return (int) offset;
    }

    private Integer searchIndex(long pc) throws CfiException {
        if (index == null) {
            index = buildIndex();
        }
        int lo = 0;
        int hi = index.length / 3 - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(index[mid * 3], pc) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? null : (int) index[found * 3 + 2];
    }

    private long[] buildIndex() throws CfiException {
        List<long[]> entries = new ArrayList<>();
        ByteCursor in = new ByteCursor(frame, 0, frame.length);
        while (!in.atEnd()) {
            int at = in.position();
            long length = in.u32();
            if (length == 0) {
                break; // the terminator
            }
            if (length == 0xffffffffL) {
                throw new CfiException("64-bit .eh_frame entries are not supported");
            }
            int next = checkedEnd(in, length);
            if (in.u32() != 0) {
                Fde fde = fdeAt(at);
                if (fde != null) {
                    entries.add(new long[] {fde.begin(), fde.end(), at});
                }
            }
            in.seek(next);
        }
        entries.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        long[] out = new long[entries.size() * 3];
        for (int i = 0; i < entries.size(); i++) {
            System.arraycopy(entries.get(i), 0, out, i * 3, 3);
        }
        return out;
    }

    private static int checkedEnd(ByteCursor in, long length) throws CfiException {
        long next = in.position() + length;
        if (next > in.end()) {
            throw new CfiException("entry of " + length + " bytes at " + (in.position() - 4) + " runs past the end");
        }
        return (int) next;
    }

    /** Parses the FDE at {@code offset}; null for a terminator or a CIE there. */
    synchronized Fde fdeAt(int offset) throws CfiException {
        ByteCursor in = new ByteCursor(frame, 0, frame.length);
        in.seek(offset);
        long length = in.u32();
        if (length == 0 || length == 0xffffffffL) {
            return null;
        }
        int end = checkedEnd(in, length);
        int idAt = in.position();
        long id = in.u32();
        if (id == 0) {
            return null;
        }
        Cie cie = cieAt(idAt - id);
        in = new ByteCursor(frame, in.position(), end);
        long begin = PointerEncoding.read(in, cie.fdeEncoding(), frameAddress, 0);
        long range = PointerEncoding.read(in, cie.fdeEncoding() & 0x0f, frameAddress, 0);
        if (cie.augmented()) {
            in.skip(in.uleb());
        }
        return new Fde(cie, begin, begin + range, in.take(end - in.position()));
    }

    private Cie cieAt(long offset) throws CfiException {
        if (offset < 0 || offset >= frame.length) {
            throw new CfiException("FDE points to a CIE outside .eh_frame (" + offset + ")");
        }
        Cie cached = cies.get((int) offset);
        if (cached != null) {
            return cached;
        }
        Cie cie = parseCie((int) offset);
        if (cies.size() < MAX_CIES) {
            cies.put((int) offset, cie);
        }
        return cie;
    }

    private Cie parseCie(int offset) throws CfiException {
        ByteCursor in = new ByteCursor(frame, offset, frame.length);
        long length = in.u32();
        if (length == 0 || length == 0xffffffffL) {
            throw new CfiException("no CIE at " + offset);
        }
        int end = checkedEnd(in, length);
        in = new ByteCursor(frame, in.position(), end);
        if (in.u32() != 0) {
            throw new CfiException("an FDE where a CIE should be, at " + offset);
        }
        int version = in.u8();
        if (version != 1 && version != 3 && version != 4) {
            throw new CfiException("CIE version " + version);
        }
        String augmentation = in.cString(16);
        if (version == 4) {
            in.skip(2); // address and segment selector sizes
        }
        long codeAlign = in.uleb();
        long dataAlign = in.sleb();
        long returnColumn = version == 1 ? in.u8() : in.uleb();
        if (returnColumn >= CfiRow.MAX_REGISTERS) {
            throw new CfiException("return address column " + returnColumn);
        }
        int fdeEncoding = PointerEncoding.ABSPTR;
        boolean signal = false;
        boolean augmented = augmentation.startsWith("z");
        if (augmented) {
            long augLength = in.uleb();
            int augEnd = in.position() + (int) Math.min(augLength, end);
            if (augLength > end - in.position()) {
                throw new CfiException("CIE augmentation data runs past the CIE");
            }
            for (int i = 1; i < augmentation.length(); i++) {
                char c = augmentation.charAt(i);
                if (c == 'R') {
                    fdeEncoding = in.u8();
                } else if (c == 'P') {
                    PointerEncoding.read(in, in.u8() & 0x7f, frameAddress, 0);
                } else if (c == 'L') {
                    in.u8();
                } else if (c == 'S') {
                    signal = true;
                } else if (c != 'B' && c != 'G') {
                    break; // unknown: the rest of the data is skipped by its length
                }
            }
            in.seek(augEnd);
        } else if (!augmentation.isEmpty()) {
            throw new CfiException("CIE augmentation '" + augmentation + "' without length");
        }
        return new Cie(codeAlign, dataAlign, (int) returnColumn, fdeEncoding, augmented, signal,
                in.take(end - in.position()));
    }
}
