package dev.ptrace.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.ptrace.Arch;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.strace.internal.DecodeContext;
import dev.ptrace.strace.internal.SyscallTables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Decoding of hand-built syscall stops against a fake tracee memory, compared with strace's lines. */
class SyscallFormatterTest {
    private static final SyscallTables X86 = SyscallTables.of(Arch.X86_64);

    private FakeMemory memory;
    private Tracee tracee;
    private SyscallFormatter formatter;

    @BeforeEach
    void setUp() {
        memory = new FakeMemory();
        tracee = mock(Tracee.class);
        when(tracee.pid()).thenReturn(42);
        when(tracee.memory()).thenReturn(memory);
        formatter = formatter(32);
    }

    private SyscallFormatter formatter(int stringLimit) {
        return new SyscallFormatter(X86, SyscallFilter.all(),
                new DecodeContext(X86, stringLimit, false, ConstantStyle.ABBREV));
    }

    private String line(String name, long ret, boolean error, long... a) {
        return line(formatter, name, ret, error, a);
    }

    private String line(SyscallFormatter f, String name, long ret, boolean error, long... a) {
        long[] x = new long[6];
        System.arraycopy(a, 0, x, 0, a.length);
        int nr = X86.syscallNumber(name).orElseThrow();
        SyscallFormatter.Pending p = f.enter(tracee, nr, new SyscallArgs(x[0], x[1], x[2], x[3], x[4], x[5]), 0,
                1000);
        return f.exit(tracee, p, nr, ret, error, 2000).toString();
    }

    private static String aligned(String call, String result) {
        StringBuilder sb = new StringBuilder(call).append(' ');
        while (sb.length() < 40) {
            sb.append(' ');
        }
        return sb.append("= ").append(result).toString();
    }

    @Test
    void openatWithFlags() {
        memory.putString(0x1000, "/etc/ld.so.cache");
        assertEquals("openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3",
                line("openat", 3, false, -100, 0x1000, 0x80000));
    }

    @Test
    void openatCreatePrintsMode() {
        memory.putString(0x1000, "x");
        assertEquals("openat(AT_FDCWD, \"x\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3",
                line("openat", 3, false, -100, 0x1000, 01 | 0100 | 01000, 0644));
    }

