package dev.ptrace;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegisterSetTest {

    /** Values 100 + index, so every register is distinguishable. */
    private static RegisterSet numbered(Arch arch) {
        long[] v = new long[arch.registerNames().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + i;
        }
        return new RegisterSet(arch, v);
    }

    @Test
    void x86RolesAndNames() {
        RegisterSet r = numbered(Arch.X86_64);
        assertEquals(27, r.names().size());
        assertEquals(100 + 16, r.programCounter());
        assertEquals(r.get("rip"), r.programCounter());
        assertEquals(r.get("rsp"), r.stackPointer());
        assertEquals(r.get("orig_rax"), r.syscallNumber());
        assertEquals(r.get("rax"), r.returnValue());
        List<String> args = List.of("rdi", "rsi", "rdx", "r10", "r8", "r9");
        for (int i = 0; i < 6; i++) {
            assertEquals(r.get(args.get(i)), r.syscallArg(i), "arg " + i);
        }
        assertEquals(100 + 10, r.get(10));
    }

    @Test
    void aarch64RolesAndNames() {
        RegisterSet r = numbered(Arch.AARCH64);
        assertEquals(34, r.names().size());
        assertEquals(r.get("pc"), r.programCounter());
        assertEquals(r.get("sp"), r.stackPointer());
        assertEquals(r.get("x8"), r.syscallNumber());
        assertEquals(r.get("x0"), r.returnValue());
        for (int i = 0; i < 6; i++) {
            assertEquals(r.get("x" + i), r.syscallArg(i));
        }
    }

    @Test
    void withersReturnChangedCopies() {
        RegisterSet r = numbered(Arch.X86_64);
        RegisterSet w = r.with("rbx", 7);
        assertEquals(7, w.get("rbx"));
        assertEquals(100 + 5, r.get("rbx"), "the original is unchanged");
        assertEquals(1, r.withProgramCounter(1).programCounter());
        assertEquals(2, r.withSyscallNumber(2).get("orig_rax"));
        assertEquals(3, r.withSyscallArg(3, 3).get("r10"));
        assertEquals(4, r.withReturnValue(4).get("rax"));
        assertEquals(r.get("rip"), r.withReturnValue(4).get("rip"));
        RegisterSet a = numbered(Arch.AARCH64);
        assertEquals(-1, a.withSyscallNumber(-1).get("x8"));
        assertEquals(9, a.withSyscallArg(5, 9).get("x5"));
    }

    @Test
    void unknownNamesAndBadIndexesAreRejected() {
        RegisterSet r = numbered(Arch.X86_64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("x0"));
        assertTrue(e.getMessage().startsWith("X86_64 has no register 'x0'; it has [r15, r14"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.with("pc", 1));
        assertThrows(IllegalArgumentException.class, () -> numbered(Arch.AARCH64).get("rax"));
        assertThrows(IllegalArgumentException.class, () -> r.syscallArg(6));
        assertThrows(IllegalArgumentException.class, () -> r.withSyscallArg(-1, 0));
    }

    @Test
    void wrongNumberOfValuesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RegisterSet(Arch.X86_64, new long[34]));
        assertEquals("X86_64 has 27 registers, got 34 values", e.getMessage());
    }

    @Test
    void isImmutable() {
        long[] in = new long[27];
        RegisterSet r = new RegisterSet(Arch.X86_64, in);
        in[0] = 42;
        assertEquals(0, r.get(0), "the constructor copies");
        long[] out = r.values();
        out[0] = 43;
        assertEquals(0, r.get(0), "values() returns a copy");
        assertNotSame(r.values(), r.values());
    }

    @Test
    void equalityHashAndText() {
        RegisterSet a = numbered(Arch.X86_64);
        RegisterSet b = numbered(Arch.X86_64);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.with("rax", 0));
        assertNotEquals(a, "x");
        assertArrayEquals(a.values(), b.values());
        assertTrue(a.toString().startsWith("X86_64{r15=0x64, r14=0x65"), a.toString());
        assertTrue(a.toString().endsWith("gs=0x7e}"), a.toString());
    }

    @Test
    void syscallArgsFromRegisters() {
        RegisterSet r = numbered(Arch.X86_64);
        SyscallArgs args = SyscallArgs.of(r);
        assertEquals(new SyscallArgs(r.get("rdi"), r.get("rsi"), r.get("rdx"), r.get("r10"), r.get("r8"),
                r.get("r9")), args);
        for (int i = 0; i < 6; i++) {
            assertEquals(r.syscallArg(i), args.get(i));
        }
        assertThrows(IllegalArgumentException.class, () -> args.get(6));
        assertThrows(IllegalArgumentException.class, () -> args.get(-1));
    }

    // --- Arch -----------------------------------------------------------------------------------------------

    @Test
    void archFacts() {
        assertEquals(0xC000003E, Arch.X86_64.auditArch());
        assertEquals(0xC00000B7, Arch.AARCH64.auditArch());
        assertEquals(216, Arch.X86_64.registerSetSize());
        assertEquals(272, Arch.AARCH64.registerSetSize());
        assertEquals(15, Arch.X86_64.registerIndex("orig_rax"));
        assertEquals(-1, Arch.X86_64.registerIndex("pc"));
        assertEquals(Optional.of(Arch.AARCH64), Arch.ofAuditArch(0xC00000B7));
        assertEquals(Optional.empty(), Arch.ofAuditArch(0x40000003));
        assertEquals(Optional.of(Arch.X86_64), Arch.ofOsArch("amd64"));
        assertEquals(Optional.of(Arch.X86_64), Arch.ofOsArch("X86_64"));
        assertEquals(Optional.of(Arch.AARCH64), Arch.ofOsArch("aarch64"));
        assertEquals(Optional.of(Arch.AARCH64), Arch.ofOsArch("arm64"));
        assertEquals(Optional.empty(), Arch.ofOsArch("ppc64le"));
    }

    @Test
    void currentArchFollowsOsArch() {
        String old = System.getProperty("os.arch");
        try {
            System.setProperty("os.arch", "aarch64");
            assertEquals(Arch.AARCH64, Arch.current());
            System.setProperty("os.arch", "sparcv9");
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, Arch::current);
            assertTrue(e.getMessage().contains("'sparcv9'"), e.getMessage());
        } finally {
            System.setProperty("os.arch", old);
        }
    }
}
