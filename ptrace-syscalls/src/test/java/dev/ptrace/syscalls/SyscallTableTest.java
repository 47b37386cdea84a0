package dev.ptrace.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Arch;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Known facts about the generated syscall tables; always run. */
class SyscallTableTest {

    @ParameterizedTest
    @CsvSource({
        "X86_64, read, 0", "X86_64, openat, 257", "X86_64, ptrace, 101", "X86_64, execve, 59",
        "X86_64, clone3, 435", "X86_64, newfstatat, 262", "X86_64, rt_sigreturn, 15", "X86_64, mmap, 9",
        "AARCH64, openat, 56", "AARCH64, ptrace, 117", "AARCH64, execve, 221", "AARCH64, newfstatat, 79",
        "AARCH64, fstat, 80", "AARCH64, fcntl, 25", "AARCH64, lseek, 62", "AARCH64, clone3, 435",
        "AARCH64, io_setup, 0", "AARCH64, read, 63"
    })
    void knownNumbers(Arch arch, String name, int number) {
        SyscallTable t = SyscallTable.of(arch);
        assertEquals(number, t.byName(name).orElseThrow().number(), name);
        assertEquals(name, t.byNumber(number).orElseThrow().name());
        assertEquals(name, t.nameOf(number));
        assertSame(arch, t.byNumber(number).orElseThrow().arch());
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void noDuplicatesAndCountsInTheHeadersRange(Arch arch) {
        SyscallTable t = SyscallTable.of(arch);
        Set<Integer> numbers = new HashSet<>();
        Set<String> names = new HashSet<>();
        int previous = -1;
        for (Syscall s : t.all()) {
            assertTrue(numbers.add(s.number()), "duplicate number " + s.number());
            assertTrue(names.add(s.name()), "duplicate name " + s.name());
            assertTrue(s.number() > previous, "ascending order");
            previous = s.number();
        }
        // Linux 6.1: x86_64 has 0..334 and 424..450; aarch64 has 0..294 minus a few and 424..450.
        int min = arch == Arch.X86_64 ? 330 : 290;
        assertTrue(t.size() >= min && t.size() <= t.maxNumber() + 1, t.size() + " syscalls");
        assertTrue(t.maxNumber() >= 435 && t.maxNumber() < 1024, "max " + t.maxNumber());
    }

    @Test
    void aarch64HasNoLegacyCalls() {
        SyscallTable t = SyscallTable.of(Arch.AARCH64);
        for (String legacy : List.of("open", "stat", "fork", "fstatat", "fstatat64", "syscalls",
                "arch_specific_syscall", "clock_gettime64", "memfd_secret_not")) {
            assertTrue(t.byName(legacy).isEmpty(), legacy);
        }
        assertTrue(SyscallTable.of(Arch.X86_64).byName("open").isPresent());
        assertEquals(38, t.byName("renameat").orElseThrow().number(), "arm64 sets __ARCH_WANT_RENAMEAT");
        assertEquals(447, t.byName("memfd_secret").orElseThrow().number(), "and __ARCH_WANT_MEMFD_SECRET");
    }

    @Test
    void unknownNumbersAreAnsweredNotThrown() {
        SyscallTable t = SyscallTable.of(Arch.X86_64);
        assertTrue(t.byNumber(0x1c8).isEmpty());
        assertEquals("syscall_0x1c8", t.nameOf(0x1c8));
        assertEquals("syscall_0x1c8", SyscallTable.unknownName(456));
        assertTrue(t.byNumber(-1).isEmpty());
        assertEquals("syscall_0xffffffff", t.nameOf(-1));
        assertEquals("syscall_0x40000000", t.nameOf(0x40000000), "x32 numbers are not in the 64-bit table");
        assertTrue(t.byNumber(335).isEmpty(), "gap between 334 and 424");
        assertTrue(t.byName("no_such_call").isEmpty());
    }

    @Test
    void argumentsFromThePrototypes() {
        Syscall openat = SyscallTable.of(Arch.X86_64).byName("openat").orElseThrow();
        assertEquals(List.of(new SyscallArg("int", "dfd"), new SyscallArg("const char *", "filename"),
                new SyscallArg("int", "flags"), new SyscallArg("umode_t", "mode")), openat.args());
        assertEquals(OptionalInt.of(4), openat.argCount());
        assertEquals("openat(int dfd, const char *filename, int flags, umode_t mode)", openat.signature());
        assertTrue(openat.args().get(1).isPointer());

        Syscall execve = SyscallTable.of(Arch.AARCH64).byName("execve").orElseThrow();
        assertEquals(List.of("filename", "argv", "envp"), execve.args().stream().map(SyscallArg::name).toList());
        assertEquals("const char *const *", execve.args().get(1).type());

        Syscall stat = SyscallTable.of(Arch.X86_64).byName("stat").orElseThrow();
        assertEquals("struct stat *", stat.args().get(1).type(), "64-bit stat is sys_newstat");
        Syscall fstatat = SyscallTable.of(Arch.AARCH64).byNumber(79).orElseThrow();
        assertEquals(4, fstatat.args().size());
        assertEquals(OptionalInt.of(0), SyscallTable.of(Arch.X86_64).byName("getpid").orElseThrow().argCount());
        assertEquals(6, SyscallTable.of(Arch.AARCH64).byName("mmap").orElseThrow().args().size());
        assertEquals(5, SyscallTable.of(Arch.X86_64).byName("clone").orElseThrow().args().size());
        assertEquals(List.of("request", "pid", "addr", "data"),
                SyscallTable.of(Arch.X86_64).byName("ptrace").orElseThrow().args().stream().map(SyscallArg::name).toList());
    }

    @Test
    void unknownPrototypeIsExplicit() {
        Syscall tuxcall = SyscallTable.of(Arch.X86_64).byName("tuxcall").orElseThrow();
        assertFalse(tuxcall.hasPrototype());
        assertEquals(OptionalInt.empty(), tuxcall.argCount());
        assertEquals("tuxcall(?)", tuxcall.signature());
        for (Syscall s : SyscallTable.of(Arch.AARCH64).all()) {
            assertTrue(s.hasPrototype(), s.name() + " has a prototype on aarch64");
        }
        long without = SyscallTable.of(Arch.X86_64).all().stream().filter(s -> !s.hasPrototype()).count();
        assertTrue(without < 20, without + " x86_64 syscalls without prototype");
    }

    @Test
    void auditArchAndCurrent() {
        assertSame(SyscallTable.of(Arch.X86_64), SyscallTable.ofAuditArch(0xC000003E).orElseThrow());
        assertSame(SyscallTable.of(Arch.AARCH64), SyscallTable.ofAuditArch(0xC00000B7).orElseThrow());
        assertTrue(SyscallTable.ofAuditArch(0x40000003).isEmpty(), "i386 is not supported");
        Arch.ofOsArch(System.getProperty("os.arch")).ifPresent(a -> assertSame(a, SyscallTable.current().arch()));
    }

    @Test
    void syscallValidation() {
        assertThrows(IllegalArgumentException.class, () -> Syscall.of(Arch.X86_64, 1, "x", "int"));
        assertThrows(IllegalArgumentException.class, () -> Syscall.of(Arch.X86_64, -1, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> new Syscall(Arch.X86_64, 1, "x", List.of(new SyscallArg("int", "a")), false));
        assertEquals("char *buf", new SyscallArg("char *", "buf").toString());
        assertEquals("long", new SyscallArg("long", "").toString());
    }
}
