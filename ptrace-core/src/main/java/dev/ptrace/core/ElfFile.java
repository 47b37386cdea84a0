package dev.ptrace.core;

import dev.ptrace.MemoryMapping;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A small reader for 64-bit ELF files: the header (type, machine, entry point), the loadable segments, the
 * interpreter, and the symbols of {@code .symtab} and {@code .dynsym}. Enough to find addresses to break at without
 * a compiler or debug information: {@code runtimeAddress = loadBias + symbol.value}, with the load bias taken from
 * the file's mappings in {@code /proc/<pid>/maps} ({@link #loadBias(List)}).
 *
 * <p>The file is read once, completely bounded by its size; malformed files raise {@link IOException} naming what
 * is wrong, never an index exception. 32-bit ELF files are refused.
 */
public final class ElfFile {
    /** {@code ET_EXEC}: a position-dependent executable. */
    public static final int ET_EXEC = 2;
    /** {@code ET_DYN}: a shared object or position-independent executable. */
    public static final int ET_DYN = 3;
    /** {@code EM_X86_64}. */
    public static final int EM_X86_64 = 62;
    /** {@code EM_AARCH64}. */
    public static final int EM_AARCH64 = 183;
    /** {@code PF_X}: an executable segment. */
    static final int PF_X = 1;
    /** {@code STT_FUNC}. */
    public static final int STT_FUNC = 2;
    /** {@code STT_OBJECT}. */
    public static final int STT_OBJECT = 1;
    /** {@code STT_GNU_IFUNC}: the value is a resolver, not the function chosen at run time. */
    public static final int STT_GNU_IFUNC = 10;
    /** {@code STB_LOCAL}. */
    public static final int STB_LOCAL = 0;
    /** {@code STB_GLOBAL}. */
    public static final int STB_GLOBAL = 1;
    /** {@code STB_WEAK}. */
    public static final int STB_WEAK = 2;

    private static final int PT_LOAD = 1;
    private static final int PT_INTERP = 3;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final long MAX_SIZE = 1L << 31;

    /**
     * A loadable segment ({@code PT_LOAD}).
     *
     * @param offset file offset
     * @param virtualAddress link-time address
     * @param fileSize bytes in the file
     * @param memorySize bytes in memory
     * @param flags {@code PF_X} 1, {@code PF_W} 2, {@code PF_R} 4
     */
    public record Segment(long offset, long virtualAddress, long fileSize, long memorySize, int flags) {
    }

    /**
     * A symbol table entry.
     *
     * @param name the name (a {@code .symtab} name may carry a version after {@code @})
     * @param value the link-time address
     * @param size the size in bytes
     * @param type {@code STT_*}
     * @param binding {@code STB_*}
     * @param section the section index; 0 ({@code SHN_UNDEF}) for an undefined symbol
     * @param dynamic whether it comes from {@code .dynsym}
     */
    public record Symbol(String name, long value, long size, int type, int binding, int section, boolean dynamic) {
        /** Whether the symbol is defined in this file (not an import). */
        public boolean isDefined() {
            return section != 0 && value != 0;
        }

        /** The name without a {@code @VERSION} or {@code @@VERSION} suffix. */
        public String baseName() {
            int at = name.indexOf('@');
            return at < 0 ? name : name.substring(0, at);
        }
    }

    /**
     * A section header.
     *
     * @param name the name from the section-name string table, empty if it has none
     * @param type {@code SHT_*}
     * @param address link-time address ({@code sh_addr}), 0 for sections not loaded
     * @param offset file offset of the contents
     * @param size bytes of contents ({@code SHT_NOBITS} sections have none in the file)
     */
    public record Section(String name, int type, long address, long offset, long size) {
    }

    private final Path path;
    private final int type;
    private final int machine;
    private final long entry;
    private final List<Segment> segments;
    private final String interpreter;
    private final List<Symbol> symbols;
    private final List<Section> sections;

    private ElfFile(Path path, int type, int machine, long entry, List<Segment> segments, String interpreter,
                    List<Symbol> symbols, List<Section> sections) {
        this.sections = sections;
        this.path = path;
        this.type = type;
        this.machine = machine;
        this.entry = entry;
        this.segments = segments;
        this.interpreter = interpreter;
        this.symbols = symbols;
    }

