package dev.ptrace.core.unwind;

import dev.ptrace.core.ElfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What unwinding needs of one ELF file, read once: its loadable segments (to turn a file offset into a link-time
 * address), its call-frame information and its function symbols. A file that cannot be read or parsed yields an
 * instance with none of them, so that frames in it are still named by file.
 */
final class UnwindFile {
    /** The largest {@code .eh_frame} or {@code .eh_frame_hdr} read (libc's is about 200 KiB). */
    static final int MAX_SECTION = 64 << 20;

    /** A function symbol: its link-time address and name. */
    record Function(long address, String name) {
    }

    private final List<ElfFile.Segment> segments;
    private final CallFrameEntries frames;
    private final long[] addresses;
    private final String[] names;
    private final String problem;

    private UnwindFile(List<ElfFile.Segment> segments, CallFrameEntries frames, List<Function> functions,
                       String problem) {
        this.segments = segments;
        this.frames = frames;
        this.addresses = new long[functions.size()];
        this.names = new String[functions.size()];
        for (int i = 0; i < functions.size(); i++) {
            addresses[i] = functions.get(i).address();
            names[i] = functions.get(i).name();
        }
        this.problem = problem;
    }

    /**
     * Reads a file; never throws for what the file contains.
     *
     * @param path the file to read (for a mapping, possibly {@code /proc/PID/map_files/...})
     */
    static UnwindFile read(Path path) {
        ElfFile elf;
        try {
            elf = ElfFile.read(path);
        } catch (IOException | RuntimeException e) {
            return new UnwindFile(List.of(), null, List.of(), e.getMessage());
        }
        List<Function> functions = new ArrayList<>();
        for (ElfFile.Symbol s : elf.symbols()) {
            if (s.type() == ElfFile.STT_FUNC && s.section() != 0) {
                functions.add(new Function(s.value(), s.name()));
            }
        }
        // stable: among functions at one address the first in section and table order names it
        functions.sort(Comparator.comparingLong(Function::address));
        CallFrameEntries frames = null;
        String problem = null;
        try {
            Optional<ElfFile.Section> ehFrame = elf.section(".eh_frame");
            Optional<ElfFile.Section> header = elf.section(".eh_frame_hdr");
            if (ehFrame.isPresent()) {
                byte[] frameBytes = elf.contents(ehFrame.get(), MAX_SECTION);
                byte[] headerBytes = header.isPresent() ? elf.contents(header.get(), MAX_SECTION) : null;
                frames = new CallFrameEntries(frameBytes, ehFrame.get().address(), headerBytes,
                        header.map(ElfFile.Section::address).orElse(0L));
            } else {
                problem = "no .eh_frame section";
            }
        } catch (IOException e) {
            problem = e.getMessage();
        }
        return new UnwindFile(elf.loadSegments(), frames, functions, problem);
    }

    /** An instance for tests: call-frame information and functions without a file. */
    static UnwindFile of(List<ElfFile.Segment> segments, CallFrameEntries frames, List<Function> functions) {
        List<Function> sorted = new ArrayList<>(functions);
        sorted.sort(Comparator.comparingLong(Function::address));
        return new UnwindFile(segments, frames, sorted, null);
    }

    /**
     * The link-time address of a file offset, through the loadable segment that holds it.
     *
     * @return -1 if no segment holds it
     */
    long linkAddress(long fileOffset) {
        for (ElfFile.Segment s : segments) {
            if (Long.compareUnsigned(fileOffset - s.offset(), Math.max(s.fileSize(), s.memorySize())) < 0
                    && Long.compareUnsigned(fileOffset, s.offset()) >= 0) {
                return s.virtualAddress() + (fileOffset - s.offset());
            }
        }
        return -1;
    }

    /** {@return the call-frame information, or null when the file has none that could be read} */
    CallFrameEntries frames() {
        return frames;
    }

    /** {@return why the file has no call-frame information, or null} */
    String problem() {
        return problem;
    }

    /**
     * The function symbol at or nearest below {@code address}: among several at one address, the first in the
     * file's symbol tables ({@code .dynsym} before {@code .symtab} in the usual section order).
     *
     * @return null if no function starts at or below it
     */
    Function functionAt(long address) {
        int lo = 0;
        int hi = addresses.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addresses[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return null;
        }
        while (found > 0 && addresses[found - 1] == addresses[found]) {
            found--;
        }
        return new Function(addresses[found], names[found]);
    }
}
