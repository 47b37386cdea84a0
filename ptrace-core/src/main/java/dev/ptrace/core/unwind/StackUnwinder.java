package dev.ptrace.core.unwind;

import dev.ptrace.MemoryMapping;
import dev.ptrace.PtraceException;
import dev.ptrace.ProcMaps;
import dev.ptrace.Registers;
import dev.ptrace.StackFrame;
import dev.ptrace.TraceeGoneException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Unwinds a stopped tracee's stack with the DWARF call-frame information of the files it has mapped (the engine's
 * implementation of {@link dev.ptrace.Tracee#stackTrace()}). For each frame: find the mapping that holds its
 * address, the FDE that covers it, run the CFI program to that address, compute the CFA and the caller's
 * registers (reading saved ones from the stack), and name the frame by the nearest function symbol. For a caller
 * frame the lookups use the address before the return address (the call itself, which may be a function's last
 * instruction), except after a signal frame, whose saved address is the interrupted instruction. Files are cached
 * across calls (see {@link UnwindFileCache}).
 */
public final class StackUnwinder {
    /** strace's and libunwind's limit. */
    public static final int MAX_FRAMES = 256;
    private static final int MAX_MAPS_BYTES = 8 << 20;

    private final UnwindFileCache files;

    /** An unwinder with an empty cache of files. */
    public StackUnwinder() {
        this(new UnwindFileCache(UnwindFile::read));
    }

    StackUnwinder(UnwindFileCache files) {
        this.files = files;
    }

    /**
     * Reads {@code /proc/PID/maps}, at most 8 MiB of it.
     *
     * @throws TraceeGoneException if the process is gone
     * @throws PtraceException if it cannot be read or parsed
     */
    public static ProcMaps readMaps(int pid) {
        Path path = Path.of("/proc/" + pid + "/maps");
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_MAPS_BYTES);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (bytes.length == MAX_MAPS_BYTES) {
                text = text.substring(0, Math.max(text.lastIndexOf('\n'), 0)); // drop the cut line
            }
            return ProcMaps.parse(text);
        } catch (NoSuchFileException e) {
            throw new TraceeGoneException("read " + path, pid, 3, "no such process", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new PtraceException("read " + path, pid, 0, e.toString(), e);
        }
    }

    /**
     * Unwinds one stack.
     *
     * @param pid the tracee (for {@code /proc/PID/map_files})
     * @param registers its registers at the stop
     * @param memory its memory
     * @param maps its mappings
     * @return the frames, innermost first; the walk ends at the first frame that cannot be unwound
     */
    public List<StackFrame> unwind(int pid, Registers registers, dev.ptrace.Memory memory, ProcMaps maps) {
        UnwindRegisters layout = UnwindRegisters.of(registers.arch());
        long[] values = new long[CfiRow.MAX_REGISTERS];
        boolean[] known = new boolean[CfiRow.MAX_REGISTERS];
        for (int r = 0; r < layout.names().size(); r++) {
            values[r] = registers.get(layout.names().get(r));
            known[r] = true;
        }
        StackMemory stack = new StackMemory(memory);
        List<StackFrame> frames = new ArrayList<>();
        long pc = registers.get(layout.programCounter());
        boolean exact = true; // pc is the instruction itself, not a return address
        while (frames.size() < MAX_FRAMES) {
            MemoryMapping m = maps.find(pc).orElse(null);
            String file = m == null ? null : m.file().orElse(null);
            long fileOffset = m == null ? 0 : pc - m.start() + m.offset();
            if (file == null) {
                frames.add(new StackFrame(pc, "", 0, "", 0));
                break;
            }
            UnwindFile elf = files.get(pid, m, file);
            long lookup = exact ? pc : pc - 1;
            long link = elf.linkAddress(lookup - m.start() + m.offset());
            UnwindFile.Function f = link == -1 ? null : elf.functionAt(link);
            long linkPc = link == -1 ? -1 : link + (pc - lookup);
            frames.add(f == null ? new StackFrame(pc, file, fileOffset, "", 0)
                    : new StackFrame(pc, file, fileOffset, f.name(), linkPc - f.address()));
            if (link == -1 || elf.frames() == null) {
                break;
            }
            try {
                CallFrameEntries.Fde fde = elf.frames().find(link);
                if (fde == null) {
                    break;
                }
                CfiRow row = CfiProgram.rowFor(fde, link);
                long stackPointerBefore = values[layout.stackPointer()];
                long newPc = step(row, fde.cie().returnColumn(), layout.stackPointer(), values, known, stack);
                if (newPc == 0 || (newPc == pc && values[layout.stackPointer()] == stackPointerBefore)) {
                    break;
                }
                exact = fde.cie().signalFrame();
                pc = newPc;
            } catch (CfiException e) {
                break;
            }
        }
        return frames;
    }

    /**
     * Computes the caller's registers into {@code values}/{@code known} and returns its pc (the return address).
     *
     * @throws CfiException when the caller cannot be found: undefined return address, unreadable memory ...
     */
    static long step(CfiRow row, int returnColumn, int stackPointer, long[] values, boolean[] known,
                     DwarfExpression.Memory memory) throws CfiException {
        DwarfExpression.Registers current = r -> {
            if (r < 0 || r >= CfiRow.MAX_REGISTERS || !known[r]) {
                throw new CfiException("register " + r + " is not known in this frame");
            }
            return values[r];
        };
        long cfa = row.cfaIsExpression
                ? DwarfExpression.evaluate(row.cfaExpression, null, current, memory)
                : current.get(row.cfaRegister) + row.cfaOffset;
        long[] next = values.clone();
        boolean[] nextKnown = known.clone();
        for (int r = 0; r < CfiRow.MAX_REGISTERS; r++) {
            switch (row.rules[r]) {
                case UNSPECIFIED, SAME_VALUE -> { }
                case UNDEFINED -> nextKnown[r] = false;
                case OFFSET -> set(next, nextKnown, r, memory.read(cfa + row.operands[r], 8));
                case VAL_OFFSET -> set(next, nextKnown, r, cfa + row.operands[r]);
                case REGISTER -> set(next, nextKnown, r, current.get((int) row.operands[r]));
                case EXPRESSION -> set(next, nextKnown, r,
                        memory.read(DwarfExpression.evaluate(row.expressions[r], cfa, current, memory), 8));
                case VAL_EXPRESSION -> set(next, nextKnown, r,
                        DwarfExpression.evaluate(row.expressions[r], cfa, current, memory));
                default -> throw new CfiException("rule " + row.rules[r]);
            }
        }
        if (row.rules[stackPointer] == CfiRow.Rule.UNSPECIFIED || row.rules[stackPointer] == CfiRow.Rule.SAME_VALUE) {
            set(next, nextKnown, stackPointer, cfa); // the CFA is by definition the caller's stack pointer
        }
        if (row.rules[returnColumn] == CfiRow.Rule.UNDEFINED || !nextKnown[returnColumn]) {
            throw new CfiException("the return address is undefined: the outermost frame");
        }
        System.arraycopy(next, 0, values, 0, values.length);
        System.arraycopy(nextKnown, 0, known, 0, known.length);
        return next[returnColumn];
    }

    private static void set(long[] values, boolean[] known, int r, long value) {
        values[r] = value;
        known[r] = true;
    }

    /** {@return how many files are cached} */
    public int cachedFiles() {
        return files.size();
    }
}