    /**
     * Reads an ELF file.
     *
     * @throws IOException if it cannot be read or is not a 64-bit ELF file
     */
    public static ElfFile read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_SIZE) {
                throw new IOException(path + ": too large for this ELF reader (" + size + " bytes)");
            }
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return parse(path, b);
        }
    }

    /**
     * Parses an ELF image held in memory.
     *
     * @param path a name for messages
     * @throws IOException if the bytes are not a well-formed 64-bit ELF file
     */
    public static ElfFile parse(Path path, ByteBuffer bytes) throws IOException {
        try {
            return parseChecked(path, bytes.duplicate());
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException(path + ": malformed ELF file (" + e.getMessage() + ")", e);
        }
    }

    private static ElfFile parseChecked(Path path, ByteBuffer b) throws IOException {
        if (b.limit() < 64 || b.get(0) != 0x7f || b.get(1) != 'E' || b.get(2) != 'L' || b.get(3) != 'F') {
            throw new IOException(path + ": not an ELF file");
        }
        if (b.get(4) != 2) {
            throw new IOException(path + ": not a 64-bit ELF file (EI_CLASS " + b.get(4) + ")");
        }
        b.order(b.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(16) & 0xffff;
        int machine = b.getShort(18) & 0xffff;
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        long shoff = b.getLong(40);
        int phentsize = b.getShort(54) & 0xffff;
        int phnum = b.getShort(56) & 0xffff;
        int shentsize = b.getShort(58) & 0xffff;
        int shnum = b.getShort(60) & 0xffff;
        int shstrndx = b.getShort(62) & 0xffff;

        List<Segment> segments = new ArrayList<>();
        String interp = null;
        if (phoff != 0 && phnum > 0) {
            require(phentsize >= 56, "program header entries of " + phentsize + " bytes");
            for (int i = 0; i < phnum; i++) {
                int at = index(phoff + (long) i * phentsize, 56, b);
                int ptype = b.getInt(at);
                long off = b.getLong(at + 8);
                long filesz = b.getLong(at + 32);
                if (ptype == PT_LOAD) {
                    segments.add(new Segment(off, b.getLong(at + 16), filesz, b.getLong(at + 40), b.getInt(at + 4)));
                } else if (ptype == PT_INTERP && filesz > 0 && filesz < 4096) {
                    interp = cString(b, index(off, (int) filesz, b), (int) filesz);
                }
            }
        }

        List<Symbol> symbols = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        if (shoff != 0) {
            require(shentsize >= 64, "section header entries of " + shentsize + " bytes");
            if (shnum == 0) {
                shnum = (int) Math.min(b.getLong(index(shoff, 64, b) + 32), 65536); // extended numbering
            }
            sections = sections(b, shoff, shentsize, shnum, shstrndx);
            for (int i = 0; i < shnum; i++) {
                int at = index(shoff + (long) i * shentsize, 64, b);
                int shtype = b.getInt(at + 4);
                if (shtype != SHT_SYMTAB && shtype != SHT_DYNSYM) {
                    continue;
                }
                long off = b.getLong(at + 24);
                long size = b.getLong(at + 32);
                int link = b.getInt(at + 40);
                long entsize = b.getLong(at + 56);
                require(entsize >= 24 && entsize < 4096, "symbol entries of " + entsize + " bytes");
                require(link > 0 && link < shnum, "symbol table linked to section " + link);
                int strAt = index(shoff + (long) link * shentsize, 64, b);
                long strOff = b.getLong(strAt + 24);
                long strSize = b.getLong(strAt + 32);
                int strBase = index(strOff, (int) Math.min(strSize, Integer.MAX_VALUE), b);
                int count = (int) (size / entsize);
                index(off, (int) Math.min((long) count * entsize, Integer.MAX_VALUE), b);
                for (int s = 1; s < count; s++) { // entry 0 is the null symbol
                    int e = (int) (off + s * entsize);
                    int nameOff = b.getInt(e);
                    if (Integer.toUnsignedLong(nameOff) >= strSize) {
                        continue;
                    }
                    int info = b.get(e + 4) & 0xff;
                    String name = cString(b, strBase + nameOff, (int) (strSize - nameOff));
                    if (name.isEmpty()) {
                        continue;
                    }
                    symbols.add(new Symbol(name, b.getLong(e + 8), b.getLong(e + 16), info & 0xf, info >>> 4,
                            b.getShort(e + 6) & 0xffff, shtype == SHT_DYNSYM));
                }
            }
        }
        return new ElfFile(path, type, machine, entry, List.copyOf(segments), interp,
                Collections.unmodifiableList(symbols), List.copyOf(sections));
    }

    /** The section headers, named through section {@code shstrndx} when that lies in the file. */
    private static List<Section> sections(ByteBuffer b, long shoff, int shentsize, int shnum, int shstrndx) {
        int namesAt = -1;
        long namesSize = 0;
        if (shstrndx > 0 && shstrndx < shnum) {
            int at = index(shoff + (long) shstrndx * shentsize, 64, b);
            long size = b.getLong(at + 32);
            long offset = b.getLong(at + 24);
            if (size >= 0 && offset >= 0 && size <= b.limit() && offset <= b.limit() - size) {
                namesSize = size; // a name table outside the file leaves the sections unnamed, the symbols readable
                namesAt = (int) offset;
            }
        }
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int at = index(shoff + (long) i * shentsize, 64, b);
            long nameOff = Integer.toUnsignedLong(b.getInt(at));
            String name = namesAt >= 0 && nameOff < namesSize
                    ? cString(b, namesAt + (int) nameOff, (int) (namesSize - nameOff)) : "";
            out.add(new Section(name, b.getInt(at + 4), b.getLong(at + 16), b.getLong(at + 24), b.getLong(at + 32)));
        }
        return out;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("unexpected " + what);
        }
    }

    /** Checks that {@code [offset, offset+length)} lies in the buffer and returns offset as an int. */
    private static int index(long offset, int length, ByteBuffer b) {
        if (offset < 0 || length < 0 || offset + length > b.limit()) {
            throw new IndexOutOfBoundsException("offset " + offset + " + " + length + " beyond the file's "
                    + b.limit() + " bytes");
        }
        return (int) offset;
    }

    private static String cString(ByteBuffer b, int at, int max) {
        int end = at;
        int limit = (int) Math.min((long) at + max, b.limit());
        while (end < limit && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /** {@code e_type}: {@link #ET_EXEC}, {@link #ET_DYN} ... */
    public int type() {
        return type;
    }

    /** Whether the file is loaded at an address chosen at run time ({@code ET_DYN}: PIE or shared object). */
    public boolean isPositionIndependent() {
        return type == ET_DYN;
    }

    /** {@code e_machine}: {@link #EM_X86_64}, {@link #EM_AARCH64} ... */
    public int machine() {
        return machine;
    }

    /** {@code e_entry}: the link-time entry point (0 for most shared objects). */
    public long entryPoint() {
        return entry;
    }

    /** The {@code PT_LOAD} segments in file order. */
    public List<Segment> loadSegments() {
        return segments;
    }

    /** The program interpreter ({@code PT_INTERP}), for dynamically linked executables. */
    public Optional<String> interpreter() {
        return Optional.ofNullable(interpreter);
    }

    /** Every named symbol of {@code .symtab} and {@code .dynsym}. */
    public List<Symbol> symbols() {
        return symbols;
    }

    /** The section headers in file order (empty when the file has none). */
    public List<Section> sections() {
        return sections;
    }

    /** {@return the first section with this name} @param name e.g. {@code ".eh_frame"} */
    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Reads a section's contents from the file again (the parsed file keeps no bytes).
     *
     * @param section one of {@link #sections()}
     * @param maxSize the most bytes to accept
     * @return the contents
     * @throws IOException if the file cannot be read, has changed size under it, or the section is larger than
     *     {@code maxSize} or reaches past the end of the file
     */
    public byte[] contents(Section section, int maxSize) throws IOException {
        if (section.size() < 0 || section.size() > maxSize) {
            throw new IOException(path + ": section " + section.name() + " of " + section.size()
                    + " bytes is larger than " + maxSize);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (section.offset() < 0 || section.offset() + section.size() > ch.size()) {
                throw new IOException(path + ": section " + section.name() + " reaches past the end of the file");
            }
            ByteBuffer out = ByteBuffer.allocate((int) section.size());
            while (out.hasRemaining()) {
                if (ch.read(out, section.offset() + out.position()) < 0) {
                    throw new IOException(path + ": file ended inside section " + section.name());
                }
            }
            return out.array();
        }
    }

    /**
     * The defined symbol with this name (version suffixes ignored), preferring functions and objects, then global
     * over weak over local bindings, then {@code .symtab} over {@code .dynsym}.
     */
    public Optional<Symbol> symbol(String name) {
        Symbol best = null;
        int bestScore = -1;
        for (Symbol s : symbols) {
            if (!s.isDefined() || !(s.name().equals(name) || s.baseName().equals(name))) {
                continue;
            }
            int score = 0;
            if (s.type() == STT_FUNC || s.type() == STT_OBJECT || s.type() == STT_GNU_IFUNC) {
                score += 8;
            }
            score += s.binding() == STB_GLOBAL ? 4 : s.binding() == STB_WEAK ? 2 : 0;
            score += s.dynamic() ? 0 : 1;
            if (score > bestScore) {
                best = s;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The load bias of this file in a process: what to add to a link-time address to get the run-time one (0 for
     * an {@code ET_EXEC} file). Found from a mapping of the file that contains the start of a loadable segment:
     * {@code bias = start - mappingOffset - (vaddr - segmentOffset)}. Only private mappings whose execute permission
     * matches the segment's count: the program may map the file itself, shared or without execute permission.
     *
     * @param mappings the mappings of this file in the process ({@link dev.ptrace.ProcMaps#ofFile(String)})
     * @return empty if no mapping contains the start of a segment
     */
    public OptionalLong loadBias(List<MemoryMapping> mappings) {
        for (MemoryMapping m : mappings) {
            if (m.shared()) {
                continue; // the loader maps privately; a shared mapping is the program's own view of the file
            }
            for (Segment s : segments) {
                boolean executable = (s.flags() & PF_X) != 0;
                if (executable == m.executable() && Long.compareUnsigned(s.offset(), m.offset()) >= 0
                        && Long.compareUnsigned(s.offset() - m.offset(), m.size()) < 0) {
                    return OptionalLong.of(m.start() - m.offset() - (s.virtualAddress() - s.offset()));
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public String toString() {
        return "ElfFile[" + path + ", type=" + type + ", machine=" + machine + ", entry=0x" + Long.toHexString(entry)
                + ", " + segments.size() + " segments, " + symbols.size() + " symbols]";
    }
}
