package dev.ptrace.core;

import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeMemoryException;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProcessMemory} on the fake kernel's paged memory: 0x10000-0x12000 writable, 0x20000-0x21000 read-only
 * (process_vm_writev refuses it, POKEDATA does not), nothing else mapped.
 */
class ProcessMemoryTest extends EngineTestSupport {
    private static final long RW = 0x10000;
    private static final long RO = 0x20000;

    private int pid;
    private ProcessMemory mem;

    @BeforeEach
    void map() {
        fake.map(RW, 2, true);
        fake.map(RO, 1, false);
        pid = fake.reservePid();
        mem = new ProcessMemory(tracer.kernel, pid);
    }

    private static byte[] seq(int n, int from) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private List<FakeKernel.Call> vmReads() {
        return fake.calls.stream().filter(c -> c.request() == FakeKernel.VM_READ).toList();
    }

    /** A pid whose /proc/PID/mem exists but cannot be opened, so that the PEEKDATA fallback is reached. */
    private static int pidWithUnopenableMem() {
        for (int candidate : new int[] {1, 2}) {
            try (FileChannel ch = FileChannel.open(Path.of("/proc/" + candidate + "/mem"), StandardOpenOption.READ)) {
                // readable here: not a candidate
            } catch (AccessDeniedException e) {
                return candidate;
            } catch (IOException | SecurityException e) {
                // try the next one
            }
        }
        Assumptions.abort("every candidate /proc/PID/mem can be opened here (privileged)");
        return -1;
    }

    // --- reads -----------------------------------------------------------------------------------------------

    @Test
    void processVmReadvFastPath() {
        fake.poke(RW + 8, seq(16, 1));
        assertArrayEquals(seq(16, 1), mem.read(RW + 8, 16));
        assertEquals(1, vmReads().size());
        assertEquals(RW + 8, vmReads().get(0).addr());
    }

    @Test
    void littleEndianWords() {
        fake.poke(RW, new byte[] {0x78, 0x56, 0x34, 0x12, 0, 0, 0, (byte) 0x80});
        assertEquals(0x12345678, mem.readInt(RW));
        assertEquals(0x8000000012345678L, mem.readLong(RW));
    }

    @Test
    void partialReadStopsAtTheFirstUnreadablePage() {
        fake.poke(RW + 0x1ff0, seq(16, 5));
        byte[] buf = new byte[40];
        assertEquals(16, mem.readPartial(RW + 0x1ff0, buf, 4, 32));
        assertArrayEquals(seq(16, 5), Arrays.copyOfRange(buf, 4, 20));
        assertEquals(List.of(RW + 0x1ff0, RW + 0x2000), vmReads().stream().map(FakeKernel.Call::addr).toList(),
                "the short read is followed by one page-bounded retry");
        assertEquals(0, mem.readPartial(0x30000, buf, 0, 8), "nothing readable");
        TraceeMemoryException e = assertThrows(TraceeMemoryException.class, () -> mem.read(RW + 0x1ff0, 32));
        assertEquals(RW + 0x2000, e.address());
        assertEquals(Linux.EFAULT, e.errnoNumber());
    }

    @Test
    void pageByPageRetryReadsEverythingReadable() {
        // the first call fails as a whole (EIO), page-sized retries then read both mapped pages
        fake.failNext(FakeKernel.VM_READ, Linux.EIO);
        byte[] buf = new byte[0x2100];
        assertEquals(0x2000, mem.readPartial(RW, buf, 0, 0x2100));
        assertEquals(List.of(RW, RW, RW + 0x1000, RW + 0x2000), vmReads().stream().map(FakeKernel.Call::addr)
                .toList());
    }

    @Test
    void largeReadsGoInScratchSizedChunks() {
        fake.map(0x100000, 20, true);
        byte[] data = seq(20 * 4096, 3);
        fake.poke(0x100000, data);
        assertArrayEquals(data, mem.read(0x100000, data.length));
        assertEquals(List.of(65536L, 16384L), vmReads().stream().map(FakeKernel.Call::data).toList());
    }

    @Test
    void argumentChecks() {
        assertThrows(IndexOutOfBoundsException.class, () -> mem.readPartial(RW, new byte[4], 2, 4));
        assertThrows(IllegalArgumentException.class, () -> mem.read(RW, -1));
        assertThrows(IllegalArgumentException.class, () -> mem.readCString(RW, -1));
        assertEquals(0, mem.read(RW, 0).length);
    }

    @Test
    void goneProcessesAreReportedFromEveryPath() {
        fake.failNext(FakeKernel.VM_READ, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> mem.read(RW, 8));
        fake.failNext(FakeKernel.VM_READ, 0);
        fake.failNext(FakeKernel.VM_READ, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> mem.read(RW + 0x1ff8, 16), "in the page-by-page retry");
        fake.failNext(FakeKernel.VM_WRITE, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> mem.write(RW, new byte[1]));
    }

