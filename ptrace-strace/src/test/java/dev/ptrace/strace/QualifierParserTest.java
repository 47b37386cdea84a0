package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * strace(1)'s {@code -e} grammar, {@code [qualifier=][!][?]value1[,[?]value2]...}, with the cases taken from the
 * man page and from what strace 6.1 accepts and refuses.
 */
class QualifierParserTest {

    private static final Set<String> KNOWN = Set.of("open", "openat", "read", "write", "close", "clock_gettime",
            "getpid", "stat", "fstat", "newfstatat", "statfs", "fstatfs", "setuid", "msgget", "mmap");

    @Test
    void everyAliasNamesItsQualifier() {
        String[][] aliases = {
            {"trace", "trace"}, {"t", "trace"}, {"signal", "signal"}, {"signals", "signal"}, {"s", "signal"},
            {"status", "status"}, {"quiet", "quiet"}, {"silent", "quiet"}, {"silence", "quiet"}, {"q", "quiet"},
            {"decode-fds", "decode-fds"}, {"abbrev", "abbrev"}, {"a", "abbrev"}, {"verbose", "verbose"},
            {"v", "verbose"}, {"raw", "raw"}, {"x", "raw"}, {"read", "read"}, {"r", "read"}, {"write", "write"},
            {"w", "write"}, {"inject", "inject"}, {"fault", "fault"}, {"kvm", "kvm"},
        };
        for (String[] a : aliases) {
            assertEquals(new QualifierParser.Qualifier(a[1], "open,close"),
                    QualifierParser.qualifier(a[0] + "=open,close"), a[0]);
        }
    }

    @Test
    void withoutAKnownQualifierTheWholeExpressionIsASyscallSet() {
        assertEquals(new QualifierParser.Qualifier("trace", "open"), QualifierParser.qualifier("open"));
        // strace: "invalid system call 'e=foo'"
        assertEquals(new QualifierParser.Qualifier("trace", "e=foo"), QualifierParser.qualifier("e=foo"));
        assertEquals(new QualifierParser.Qualifier("trace", "=trace"), QualifierParser.qualifier("=trace"));
        assertEquals(new QualifierParser.Qualifier("inject", "read:error=EBADF:when=2+"),
                QualifierParser.qualifier("inject=read:error=EBADF:when=2+"));
    }

    @Test
    void setsNegationAndOptionalElements() {
        QualifierParser.ValueSet s = QualifierParser.set("!?foo,open,,?bar", true, "system call");
        assertTrue(s.negated());
        assertEquals(List.of(new QualifierParser.Element("foo", true), new QualifierParser.Element("open", false),
                new QualifierParser.Element("bar", true)), s.elements());
        // ? only means something in syscall sets: strace says "invalid signal '?foo'"
        assertEquals(List.of(new QualifierParser.Element("?foo", false)),
                QualifierParser.set("?foo", false, "signal").elements());
        assertEquals("invalid system call ''",
                assertThrows(IllegalArgumentException.class, () -> QualifierParser.set("", true, "system call"))
                        .getMessage());
        assertEquals("invalid system call '!'",
                assertThrows(IllegalArgumentException.class, () -> QualifierParser.set("!", true, "system call"))
                        .getMessage());
        assertEquals("invalid signal ''",
                assertThrows(IllegalArgumentException.class, () -> QualifierParser.set("", false, "signal"))
                        .getMessage());
    }

    @Test
    void syscallSetsWithOptionalNamesAndPersonalities() {
        SyscallFilter f = SyscallFilter.parse("?nosuch,open@64,read@32,write@x32", KNOWN);
        assertTrue(f.test("open"));
        assertFalse(f.test("read"), "@32: another personality, not traced");
        assertFalse(f.test("write"));
        assertEquals("invalid system call 'nosuch'", assertThrows(IllegalArgumentException.class,
                () -> SyscallFilter.parse("nosuch", KNOWN)).getMessage());
        assertEquals("incorrect personality designator '12' in qualification 'open@12'",
                assertThrows(IllegalArgumentException.class, () -> SyscallFilter.parse("open@12", KNOWN))
                        .getMessage());
        assertEquals("invalid system call '%FILE'", assertThrows(IllegalArgumentException.class,
                () -> SyscallFilter.parse("%FILE", KNOWN)).getMessage());
        assertEquals("invalid system call '%'", assertThrows(IllegalArgumentException.class,
                () -> SyscallFilter.parse("%", KNOWN)).getMessage());
        assertTrue(SyscallFilter.parse("?%nosuch,open", KNOWN).test("open"));
        assertTrue(SyscallFilter.parse("all@64", KNOWN).test("close"));
    }

    @Test
    void theClassesOfStrace61() {
        assertTrue(SyscallFilter.parse("%clock", KNOWN).test("clock_gettime"));
        assertTrue(SyscallFilter.parse("%creds", KNOWN).test("setuid"));
        assertTrue(SyscallFilter.parse("%ipc", KNOWN).test("msgget"));
        assertTrue(SyscallFilter.parse("%pure", KNOWN).test("getpid"));
        assertTrue(SyscallFilter.parse("%stat", KNOWN).test("stat"));
        assertFalse(SyscallFilter.parse("%stat", KNOWN).test("fstat"));
        assertTrue(SyscallFilter.parse("%fstat", KNOWN).test("newfstatat"));
        assertTrue(SyscallFilter.parse("%%stat", KNOWN).test("fstat"));
        assertTrue(SyscallFilter.parse("%statfs", KNOWN).test("statfs"));
        assertTrue(SyscallFilter.parse("%fstatfs", KNOWN).test("fstatfs"));
        assertTrue(SyscallFilter.parse("%%statfs", KNOWN).test("fstatfs"));
        assertEquals(SyscallClass.NETWORK, SyscallClass.forName("net"));
        assertFalse(SyscallFilter.parse("%memory", KNOWN).test("read"));
        assertTrue(SyscallFilter.parse("%memory", KNOWN).test("mmap"));
    }
}