    @Test
    void failedOpenPrintsErrnoLikeStrace() {
        memory.putString(0x1000, "/nonexistent");
        assertEquals("openat(AT_FDCWD, \"/nonexistent\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                line("openat", -2, true, -100, 0x1000, 0));
    }

    @Test
    void readShowsBufferAtExitCutAtTheStringLimit() {
        byte[] elf = new byte[832];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        memory.put(0x2000, elf);
        assertEquals("read(3, \"\\177ELF\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"
                + "\\0\\0\"..., 832) = 832", line("read", 832, false, 3, 0x2000, 832));
    }

    @Test
    void failedReadPrintsThePointer() {
        assertEquals(aligned("read(3, 0x7ffd0000, 832)", "-1 EBADF (Bad file descriptor)"),
                line("read", -9, true, 3, 0x7ffd0000L, 832));
    }

    @Test
    void writeEscapesLikeStrace() {
        memory.put(0x3000, "hi\n\t\"\\\u0001".getBytes());
        assertEquals(aligned("write(1, \"hi\\n\\t\\\"\\\\\\1\", 7)", "7"), line("write", 7, false, 1, 0x3000, 7));
    }

    @Test
    void octalEscapeUsesThreeDigitsBeforeADigit() {
        memory.put(0x3000, new byte[] {1, '2', 0});
        assertEquals(aligned("write(1, \"\\0012\\0\", 3)", "3"), line("write", 3, false, 1, 0x3000, 3));
    }

    @Test
    void execvePrintsArgvAndCountsEnvironment() {
        memory.putString(0x1000, "/bin/true");
        memory.putLongs(0x2000, 0x1000, 0);
        memory.putLongs(0x3000, 0x1000, 0x1000, 0);
        assertEquals("execve(\"/bin/true\", [\"/bin/true\"], 0x3000 /* 2 vars */) = 0",
                line("execve", 0, false, 0x1000, 0x2000, 0x3000));
    }

    @Test
    void pointerArraysAreReadAPageAtATimeNotAPointerAtATime() {
        memory.putString(0x1000, "x");
        long[] env = new long[301]; // 300 pointers and the NULL, across the page boundary at 0x11000
        java.util.Arrays.fill(env, 0x1000);
        env[300] = 0;
        memory.putLongs(0x10f00, env);
        long[] argv = new long[41];
        java.util.Arrays.fill(argv, 0x1000);
        argv[40] = 0;
        memory.putLongs(0x20ff8, argv); // a word at the end of one page, the rest on the next
        memory.reads = 0;
        String l = line("execve", 0, false, 0x1000, 0x20ff8, 0x10f00);
        assertTrue(l.endsWith("\"x\", ...], 0x10f00 /* 300 vars */) = 0"), l);
        assertTrue(memory.reads <= 4 + 32 + 1, "argv and envp took " + memory.reads + " reads");
    }

    @Test
    void pointerArraysAtTheTopOfTheAddressSpaceAreShownAsPointers() {
        memory.putString(0x1000, "x");
        // found by DecoderNeverThrowsPropertiesTest: the distance to the cached page overflowed a long
        for (long argv : new long[] {0x7ffffffffffffffcL, Long.MAX_VALUE, 0xfffffffffffffff8L, -1L}) {
            assertEquals(aligned("execve(\"x\", 0x" + Long.toHexString(argv) + ", NULL)", "0"),
                    line("execve", 0, false, 0x1000, argv, 0));
        }
    }

    @Test
    void aWordAcrossAPageBoundaryIsReadWholeOrNotAtAll() {
        memory.putString(0x1000, "x");
        memory.put(0x2ffc, new byte[] {0, 0x10, 0, 0}); // half a pointer, then unreadable
        assertEquals(aligned("execve(\"x\", 0x2ffc, NULL)", "0"), line("execve", 0, false, 0x1000, 0x2ffc, 0));
        memory.putLongs(0x3ff0, 0x1000, 0x1000); // two pointers, then unreadable: no NULL
        assertEquals("execve(\"x\", [\"x\", \"x\", ... /* 0x4000 */], NULL) = 0",
                line("execve", 0, false, 0x1000, 0x3ff0, 0));
    }

    @Test
    void mmapPrintsProtFlagsAndHexResult() {
        assertEquals("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fdb7e2c5000",
                line("mmap", 0x7fdb7e2c5000L, false, 0, 8192, 3, 0x22, -1, 0));
    }

    @Test
    void brkAndExitGroup() {
        assertEquals(aligned("brk(NULL)", "0x56375c8c2000"), line("brk", 0x56375c8c2000L, false, 0));
    }

    @Test
    void newfstatatAbbreviatesStat() {
        memory.putString(0x1000, "");
        byte[] st = new byte[144];
        st[24] = (byte) 0xa4;
        st[25] = (byte) 0x81; // 0100644
        st[48] = (byte) 0x83;
        st[49] = (byte) 0x88; // 34947
        memory.put(0x5000, st);
        assertEquals("newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=34947, ...}, AT_EMPTY_PATH) = 0",
                line("newfstatat", 0, false, 3, 0x1000, 0x5000, 0x1000));
    }

    @Test
    void unreadableStructPrintsPointer() {
        memory.putString(0x1000, "/x");
        assertEquals("newfstatat(AT_FDCWD, \"/x\", 0x7fff50d269e0, 0) = 0",
                line("newfstatat", 0, false, -100, 0x1000, 0x7fff50d269e0L, 0));
    }

    @Test
    void cloneShowsFlagsAndExitSignal() {
        assertEquals("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
                + "child_tidptr=0x7fcceed4ca10) = 4918",
                line("clone", 4918, false, 0x01200011, 0, 0, 0x7fcceed4ca10L, 0));
    }

    @Test
    void wait4DecodesStatus() {
        memory.putInts(0x4000, 0);
        assertEquals("wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4918",
                line("wait4", 4918, false, -1, 0x4000, 0, 0));
        memory.putInts(0x4100, 9);
        assertEquals("wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], WNOHANG, NULL) = 7",
                line("wait4", 7, false, -1, 0x4100, 1, 0));
    }

    @Test
    void fcntlGetflResult() {
        assertEquals(aligned("fcntl(3, F_GETFL)", "0x8002 (flags O_RDWR|O_LARGEFILE)"),
                line("fcntl", 0x8002, false, 3, 3));
        assertEquals(aligned("fcntl(11, F_SETFD, FD_CLOEXEC)", "0"), line("fcntl", 0, false, 11, 2, 1));
        assertEquals(aligned("fcntl(1, F_DUPFD, 10)", "11"), line("fcntl", 11, false, 1, 0, 10));
    }

    @Test
    void pipe2AndDup2() {
        memory.putInts(0x6000, 3, 4);
        assertEquals(aligned("pipe2([3, 4], 0)", "0"), line("pipe2", 0, false, 0x6000, 0));
        assertEquals(aligned("dup2(4, 1)", "1"), line("dup2", 1, false, 4, 1));
    }

    @Test
    void rtSigactionWithMaskAndRestorer() {
        assumeTrue(Files.exists(Path.of("/usr/include/asm-generic/signal-defs.h")), "needs uapi headers");
        memory.putLongs(0x7000, 0x55864c577dc0L, 0x04000000L, 0x7fcceed8b050L, ~0x180000000L);
        assertEquals("rt_sigaction(SIGCHLD, {sa_handler=0x55864c577dc0, sa_mask=~[RTMIN RT_1], "
                + "sa_flags=SA_RESTORER, sa_restorer=0x7fcceed8b050}, NULL, 8) = 0",
                line("rt_sigaction", 0, false, 17, 0x7000, 0, 8));
    }

    @Test
    void prlimitRlimit() {
        assumeTrue(Files.exists(Path.of("/usr/include/asm-generic/resource.h")), "needs uapi headers");
        memory.putLongs(0x8000, 8192 * 1024, -1);
        assertEquals("prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0",
                line("prlimit64", 0, false, 0, 3, 0, 0x8000));
    }

    @Test
    void connectSockaddrIn() {
        memory.put(0x9000, new byte[] {2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});
        assertEquals("connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"127.0.0.1\")}, 16)"
                + " = 0", line("connect", 0, false, 3, 0x9000, 16));
    }

    @Test
    void unknownSyscallPrintsHexArguments() {
        SyscallFormatter.Pending p = formatter.enter(tracee, 0x1c8, new SyscallArgs(1, 0x10, 0, 0, 0, 0), 0, 0);
        String s = formatter.exit(tracee, p, 0x1c8, -38, true, 0).toString();
        assertTrue(s.startsWith("syscall_0x1c8(0x1, 0x10, 0, 0, 0, 0)"), s);
        assertTrue(s.endsWith("= -1 ENOSYS (Function not implemented)"), s);
    }

    @Test
    void restartCodesPrintQuestionMark() {
        assertEquals(aligned("wait4(-1, 0x10, 0, NULL)", "? ERESTARTSYS (To be restarted if SA_RESTART is set)"),
                line("wait4", -512, true, -1, 0x10, 0, 0));
    }

    // hostile input

    @Test
    void hugeLengthNeverReadsUnbounded() {
        memory.put(0x2000, new byte[64]);
        String s = line("write", 5, false, 1, 0x2000, Long.MAX_VALUE);
        assertTrue(s.contains("\"...,"), s);
        assertTrue(memory.bytesRequested < 1 << 17, "read " + memory.bytesRequested);
    }

    @Test
    void unterminatedStringIsCut() {
        memory.put(0x1000, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".getBytes());
        memory.putLongs(0x2000, 0x1000, 0);
        String s = line("execve", 0, false, 0x1000, 0x2000, 0);
        assertTrue(s.contains("[\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"...]"), s);
    }

    @Test
    void badPointersPrintAsPointers() {
        assertEquals(aligned("openat(AT_FDCWD, 0xdead, O_RDONLY)", "-1 EFAULT (Bad address)"),
                line("openat", -14, true, -100, 0xdead, 0));
        assertEquals(aligned("execve(0x10, 0x20, 0x30)", "-1 EFAULT (Bad address)"),
                line("execve", -14, true, 0x10, 0x20, 0x30));
    }

    @Test
    void endlessArgvIsBounded() {
        long[] ptrs = new long[5000];
        java.util.Arrays.fill(ptrs, 0x1000);
        memory.putString(0x1000, "a");
        memory.putLongs(0x10000, ptrs);
        String s = line(formatter(4), "execve", 0, false, 0x1000, 0x10000, 0);
        assertTrue(s.contains("[\"a\", \"a\", \"a\", \"a\", ...]"), s);
    }

    @Test
    void stringLimitZero() {
        memory.put(0x2000, "abc".getBytes());
        assertEquals(aligned("write(1, \"\"..., 3)", "3"), line(formatter(0), "write", 3, false, 1, 0x2000, 3));
    }
}
