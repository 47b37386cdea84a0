package dev.ptrace.core;

import dev.ptrace.Arch;
import dev.ptrace.PtraceException;
import dev.ptrace.Redirect;
import dev.ptrace.SpawnOptions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Spawner} without an engine: program lookup, file actions, failures, and where the stub image goes. */
class SpawnerTest {
    private FakeKernel fake;
    private Spawner spawner;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        fake = new FakeKernel();
        spawner = new Spawner(fake, Arch.X86_64);
    }

    @AfterEach
    void tearDown() throws IOException {
        fake.close();
    }

    // --- resolve -----------------------------------------------------------------------------------------------

    private Path exe(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** {@link Spawner#resolve} of UTF-8 text, with the real files' modes. */
    private String resolve(String name, String path, Path directory) {
        return FakeKernel.utf8(Spawner.resolve(utf8(name), path == null ? null : utf8(path), directory, p -> {
            try {
                return fake.fileMode(p);
            } catch (NativeCallException e) {
                return -e.errno();
            }
        }));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> bytes(String... strings) {
        return Arrays.stream(strings).map(SpawnerTest::utf8).toList();
    }

    /** {@code d\xffir}: not UTF-8, so no Java string or Path can name it. */
    private static final byte[] NOT_UTF8 = {'d', (byte) 0xff, 'i', 'r'};

    @Test
    void resolveLooksUpNamesThatAreNotUtf8ByTheirBytes() {
        byte[] expected = new byte[] {'/', 'o', 'p', 't', '/', 'b', 'i', 'n', '/', 'd', (byte) 0xff, 'i', 'r'};
        Spawner.FileModes modes = p -> Arrays.equals(p, expected) ? 0100755 : -Linux.ENOENT;
        assertArrayEquals(expected, Spawner.resolve(NOT_UTF8, utf8("/usr/bin:/opt/bin/"), null, modes));
        byte[] withSlash = {'.', '/', 'd', (byte) 0xff, 'i', 'r'};
        assertEquals("Can't stat './d\\xffir': No such file or directory", assertThrows(
                IllegalArgumentException.class, () -> Spawner.resolve(withSlash, null, null, modes)).getMessage());
        assertEquals("Can't find 'd\\xffir' on PATH (/usr/bin)", assertThrows(IllegalArgumentException.class,
                () -> Spawner.resolve(NOT_UTF8, utf8("/usr/bin"), null, modes)).getMessage());
    }

    @Test
    void resolveFindsProgramsOnThePath() throws IOException {
        Path p = exe("tool");
        Files.createDirectory(dir.resolve("empty"));
        assertEquals(p.toString(), resolve("tool", dir.resolve("empty") + ":" + dir, null));
    }

    @Test
    void resolveWithAnEmptyPathElementLooksInTheCurrentDirectory() {
        // "." resolves relative to the JVM's directory (the module directory under Maven): pom.xml is not
        // executable, so an empty element finds nothing there, and the default PATH still finds sh
        assertThrows(IllegalArgumentException.class, () -> resolve("pom.xml", ":", null));
        assertTrue(resolve("sh", "", null).endsWith("/sh"));
        assertTrue(resolve("sh", null, null).endsWith("/sh"));
    }

    @Test
    void resolveChecksNamesWithASlash() throws IOException {
        Path p = exe("prog");
        assertEquals(p.toString(), resolve(p.toString(), "", null));
        assertEquals("./prog", resolve("./prog", "", dir), "relative to the working directory given");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> resolve(dir + "/nope", "", null));
        assertEquals("Can't stat '" + dir + "/nope': No such file or directory", missing.getMessage());
        IllegalArgumentException directory = assertThrows(IllegalArgumentException.class,
                () -> resolve(dir.toString() + "/", "", null));
        assertTrue(directory.getMessage().endsWith("is not an executable file"), directory.getMessage());
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "x");
        assertThrows(IllegalArgumentException.class, () -> resolve(plain.toString(), "", null));
    }

    @Test
    void resolveRejectsEmptyAndUnknownNames() {
        assertEquals("the program name is empty",
                assertThrows(IllegalArgumentException.class, () -> resolve("", "/bin", null)).getMessage());
        assertEquals("Can't find 'zz-none' on PATH (" + dir + ")",
                assertThrows(IllegalArgumentException.class, () -> resolve("zz-none", dir.toString(), null))
                        .getMessage());
    }

    // --- start -------------------------------------------------------------------------------------------------

    @Test
    void fileRedirectsBecomeOpenActions() throws IOException {
        Path in = dir.resolve("in");
        Path out = dir.resolve("out");
        Spawner.Started s = spawner.start(bytes("/bin/true"), SpawnOptions.defaults()
                .withEnvironment(Map.of()).withStdin(Redirect.file(in)).withStdout(Redirect.appendTo(out))
                .withStderr(Redirect.DISCARD));
        SpawnRequest r = fake.spawns.get(0);
        assertEquals(List.of(
                new SpawnRequest.Open(0, in.toString(), Linux.O_RDONLY, 0666),
                new SpawnRequest.Open(1, out.toString(), Linux.O_WRONLY | Linux.O_CREAT | Linux.O_APPEND, 0666),
                new SpawnRequest.Open(2, "/dev/null", Linux.O_WRONLY | Linux.O_CREAT | Linux.O_TRUNC, 0666),
                new SpawnRequest.Dup2(fake.sink.fd, Spawner.CONTROL_FD)), r.fileActions());
        assertEquals(List.of(), FakeKernel.utf8(r.envp()));
        assertEquals(fake.sink.fd, s.controlWriteFd());
        assertNull(s.stdin());
        assertNull(s.stdout());
        assertNull(s.stderr());
        String stub = FakeKernel.utf8(r.path());
        assertTrue(Files.exists(Path.of(stub)), "the stub image exists: " + stub);
        assertArrayEquals(StubProgram.image(Arch.X86_64), Files.readAllBytes(Path.of(stub)));
    }

    @Test
    void aControlPipeThatIsAlreadyDescriptor3IsParkedOnItsWriteEnd() {
        fake.pipes.add(new int[] {Spawner.CONTROL_FD, 4});
        spawner.start(bytes("/bin/true"), SpawnOptions.defaults());
        assertEquals(List.of(new SpawnRequest.Dup2(3, 4), new SpawnRequest.Dup2(4, 3), new SpawnRequest.Close(4)),
                fake.spawns.get(0).fileActions(), "no fixed high number, which RLIMIT_NOFILE may not allow");
    }

    @Test
    void signalsAreResetUnlessAskedOtherwise() {
        spawner.start(bytes("/bin/true"), SpawnOptions.defaults());
        spawner.start(bytes("/bin/true"), SpawnOptions.defaults().withBlockedSignals(Set.of(dev.ptrace.Signal.SIGUSR1))
                .withIgnoredSignalsKept(true));
        assertEquals(0, fake.spawns.get(0).signalMask());
        assertEquals(SpawnRequest.ALL_CATCHABLE, fake.spawns.get(0).defaultSignals());
        assertEquals(1L << 9, fake.spawns.get(1).signalMask());
    }

    @Test
    void theJvmEnvironmentIsPassedByDefaultAsItStarted() throws IOException {
        spawner.start(bytes("/bin/true"), SpawnOptions.defaults());
        byte[] environ = Files.readAllBytes(Path.of("/proc/self/environ"));
        assertEquals(FakeKernel.utf8(dev.ptrace.ExecStrings.splitNul(environ)),
                FakeKernel.utf8(fake.spawns.get(0).envp()), "the same entries, in the same order");
    }

    @Test
    void argvAndEnvironmentBytesArePassedUnchanged() {
        byte[] env = {'X', '=', (byte) 0xfe, '1'};
        spawner.start(List.of(utf8("/bin/true"), NOT_UTF8), SpawnOptions.defaults()
                .withEnvironmentEntries(List.of(utf8("Z=1"), env, utf8("A=2"))));
        SpawnRequest r = fake.spawns.get(0);
        assertArrayEquals(NOT_UTF8, r.argv().get(3));
        assertEquals(3, r.envp().size());
        assertArrayEquals(env, r.envp().get(1));
        assertEquals("Z=1", FakeKernel.utf8(r.envp().get(0)));
        assertEquals("A=2", FakeKernel.utf8(r.envp().get(2)));
    }

    @Test
    void aFailedSpawnNamesTheProgramAndReleasesEveryDescriptor() {
        fake.pipes.add(new int[] {500, 501});
        fake.failNext(FakeKernel.SPAWN, Linux.ENOENT);
        PtraceException e = assertThrows(PtraceException.class, () -> spawner.start(bytes("/bin/true"),
                SpawnOptions.defaults().withDirectory(dir.resolve("missing"))));
        assertEquals("posix_spawn(/bin/true) failed: ENOENT (No such file or directory) — could not start the"
                + " process (a redirect file or the working directory may be missing)", e.getMessage());
        assertTrue(fake.closedFds.containsAll(List.of(500, 501)), fake.closedFds.toString());
        assertTrue(fake.spawns.isEmpty());
    }

    @Test
    void aPipeThatCannotBeOpenedFailsTheStart() {
        fake.pipes.add(new int[] {500, 501});
        fake.pipes.add(new int[] {999_998, 600});
        PtraceException e = assertThrows(PtraceException.class, () -> spawner.start(bytes("/bin/true"),
                SpawnOptions.defaults().withStdout(Redirect.PIPE)));
        assertTrue(e.getMessage().startsWith("open a pipe for descriptor 1 failed: java.io.FileNotFoundException"),
                e.getMessage());
        assertTrue(fake.closedFds.containsAll(List.of(501, 500, 600, 999_998)), fake.closedFds.toString());
    }

    @Test
    void aFailedSpawnAfterPipesReleasesTheirDescriptors() throws IOException {
        FakeKernel.RealFd in = fake.realFd();
        fake.pipes.add(new int[] {500, 501});
        fake.pipes.add(new int[] {502, in.fd});
        fake.failNext(FakeKernel.SPAWN, 11 /* EAGAIN */);
        assertThrows(PtraceException.class, () -> spawner.start(bytes("/bin/true"),
                SpawnOptions.defaults().withStdin(Redirect.PIPE)));
        assertTrue(fake.closedFds.containsAll(List.of(500, 501, 502, in.fd)));
    }

    @Test
    void releaseWritesOneByteAndClosesTheDescriptor() throws IOException {
        FakeKernel.RealFd control = fake.realFd();
        spawner.release(control.fd);
        assertArrayEquals(new byte[] {1}, control.content());
        assertTrue(fake.closedFds.contains(control.fd));
    }

    // --- the stub file -------------------------------------------------------------------------------------------

    @Test
    void theStubImageGoesToAMemfdWhenOneIsAvailable() throws Exception {
        try {
            Spawner.StubFile.forget();
            FakeKernel.RealFd memfd = fake.realFd();
            fake.memfd = memfd.fd;
            assertEquals("/proc/self/fd/" + memfd.fd, Spawner.StubFile.path(fake, Arch.AARCH64));
            assertArrayEquals(StubProgram.image(Arch.AARCH64), memfd.content());
            assertEquals("/proc/self/fd/" + memfd.fd, Spawner.StubFile.path(fake, Arch.AARCH64), "made once");

            Spawner.StubFile.forget();
            fake.memfd = 999_997; // not open: writing through /proc fails, a temporary file is used
            String p = Spawner.StubFile.path(fake, Arch.X86_64);
            assertTrue(p.endsWith(".elf"), p);
            assertTrue(Files.isExecutable(Path.of(p)));
            assertArrayEquals(StubProgram.image(Arch.X86_64), Files.readAllBytes(Path.of(p)));
            String seven = Spawner.StubFile.path(fake, Arch.X86_64, 7);
            assertArrayEquals(StubProgram.image(Arch.X86_64, 7), Files.readAllBytes(Path.of(seven)),
                    "one image per control descriptor");
        } finally {
            Spawner.StubFile.forget();
        }
    }

    @Test
    void inheritedDescriptorsStayAndTheJvmsBelowTheControlDescriptorAreClosed() {
        assertEquals(3, Spawner.controlFd(Set.of()));
        assertEquals(8, Spawner.controlFd(Set.of(3, 7)));
        spawner.start(bytes("/bin/true"), SpawnOptions.defaults().withInheritedDescriptors(Set.of(3, 5)));
        SpawnRequest r = fake.spawns.get(0);
        assertEquals(List.of(new SpawnRequest.Dup2(fake.sink.fd, 6), new SpawnRequest.Close(4)), r.fileActions(),
                "3 and 5 kept, the stub reads 6 and closes from there up");
    }

    @Test
    void eachSpawnerAsksForThePathOnce() {
        spawner.start(bytes("/bin/true"), SpawnOptions.defaults());
        spawner.start(bytes("/bin/true"), SpawnOptions.defaults());
        assertArrayEquals(fake.spawns.get(0).path(), fake.spawns.get(1).path());
    }
}
