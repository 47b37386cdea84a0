package dev.ptrace.core.unwind;

import dev.ptrace.Memory;
import dev.ptrace.PtraceException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tracee's memory for one unwind, a page at a time: the saved registers of consecutive frames lie close
 * together on the stack. A page that cannot be read fails the read, as a {@link CfiException}.
 */
final class StackMemory implements DwarfExpression.Memory {
    private static final int PAGE = 4096;
    private static final int MAX_PAGES = 256;

    private final Memory memory;
    private final Map<Long, byte[]> pages = new HashMap<>();

    StackMemory(Memory memory) {
        this.memory = memory;
    }

    @Override
    public long read(long address, int size) throws CfiException {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = value << 8 | (byteAt(address + i) & 0xff);
        }
        return value;
    }

    private byte byteAt(long address) throws CfiException {
        long page = address & -PAGE;
        byte[] bytes = pages.get(page);
        if (bytes == null) {
            if (pages.size() >= MAX_PAGES) {
                throw new CfiException("more than " + MAX_PAGES + " stack pages read for one unwind");
            }
            bytes = new byte[PAGE];
            int n;
            try {
                n = memory.readPartial(page, bytes, 0, PAGE);
            } catch (PtraceException e) {
                n = 0;
            }
            if (n < PAGE) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(n, 0));
            }
            pages.put(page, bytes);
        }
        int at = (int) (address - page);
        if (at >= bytes.length) {
            throw new CfiException("cannot read the tracee's memory at 0x" + Long.toHexString(address));
        }
        return bytes[at];
    }
}
