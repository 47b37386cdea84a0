package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.strace.ArgValue.Array;
import dev.ptrace.strace.ArgValue.Call;
import dev.ptrace.strace.ArgValue.Changed;
import dev.ptrace.strace.ArgValue.Commented;
import dev.ptrace.strace.ArgValue.Fd;
import dev.ptrace.strace.ArgValue.Flags;
import dev.ptrace.strace.ArgValue.Name;
import dev.ptrace.strace.ArgValue.Named;
import dev.ptrace.strace.ArgValue.Num;
import dev.ptrace.strace.ArgValue.Operation;
import dev.ptrace.strace.ArgValue.Raw;
import dev.ptrace.strace.ArgValue.Str;
import dev.ptrace.strace.ArgValue.Struct;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArgumentParserTest {

    private static List<ArgValue> parse(String text) {
        List<ArgValue> args = ArgumentParser.parseList(text);
        StringBuilder back = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            back.append(i == 0 ? "" : ", ");
            args.get(i).appendTo(back);
        }
        assertEquals(text, back.toString(), "the trees print the text back");
        return args;
    }

    @Test
    void openatHasAConstantAStringAndFlags() {
        List<ArgValue> args = parse("AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC");
        assertEquals(new Name("AT_FDCWD"), args.get(0));
        assertEquals(new Str("/etc/ld.so.cache", false), args.get(1));
        assertEquals(new Flags(List.of("O_RDONLY", "O_CLOEXEC"), null), args.get(2));
    }

    @Test
    void numbersKeepTheirRadixAndValue() {
        List<ArgValue> args = parse("-1, 0755, 0x7ffd1234, 18446744073709551615, 0, 0xffffffffffffffff");
        assertEquals(BigInteger.valueOf(-1), ((Num) args.get(0)).value());
        assertEquals(8, ((Num) args.get(1)).radix());
        assertEquals(BigInteger.valueOf(0755), ((Num) args.get(1)).value());
        assertEquals(16, ((Num) args.get(2)).radix());
        assertEquals(BigInteger.valueOf(0x7ffd1234), ((Num) args.get(2)).value());
        assertEquals(new BigInteger("18446744073709551615"), ((Num) args.get(3)).value());
        assertEquals(10, ((Num) args.get(4)).radix());
        assertEquals(new BigInteger("18446744073709551615"), ((Num) args.get(5)).value());
    }

    @Test
    void flagsWithAnUnnamedRestAndModeBits() {
        Flags f = (Flags) parse("S_IFREG|0644").get(0);
        assertEquals(List.of("S_IFREG"), f.names());
        assertEquals(new Num("0644"), f.rest());
        assertEquals(new Num("0x80000"), ((Flags) parse("O_RDONLY|0x80000").get(0)).rest());
    }

    @Test
    void truncatedStringsAndEscapes() {
        Str s = (Str) parse("\"a\\tb\\\"\\\\\\0\\377\\x41\\n\"...").get(0);
        assertTrue(s.truncated());
        assertArrayEquals(new byte[] {'a', '\t', 'b', '"', '\\', 0, (byte) 0xff, 'A', '\n'}, s.bytes());
        assertEquals(new Str("", false), parse("\"\"").get(0));
        assertArrayEquals(new byte[] {1, '2'}, ((Str) parse("\"\\0012\"").get(0)).bytes());
    }

    @Test
    void structsWithNamedFieldsCallsAndAbbreviation() {
        Struct st = (Struct) parse("{st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0), ...}").get(0);
        assertTrue(st.more());
        assertEquals(new Named("st_mode", new Flags(List.of("S_IFCHR"), new Num("0620"))), st.fields().get(0));
        Named rdev = (Named) st.fields().get(1);
        assertEquals(new Call("makedev", List.of(new Num("0x88"), new Num("0"))), rdev.value());
        Struct addr = (Struct) parse("{sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0),"
                + " inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}").get(0);
        assertEquals(new Call("inet_pton", List.of(new Name("AF_INET6"), new Str("::1", false),
                new Name("&sin6_addr"))), addr.fields().get(3), "a field printed without a name");
        assertEquals(new Struct(List.of(), false), parse("{}").get(0));
    }

    @Test
    void arraysSignalSetsAndComplements() {
        Array argv = (Array) parse("[\"ls\", \"-l\", ...]").get(0);
        assertEquals(List.of(new Str("ls", false), new Str("-l", false)), argv.elements());
        assertTrue(argv.more());
        assertFalse(argv.spaced());
        Array set = (Array) parse("[HUP INT QUIT]").get(0);
        assertTrue(set.spaced());
        assertEquals(3, set.elements().size());
        Array all = (Array) parse("~[RTMIN RT_1]").get(0);
        assertTrue(all.complement());
        assertEquals(new Array(List.of(), false, true, false), parse("~[]").get(0));
        Array polls = (Array) parse("[{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}]").get(0);
        assertInstanceOf(Struct.class, polls.elements().get(1));
    }

    @Test
    void descriptorsWithPaths() {
        List<ArgValue> args = parse("3</etc/passwd>, AT_FDCWD</home/me>, 4<socket:[1234]>, 5</a\\76b>");
        assertEquals(new Fd(new Num("3"), "/etc/passwd"), args.get(0));
        assertEquals(new Fd(new Name("AT_FDCWD"), "/home/me"), args.get(1));
        assertEquals("socket:[1234]", ((Fd) args.get(2)).escapedPath());
        assertArrayEquals("/a>b".getBytes(StandardCharsets.US_ASCII), ((Fd) args.get(3)).pathBytes());
    }

    @Test
    void changedValuesCommentsOperatorsAndNamedArguments() {
        List<ArgValue> args = parse("3, [0] => [4], 0x7ffc /* 23 vars */, {rlim_cur=8192*1024}, child_stack=NULL");
        assertEquals(new Changed(new Array(List.of(new Num("0")), false, false, false),
                new Array(List.of(new Num("4")), false, false, false)), args.get(1));
        assertEquals(new Commented(new Num("0x7ffc"), "23 vars"), args.get(2));
        assertEquals(new Operation(new Num("8192"), "*", new Num("1024")),
                ((Named) ((Struct) args.get(3)).fields().get(0)).value());
        assertEquals(new Named("child_stack", new Name("NULL")), args.get(4));
        Array status = (Array) parse("[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]").get(0);
        Operation and = (Operation) ((Struct) status.elements().get(0)).fields().get(0);
        assertEquals(" && ", and.operator());
        assertEquals(new Operation(new Num("1"), "<<", new Num("20")), parse("1<<20").get(0));
    }

    @Test
    void whatTheGrammarDoesNotCoverStaysRawAndKeepsItsText() {
        for (String bad : List.of("{B38400 opost isig}", "\"unterminated", "[1, 2", "\"bad \\q escape\"", "1.5",
                "089", "3<no end", "{a=}", "-0x5", "x y", "0x", "#?", "a|", "/* only a comment */")) {
            List<ArgValue> args = parse(bad);
            assertTrue(args.stream().anyMatch(a -> a instanceof Raw), bad + " has a raw node: " + args);
        }
        List<ArgValue> mixed = parse("3, {B38400 opost isig}, \"ok\"");
        assertEquals(new Num("3"), mixed.get(0));
        assertEquals(new Raw("{B38400 opost isig}"), mixed.get(1), "only the argument outside the grammar");
        assertEquals(new Str("ok", false), mixed.get(2));
    }

    @Test
    void deepNestingIsBoundedAndStaysRaw() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(new Raw(deep), parse(deep).get(0));
    }

    @Test
    void anyTextPrintsBackExactly() {
        Random random = new Random(42);
        String alphabet = "ab0x19\"\\{}[]()<>|=,. /*~&-";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(24);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            parse(sb.toString()); // asserts the round trip; must not throw
        }
    }

    /** Every argument of the recorded strace 6.1 and jstrace lines has structure: none is left raw. */
    @Test
    void everyArgumentStraceAndJstracePrintedParses() throws IOException {
        List<String> raw = new ArrayList<>();
        int lines = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/strace-arguments.txt"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                lines++;
                for (ArgValue a : parse(line.substring(line.indexOf('\t') + 1))) {
                    if (a instanceof Raw) {
                        raw.add(line + " -> " + a);
                    }
                }
            }
        }
        assertTrue(lines > 150, "the corpus is there: " + lines);
        assertEquals(List.of(), raw);
    }
}