    @Test
    void withoutProcessVmReadvAMissingProcFileMeansGone() {
        fake.failNext(FakeKernel.VM_READ, Linux.ENOSYS);
        TraceeGoneException e = assertThrows(TraceeGoneException.class, () -> mem.read(RW, 8));
        assertTrue(e.getMessage().startsWith("open /proc/" + pid + "/mem"), e.getMessage());
    }

    @Test
    void procMemFallbackReadsTheProcessMemory() throws Exception {
        // this JVM's own memory through /proc/self/mem: the ELF header of the java launcher
        int self = (int) ProcessHandle.current().pid();
        String maps = Files.readString(Path.of("/proc/self/maps"));
        String line = maps.lines().filter(l -> l.contains(" 00000000 ") && l.endsWith("/java")).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(line != null, "no java launcher mapping found");
        long start = Long.parseUnsignedLong(line.substring(0, line.indexOf('-')), 16);
        ProcessMemory own = new ProcessMemory(tracer.kernel, self);
        fake.failNext(FakeKernel.VM_READ, Linux.EPERM);
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, own.read(start, 4));
        assertEquals(0, own.readPartial(0, new byte[8], 0, 8), "address 0 is unreadable (EIO)");
        assertEquals(0, own.readPartial(0x8000000000000000L, new byte[8], 0, 8), "kernel half");
        assertEquals(1, vmReads().size(), "process_vm_readv is not tried again");
        own.write(start, new byte[] {0x7f, 'E', 'L', 'F'}); // same bytes: through /proc/self/mem, harmless
        assertTrue(fake.calls.stream().noneMatch(c -> c.request() == Linux.PTRACE_POKEDATA));
    }

    @Test
    void peekdataFallbackWhenProcessVmReadvIsUnavailable() {
        ProcessMemory m = new ProcessMemory(tracer.kernel, pidWithUnopenableMem());
        fake.poke(RW, seq(32, 1));
        fake.failNext(FakeKernel.VM_READ, Linux.ENOSYS);
        assertArrayEquals(Arrays.copyOfRange(seq(32, 1), 3, 13), m.read(RW + 3, 10));
        List<FakeKernel.Call> peeks = fake.calls.stream().filter(c -> c.request() == Linux.PTRACE_PEEKDATA).toList();
        assertEquals(List.of(RW, RW + 8), peeks.stream().map(FakeKernel.Call::addr).toList(), "aligned words");
        assertTrue(peeks.get(0).thread().getName().startsWith("ptrace-tracer-"), "PEEKDATA on the tracer thread");
        TraceeMemoryException e = assertThrows(TraceeMemoryException.class, () -> m.read(RW + 0x1ffc, 8));
        assertEquals(RW + 0x2000, e.address());
        assertEquals(1, vmReads().size(), "process_vm_readv is not tried again");
        fake.failNext(Linux.PTRACE_PEEKDATA, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> m.read(RW, 8));
    }

    // --- C strings ---------------------------------------------------------------------------------------------

    @Test
    void cStrings() {
        fake.poke(RW, "hello\0world\0".getBytes(StandardCharsets.US_ASCII));
        assertEquals("hello", new String(mem.readCString(RW, 100), StandardCharsets.US_ASCII));
        assertEquals("hel", new String(mem.readCString(RW, 3), StandardCharsets.US_ASCII), "cut at maxLength");
        assertEquals("hello", new String(mem.readCString(RW, 5), StandardCharsets.US_ASCII));
        assertEquals(0, mem.readCString(RW, 0).length);
        assertEquals(0, mem.readCString(RW + 5, 10).length, "empty string");
        assertEquals("world", new String(mem.readCString(RW + 6, 6), StandardCharsets.US_ASCII));
    }

    @Test
    void cStringsAcrossPagesAndLongerThanAPage() {
        byte[] s = new byte[5000];
        Arrays.fill(s, (byte) 'a');
        fake.poke(RW + 100, s);
        fake.poke(RW + 5100, (byte) 0);
        assertEquals(5000, mem.readCString(RW + 100, 10_000).length);
        assertEquals(4097, mem.readCString(RW + 100, 4097).length);
        fake.poke(RW + 0x1ffe, (byte) 'x', (byte) 'y');
        TraceeMemoryException e = assertThrows(TraceeMemoryException.class, () -> mem.readCString(RW + 0x1ffe, 10));
        assertEquals(RW + 0x2000, e.address(), "unreadable before the NUL");
        assertEquals(2, mem.readCString(RW + 0x1ffe, 2).length, "but maxLength came first");
    }

    // --- writes ------------------------------------------------------------------------------------------------

    @Test
    void processVmWritevFastPath() {
        mem.write(RW + 4, seq(10, 9));
        assertArrayEquals(seq(10, 9), fake.memory(RW + 4, 10));
        mem.writeLong(RW + 16, 0x0102030405060708L);
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, fake.memory(RW + 16, 8));
        mem.write(RW, new byte[0]);
        assertTrue(fake.calls.stream().noneMatch(c -> c.request() == Linux.PTRACE_POKEDATA));
    }

    @Test
    void largeWritesGoInChunks() {
        fake.map(0x100000, 20, true);
        byte[] data = seq(20 * 4096, 1);
        mem.write(0x100000, data);
        assertArrayEquals(data, fake.memory(0x100000, data.length));
        assertEquals(2, fake.calls.stream().filter(c -> c.request() == FakeKernel.VM_WRITE).count());
    }

    @Test
    void readOnlyPagesAreWrittenWithPokedataReadModifyWrite() {
        fake.poke(RO, seq(24, 100));
        mem.write(RO + 3, new byte[] {1, 2, 3});
        byte[] expect = seq(24, 100);
        expect[3] = 1;
        expect[4] = 2;
        expect[5] = 3;
        assertArrayEquals(expect, fake.memory(RO, 24), "the rest of the word is kept");
        assertEquals(List.of(Linux.PTRACE_PEEKDATA, Linux.PTRACE_POKEDATA), pokeTraffic());
        assertTrue(fake.calls(Linux.PTRACE_POKEDATA, pid).get(0).thread().getName().startsWith("ptrace-tracer-"));

        fake.calls.clear();
        mem.write(RO + 8, seq(10, 50));
        assertEquals(List.of(Linux.PTRACE_POKEDATA, Linux.PTRACE_PEEKDATA, Linux.PTRACE_POKEDATA), pokeTraffic(),
                "a whole word needs no read");
        assertArrayEquals(seq(10, 50), fake.memory(RO + 8, 10));
        assertEquals(expect[18], fake.memory(RO + 18, 1)[0]);
    }

    private List<Integer> pokeTraffic() {
        return fake.calls.stream().map(FakeKernel.Call::request)
                .filter(r -> r == Linux.PTRACE_PEEKDATA || r == Linux.PTRACE_POKEDATA).toList();
    }

    @Test
    void aShortProcessVmWritevFallsBackToPokes() {
        fake.map(0x40000, 1, true);
        fake.map(0x41000, 1, false);
        mem.write(0x40ffc, seq(8, 1)); // the vm write stops at the read-only page
        assertArrayEquals(seq(8, 1), fake.memory(0x40ffc, 8));
        assertEquals(List.of(Linux.PTRACE_PEEKDATA, Linux.PTRACE_POKEDATA, Linux.PTRACE_PEEKDATA,
                Linux.PTRACE_POKEDATA), pokeTraffic());
        assertEquals(List.of(0x40ff8L, 0x41000L), fake.calls.stream()
                .filter(c -> c.request() == Linux.PTRACE_POKEDATA).map(FakeKernel.Call::addr).toList());
    }

    @Test
    void unwritableMemoryIsReportedWithTheAddress() {
        TraceeMemoryException e = assertThrows(TraceeMemoryException.class, () -> mem.write(0x30005, new byte[3]));
        assertEquals(0x30000, e.address());
        assertTrue(e.getMessage().startsWith("ptrace(PTRACE_PEEKDATA, pid=" + pid + ") failed: EIO"), e.getMessage());
        fake.failNext(Linux.PTRACE_POKEDATA, Linux.EFAULT);
        assertEquals(RO, assertThrows(TraceeMemoryException.class, () -> mem.write(RO, new byte[8])).address());
        fake.failNext(Linux.PTRACE_POKEDATA, Linux.ESRCH);
        assertThrows(TraceeGoneException.class, () -> mem.write(RO, new byte[8]));
    }

    @Test
    void withoutProcessVmWritevEveryWritePokes() {
        fake.failNext(FakeKernel.VM_WRITE, Linux.ENOSYS);
        mem.write(RW, seq(8, 1));
        mem.write(RW + 8, seq(8, 2));
        assertEquals(1, fake.calls.stream().filter(c -> c.request() == FakeKernel.VM_WRITE).count());
        assertArrayEquals(seq(8, 2), fake.memory(RW + 8, 8));
        long high = 0xfffffffffff00000L;
        fake.map(high, 1, true);
        mem.write(high + 8, seq(4, 7));
        assertArrayEquals(seq(4, 7), fake.memory(high + 8, 4), "the kernel half skips /proc/pid/mem");
    }
}
