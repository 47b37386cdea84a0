package dev.ptrace.strace.internal;

import dev.ptrace.Memory;
import dev.ptrace.PtraceException;
import dev.ptrace.Tracee;
import dev.ptrace.strace.ConstantStyle;
import dev.ptrace.strace.StringsInHex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What decoders need about the tracee and the options, with bounded, failure-tolerant memory reads: a read that
 * fails returns null, and the decoder prints the pointer instead, as strace does.
 */
public final class DecodeContext {
    /** The most bytes one struct or array read may ask for. */
    public static final int MAX_READ = 1 << 16;
    /** The kernel's PATH_MAX, NUL included: paths are printed up to PATH_MAX - 1 bytes, whatever the string limit. */
    public static final int PATH_MAX = 4096;

    private final SyscallTables tables;
    private final int stringLimit;
    private final boolean fdPaths;
    private final ConstantStyle style;
    private final StringsInHex stringsInHex;
    private Tracee tracee;
    private Memory memory;

    /** A context for one tracer session. */
    public DecodeContext(SyscallTables tables, int stringLimit, boolean fdPaths, ConstantStyle style) {
        this(tables, stringLimit, fdPaths, style, StringsInHex.NONE);
    }

    /** A context for one tracer session, with strings in hex as {@code stringsInHex} says ({@code -x}). */
    public DecodeContext(SyscallTables tables, int stringLimit, boolean fdPaths, ConstantStyle style,
                         StringsInHex stringsInHex) {
        this.tables = tables;
        this.stringLimit = stringLimit;
        this.fdPaths = fdPaths;
        this.style = style;
        this.stringsInHex = stringsInHex;
    }

    /** Points the context at the tracee whose stop is being decoded. */
    public DecodeContext at(Tracee t) {
        if (t != tracee) {
            tracee = t;
            memory = null;
        }
        return this;
    }

    public SyscallTables tables() {
        return tables;
    }

    public Xlat xlat(ConstantFamily family) {
        return tables.constants(family);
    }

    public int stringLimit() {
        return stringLimit;
    }

    public boolean fdPaths() {
        return fdPaths;
    }

    public ConstantStyle style() {
        return style;
    }

    public StringsInHex stringsInHex() {
        return stringsInHex;
    }

    public Tracee tracee() {
        return tracee;
    }

    private Memory memory() {
        if (memory == null) {
            memory = tracee.memory();
        }
        return memory;
    }

    /** Exactly {@code length} bytes (capped at {@link #MAX_READ}), or null if they cannot all be read. */
    public byte[] read(long address, int length) {
        if (address == 0 || length < 0 || length > Math.max(MAX_READ, stringLimit)) { // -s N reads N bytes
            return null;
        }
        try {
            return memory().read(address, length);
        } catch (PtraceException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Up to {@code length} bytes: as many as can be read (possibly none); null for a NULL address. */
    public byte[] readUpTo(long address, int length) {
        if (address == 0) {
            return null;
        }
        int n = Math.max(0, Math.min(length, MAX_READ));
        byte[] buf = new byte[n];
        try {
            int got = memory().readPartial(address, buf, 0, n);
            if (got == n) {
                return buf;
            }
            byte[] shorter = new byte[Math.max(got, 0)];
            System.arraycopy(buf, 0, shorter, 0, shorter.length);
            return shorter;
        } catch (PtraceException | IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** A NUL-terminated string of at most {@code max} bytes, or null if unreadable. */
    public byte[] readCString(long address, int max) {
        if (address == 0) {
            return null;
        }
        try {
            return memory().readCString(address, Math.min(max, Math.max(MAX_READ, stringLimit + 1)));
        } catch (PtraceException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A 64-bit word, or null if unreadable. */
    public Long readLong(long address) {
        byte[] b = read(address, 8);
        return b == null ? null : Bytes.getLong(b, 0);
    }

    /** The 64-bit words of an array from {@code address} on (argv, envp), read a page at a time on demand. */
    public Words words(long address) {
        return new Words(address);
    }

    /**
     * An array of 64-bit words in tracee memory. Each read takes the rest of the page the wanted word starts in,
     * so a pointer array costs one read per page instead of one per pointer.
     */
    public final class Words {
        private static final int PAGE = 4096;
        private final long base;
        private byte[] chunk = new byte[0];
        private long chunkStart;

        private Words(long base) {
            this.base = base;
        }

        /** {@return word {@code index}, or null if it cannot be read} */
        public Long get(int index) {
            long addr = base + 8L * index;
            long offset = addr - chunkStart;
            if (offset < 0 || offset > chunk.length - 8) { // (not offset + 8: a hostile pointer would overflow it)
                long toPageEnd = PAGE - (addr & (PAGE - 1));
                if (toPageEnd < 8) { // a word across a page boundary: both pages or nothing
                    chunk = read(addr, 8);
                } else {
                    chunk = readUpTo(addr, (int) toPageEnd);
                }
                if (chunk == null || chunk.length < 8) {
                    chunk = new byte[0];
                    return null;
                }
                chunkStart = addr;
                offset = 0;
            }
            return Bytes.getLong(chunk, (int) offset);
        }
    }

    /**
     * The target of {@code /proc/<pid>/fd/<fd>} as the kernel's bytes, or null. A file name need not be valid
     * UTF-8; the bytes are taken from the path's {@code file:} URI, which percent-encodes them unchanged.
     */
    public byte[] fdPathBytes(int fd) {
        if (tracee == null || fd < 0) {
            return null;
        }
        return linkBytes(Path.of("/proc", Integer.toString(tracee.pid()), "fd", Integer.toString(fd)));
    }

    /** The tracee's current directory ({@code /proc/<pid>/cwd}) as the kernel's bytes, or null. */
    public byte[] cwdBytes() {
        if (tracee == null) {
            return null;
        }
        return linkBytes(Path.of("/proc", Integer.toString(tracee.pid()), "cwd"));
    }

    private static byte[] linkBytes(Path link) {
        try {
            Path target = Files.readSymbolicLink(link);
            if (!target.isAbsolute()) {
                return target.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8); // socket:[123] ...
            }
            String raw = target.toUri().getRawPath();
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '%' && i + 2 < raw.length()) {
                    b.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    b.write(c);
                }
            }
            byte[] bytes = b.toByteArray();
            if (bytes.length > 1 && bytes[bytes.length - 1] == '/') { // toUri marks directories with a slash
                bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The target of {@code /proc/<pid>/fd/<fd>}, or null. */
    public String fdPath(int fd) {
        if (tracee == null || fd < 0) {
            return null;
        }
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(tracee.pid()), "fd",
                    Integer.toString(fd))).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
