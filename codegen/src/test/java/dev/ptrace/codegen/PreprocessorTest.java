package dev.ptrace.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static Preprocessor run(String text) {
        Preprocessor pp = new Preprocessor(List.of(), false);
        pp.processText(text, "test.h");
        return pp;
    }

    @Test
    void joinsContinuationLinesAndKeepsTrailingComments() {
        List<LogicalLine> lines = CSource.split("#define A \\\n  1 /* one\n  more */ + 1\n#define B 2 // two\n");
        assertEquals(2, lines.size());
        assertEquals("one more", lines.get(0).comment());
        assertEquals("two", lines.get(1).comment());
        Preprocessor pp = run("#define A \\\n  1 /* one\n  more */ + 1\n#define B 2 // two\n");
        assertEquals(OptionalLong.of(2), pp.value("A"));
        assertEquals(OptionalLong.of(2), pp.value("B"));
    }

    @Test
    void sizeofOfScalarTypesForIoctlNumbers() {
        Preprocessor pp = run(String.join("\n",
                "#define _IOC(dir,type,nr,size) (((dir) << 30) | ((type) << 8) | (nr) | ((size) << 16))",
                "#define _IOR(type,nr,size) _IOC(2U,(type),(nr),(sizeof(size)))",
                "#define TIOCGPTN _IOR('T', 0x30, unsigned int)",
                "#define LONGS _IOR('T', 1, unsigned long)",
                "#define PTR _IOR('T', 2, char *)",
                "#define STRUCT _IOR('T', 3, struct termios2)", ""));
        assertEquals(OptionalLong.of(0x80045430L), pp.value("TIOCGPTN"));
        assertEquals(OptionalLong.of(0x80085401L), pp.value("LONGS"));
        assertEquals(OptionalLong.of(0x80085402L), pp.value("PTR"));
        assertEquals(OptionalLong.empty(), pp.value("STRUCT"), "a struct's size is not known");
    }

    @Test
    void commentedOutDefinesAreIgnored() {
        Preprocessor pp = run("/*\n#define HIDDEN 1\n*/\n#define SHOWN 2\n");
        assertFalse(pp.macros().containsKey("HIDDEN"));
        assertTrue(pp.macros().containsKey("SHOWN"));
    }

    @Test
    void evaluatesConditionals() {
        Preprocessor pp = run(String.join("\n",
                "#define WANT_A",
                "#define BITS 64",
                "#if defined(WANT_A) && BITS == 64",
                "#define A 1",
                "#elif defined WANT_B",
                "#define A 2",
                "#else",
                "#define A 3",
                "#endif",
                "#ifndef WANT_B",
                "# define B 4",
                "#ifdef WANT_A",
                "#define NESTED 5",
                "#endif",
                "#else",
                "#define B 6",
                "#endif",
                "#if UNKNOWN_MACRO",
                "#define C 7",
                "#endif",
                "#define D 8",
                "#undef D",
                ""));
        assertEquals(OptionalLong.of(1), pp.value("A"));
        assertEquals(OptionalLong.of(4), pp.value("B"));
        assertEquals(OptionalLong.of(5), pp.value("NESTED"));
        assertFalse(pp.macros().containsKey("C"));
        assertFalse(pp.macros().containsKey("D"));
    }

    @Test
    void expandsFunctionLikeMacrosAndPasting() {
        Preprocessor pp = run(String.join("\n",
                "#define __AC(X,Y) (X##Y)",
                "#define _AC(X,Y) __AC(X,Y)",
                "#define _UL(x) (_AC(x, UL))",
                "#define _BITUL(x) (_UL(1) << (x))",
                "#define FLAG _BITUL(3)",
                "#define BASE 1024",
                "#define CMD (BASE + 6)",
                "#define CAST ((unsigned long)0x10)",
                "#define OCT 02000000",
                "#define BIG 0x200000000ULL",
                "#define NEG -100",
                "#define TERN (BASE > 1 ? 7 : 9)",
                "#define STR \"text\"",
                ""));
        assertEquals(OptionalLong.of(8), pp.value("FLAG"));
        assertEquals(OptionalLong.of(1030), pp.value("CMD"));
        assertEquals(OptionalLong.of(16), pp.value("CAST"));
        assertEquals(OptionalLong.of(0x80000), pp.value("OCT"));
        assertEquals(OptionalLong.of(0x200000000L), pp.value("BIG"));
        assertEquals(OptionalLong.of(-100), pp.value("NEG"));
        assertEquals(OptionalLong.of(7), pp.value("TERN"));
        assertEquals(OptionalLong.empty(), pp.value("STR"));
    }

    @Test
    void selfReferenceDoesNotLoop() {
        Preprocessor pp = run("#define LOOP LOOP + 1\n#define X LOOP\n");
        assertEquals(OptionalLong.empty(), pp.value("X"));
    }

    @Test
    void collectsEnumerators() {
        Preprocessor pp = new Preprocessor(List.of(), false);
        pp.listener(new EnumCollector(pp));
        pp.processText("#define BASE 10\nenum t { A = 1, B, C = BASE + 1, D };\nenum t var;\n", "e.h");
        assertEquals(OptionalLong.of(1), pp.value("A"));
        assertEquals(OptionalLong.of(2), pp.value("B"));
        assertEquals(OptionalLong.of(11), pp.value("C"));
        assertEquals(OptionalLong.of(12), pp.value("D"));
        assertEquals("enum t", pp.macros().get("D").comment());
    }
}
