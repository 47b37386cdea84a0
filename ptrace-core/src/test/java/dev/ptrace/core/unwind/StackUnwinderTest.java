package dev.ptrace.core.unwind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Arch;
import dev.ptrace.Memory;
import dev.ptrace.MemoryMapping;
import dev.ptrace.ProcMaps;
import dev.ptrace.Registers;
import dev.ptrace.StackFrame;
import dev.ptrace.core.ElfFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frame walk on mocked registers and memory and a synthetic mapped file: no process needed. */
class StackUnwinderTest {
    private static final long BASE = 0x10000;
    private static final String LIB = "/lib/fake.so";
    private static final ProcMaps MAPS = new ProcMaps(List.of(
            new MemoryMapping(BASE, BASE + 0x10000, "r-xp", 0, "08:01", 7, LIB),
            new MemoryMapping(0x7000, 0x8000, "rw-p", 0, "00:00", 0, "[stack]")));

    /** inner at 0x1100 and outer at 0x1000, both with the return address on top of the stack. */
    private static StackUnwinder unwinder(int... innerInstructions) {
        EhFrameBuilder b = new EhFrameBuilder(0x5000);
        int cie = b.cie(1, -8, 16, 0x0c, 7, 8, 0x90, 1);
        b.fde(cie, 0x1000, 0x100);
        b.fde(cie, 0x1100, 0x20, innerInstructions);
        UnwindFile file = UnwindFile.of(List.of(new ElfFile.Segment(0, 0, 0x10000, 0x10000, 5)),
                new CallFrameEntries(b.bytes(), 0x5000, b.header(0x4f00), 0x4f00),
                List.of(new UnwindFile.Function(0x1000, "outer"), new UnwindFile.Function(0x1100, "inner")));
        return new StackUnwinder(new UnwindFileCache(p -> file));
    }

    private static Registers registers(long pc, long sp) {
        Registers r = mock(Registers.class);
        when(r.arch()).thenReturn(Arch.X86_64);
        when(r.get(any())).thenReturn(0L);
        when(r.get("rip")).thenReturn(pc);
        when(r.get("rsp")).thenReturn(sp);
        return r;
    }

    /** Memory holding these words; reads elsewhere fail. */
    private static Memory memory(Map<Long, Long> words) {
        Memory m = mock(Memory.class);
        when(m.readPartial(anyLong(), any(), anyInt(), anyInt())).thenAnswer(inv -> {
            long address = inv.getArgument(0);
            byte[] buffer = inv.getArgument(1);
            int offset = inv.getArgument(2);
            int length = inv.getArgument(3);
            if (address != 0x7000) {
                throw new dev.ptrace.TraceeMemoryException("process_vm_readv", 1, 14, address, null);
            }
            ByteBuffer b = ByteBuffer.wrap(buffer, offset, length).order(ByteOrder.LITTLE_ENDIAN);
            words.forEach((a, v) -> b.putLong(offset + (int) (a - address), v));
            return length;
        });
        return m;
    }

    @Test
    void walksToTheCallerAndNamesFramesByTheCallInstruction() {
        // the return address 0x1100 is outer's last call: the byte before it, in outer, names the frame
        List<StackFrame> frames = unwinder().unwind(1, registers(BASE + 0x1105, 0x7000),
                memory(Map.of(0x7000L, BASE + 0x1100, 0x7008L, 0L)), MAPS);
        assertEquals(List.of(new StackFrame(BASE + 0x1105, LIB, 0x1105, "inner", 5),
                new StackFrame(BASE + 0x1100, LIB, 0x1100, "outer", 0x100)), frames);
    }

    @Test
    void aReturnAddressInNoFileIsTheLastFrame() {
        List<StackFrame> frames = unwinder().unwind(1, registers(BASE + 0x1105, 0x7000),
                memory(Map.of(0x7000L, 0x9999000L)), MAPS);
        assertEquals(2, frames.size());
        assertEquals(new StackFrame(0x9999000L, "", 0, "", 0), frames.get(1));
    }

    @Test
    void anUnreadableStackEndsTheWalkAfterTheFramesFound() {
        List<StackFrame> frames = unwinder().unwind(1, registers(BASE + 0x1105, 0x6000), memory(Map.of()), MAPS);
        assertEquals(1, frames.size());
        assertEquals("inner", frames.get(0).symbol());
    }

    @Test
    void aFrameThatUnwindsToItselfEndsTheWalk() {
        // inner's CFI claims the CFA is rsp+0 and the return address sits there: the same pc and stack again
        List<StackFrame> frames = unwinder(0x0e, 0).unwind(1, registers(BASE + 0x1105, 0x7008),
                memory(Map.of(0x7000L, BASE + 0x1105)), MAPS);
        assertEquals(1, frames.size(), frames.toString());
    }

    @Test
    void aPcWithoutCfiIsNamedAndEndsTheWalk() {
        List<StackFrame> frames = unwinder().unwind(1, registers(BASE + 0x3000, 0x7000), memory(Map.of()), MAPS);
        assertEquals(List.of(new StackFrame(BASE + 0x3000, LIB, 0x3000, "inner", 0x1f00)), frames);
    }
}
