package dev.ptrace.core.unwind;

/**
 * The {@code DW_EH_PE_*} pointer encodings of {@code .eh_frame} and {@code .eh_frame_hdr} (LSB, "Exception
 * Frames"): the low nibble is the format, bits 4-6 what the value is relative to, bit 7 an indirection.
 */
final class PointerEncoding {
    static final int OMIT = 0xff;
    static final int ABSPTR = 0x00;
    static final int ULEB128 = 0x01;
    static final int UDATA2 = 0x02;
    static final int UDATA4 = 0x03;
    static final int UDATA8 = 0x04;
    static final int SLEB128 = 0x09;
    static final int SDATA2 = 0x0a;
    static final int SDATA4 = 0x0b;
    static final int SDATA8 = 0x0c;
    static final int PCREL = 0x10;
    static final int TEXTREL = 0x20;
    static final int DATAREL = 0x30;
    static final int FUNCREL = 0x40;
    static final int ALIGNED = 0x50;
    static final int INDIRECT = 0x80;

    private PointerEncoding() {
    }

    /**
     * Reads one encoded pointer.
     *
     * @param in the data, positioned at the pointer
     * @param encoding the {@code DW_EH_PE_*} byte
     * @param dataAddress the link-time address of the data's first byte (for {@code pcrel})
     * @param dataRelBase the base of {@code datarel} values (the start of {@code .eh_frame_hdr}), or 0
     * @return the link-time address or value; an {@code indirect} pointer is returned as the address where the
     *     value is stored, as nothing needs the value itself here
     * @throws CfiException for an encoding this reader does not know or that needs a base it was not given
     */
    static long read(ByteCursor in, int encoding, long dataAddress, long dataRelBase) throws CfiException {
        if (encoding == OMIT) {
            throw new CfiException("omitted pointer read");
        }
        long fieldAddress = dataAddress + in.position();
        long value = switch (encoding & 0x0f) {
            case ABSPTR, UDATA8, SDATA8 -> in.u64();
            case ULEB128 -> in.uleb();
            case UDATA2 -> in.u16();
            case UDATA4 -> in.u32();
            case SLEB128 -> in.sleb();
            case SDATA2 -> (short) in.u16();
            case SDATA4 -> (int) in.u32();
            default -> throw new CfiException("unknown pointer format 0x" + Integer.toHexString(encoding));
        };
        return switch (encoding & 0x70) {
            case ABSPTR -> value;
            case PCREL -> value + fieldAddress;
            case DATAREL -> {
                if (dataRelBase == 0) {
                    throw new CfiException("datarel pointer without a data base");
                }
                yield value + dataRelBase;
            }
            default -> throw new CfiException("unsupported pointer application 0x" + Integer.toHexString(encoding));
        };
    }
}
