package dev.ptrace.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header readers against the small fixture headers in src/test/resources/fixtures. */
class ReadersTest {

    private static Map<String, SyscallReader.Entry> byName(List<SyscallReader.Entry> list) {
        Map<String, SyscallReader.Entry> m = new LinkedHashMap<>();
        list.forEach(e -> m.put(e.name(), e));
        return m;
    }

    @Test
    void asmGenericUnistdAsA64BitArchSeesIt() {
        ArchHeaders arch = ArchHeaders.of("aarch64", Fixtures.aarch64Unistd());
        SyscallReader.Result r = SyscallReader.read(arch.preprocessor(), arch.unistd());
        Map<String, SyscallReader.Entry> s = byName(r.syscalls());
        assertEquals(List.of("io_setup", "fcntl", "openat", "lseek", "newfstatat", "fstat", "sync_file_range",
                "ptrace", "execve", "clone3"), List.copyOf(s.keySet()), "names in number order");
        assertEquals(79, s.get("newfstatat").number(), "__NR3264_fstatat is newfstatat on 64-bit");
        assertEquals("sys_newfstatat", s.get("newfstatat").entryPoint(), "continuation line in __SC_3264");
        assertEquals(25, s.get("fcntl").number());
        assertEquals("sys_fcntl", s.get("fcntl").entryPoint(), "__SC_COMP_3264 takes the 64-bit entry");
        assertEquals("sys_lseek", s.get("lseek").entryPoint());
        assertEquals("sys_io_setup", s.get("io_setup").entryPoint(), "__SC_COMP takes the native entry");
        assertEquals(84, s.get("sync_file_range").number(), "#else branch of an unset __ARCH_WANT");
        assertEquals(435, s.get("clone3").number(), "__ARCH_WANT set by the arch header with '# define'");
        assertFalse(s.containsKey("renameat"), "__ARCH_WANT_RENAMEAT is not set");
        assertFalse(s.containsKey("clock_gettime64"), "32-bit only");
        assertFalse(s.containsKey("fstatat64"), "32-bit alias");
        assertFalse(s.containsKey("syscalls"), "__NR_syscalls is a count, not a syscall");
        assertFalse(s.containsKey("arch_specific_syscall"), "a marker without a table entry");
        assertFalse(s.containsKey("fake"), "inside a comment");
    }

    @Test
    void flatX86HeaderTakesEveryNr() {
        ArchHeaders arch = ArchHeaders.of("x86_64", Fixtures.x86Unistd());
        assertEquals(2, arch.includeRoots().size(), "multiarch layout adds the parent with asm-generic");
        SyscallReader.Result r = SyscallReader.read(arch.preprocessor(), arch.unistd());
        Map<String, SyscallReader.Entry> s = byName(r.syscalls());
        assertEquals(10, s.size());
        assertEquals(257, s.get("openat").number());
        assertEquals(null, s.get("openat").entryPoint());
    }

    @Test
    void prototypes() {
        Map<String, PrototypeReader.Prototype> p = PrototypeReader.read(Fixtures.syscallsH(),
                Fixtures.syscallsH().getParent().getParent());
        assertEquals(List.of(new PrototypeReader.Arg("int", "dfd"), new PrototypeReader.Arg("const char *", "filename"),
                new PrototypeReader.Arg("int", "flags"), new PrototypeReader.Arg("umode_t", "mode")),
                p.get("sys_openat").args());
        assertEquals(List.of(new PrototypeReader.Arg("aio_context_t", ""), new PrototypeReader.Arg("long", ""),
                new PrototypeReader.Arg("struct iocb **", "")), p.get("sys_io_submit").args(), "unnamed arguments");
        assertEquals(new PrototypeReader.Arg("unsigned", "nr_reqs"), p.get("sys_io_setup").args().get(0));
        assertEquals(new PrototypeReader.Arg("const char *const *", "argv"), p.get("sys_execve").args().get(1));
        assertEquals("int *", p.get("sys_clone").args().get(3).type(), "the active (#else) sys_clone wins");
        assertTrue(p.get("sys_sync").args().isEmpty(), "(void), two prototypes on one line");
        assertNotNull(p.get("sys_io_destroy"));
        assertNotNull(p.get("sys_fcntl64"), "inactive prototypes are kept when nothing else declares them");
        assertFalse(p.containsKey("sys_"), "macro bodies are not prototypes");
        assertFalse(p.containsKey("ksys_read"));
    }

    @Test
    void prototypeMatching() {
        Map<String, PrototypeReader.Prototype> p = PrototypeReader.read(Fixtures.syscallsH(),
                Fixtures.syscallsH().getParent().getParent());
        Map<String, PrototypeReader.Prototype> extra = Generator.archPrototypes("x86_64");
        assertEquals("sys_newstat", Generator.match(new SyscallReader.Entry("stat", 4, null), p, extra).symbol());
        assertEquals("sys_umount", Generator.match(new SyscallReader.Entry("umount2", 166, null), p, extra).symbol());
        assertEquals("sys_newfstatat",
                Generator.match(new SyscallReader.Entry("newfstatat", 79, "sys_newfstatat"), p, extra).symbol());
        assertEquals(6, Generator.match(new SyscallReader.Entry("mmap", 9, null), p, extra).args().size(),
                "bundled arch prototype");
        assertEquals(null, Generator.match(new SyscallReader.Entry("tuxcall", 184, null), p, extra));
    }

    @Test
    void errno() {
        ArchHeaders arch = ArchHeaders.of("aarch64", Fixtures.aarch64Unistd());
        ErrnoReader.Result r = ErrnoReader.read(arch.includeRoots(),
                Fixtures.kernelRoot().resolve("include/linux/errno.h"));
        Map<String, ErrnoReader.Code> m = new LinkedHashMap<>();
        r.codes().forEach(c -> m.put(c.name(), c));
        assertEquals(List.of("EPERM", "ESRCH", "EAGAIN", "EDEADLK", "ERESTARTSYS", "ERESTARTNOHAND", "ENOIOCTLCMD"),
                List.copyOf(m.keySet()));
        assertEquals("Try again", m.get("EAGAIN").message());
        assertEquals("Resource deadlock would occur", m.get("EDEADLK").message(), "comment over two lines");
        assertEquals("", m.get("ERESTARTSYS").message(), "no comment in the header, none invented");
        assertEquals("restart if no handler..", m.get("ERESTARTNOHAND").message());
        assertEquals(Map.of("EWOULDBLOCK", "EAGAIN", "EDEADLOCK", "EDEADLK"), r.aliases());
    }

    @Test
    void constantFamilies() {
        ArchHeaders arch = ArchHeaders.of("aarch64", Fixtures.aarch64Unistd());
        ConstantReader.Result r = ConstantReader.read(arch, Fixtures.kernelRoot());
        Map<String, ConstantReader.Family> f = new LinkedHashMap<>();
        r.families().forEach(x -> f.put(x.spec().key(), x));
        assertEquals(List.of(new ConstantReader.Constant("O_RDONLY", 0), new ConstantReader.Constant("O_WRONLY", 1),
                new ConstantReader.Constant("O_RDWR", 2), new ConstantReader.Constant("O_CREAT", 0100),
                new ConstantReader.Constant("O_DIRECTORY", 040000), new ConstantReader.Constant("O_NOFOLLOW", 0100000),
                new ConstantReader.Constant("O_CLOEXEC", 02000000)), f.get("openFlags").constants(),
                "arch values win over asm-generic's #ifndef defaults; sorted by value");
        assertEquals(3, f.get("openFlags").mask());
        assertEquals(List.of(new ConstantReader.Constant("F_DUPFD", 0), new ConstantReader.Constant("F_GETFD", 1),
                new ConstantReader.Constant("F_SETLEASE", 1024), new ConstantReader.Constant("F_DUPFD_CLOEXEC", 1030)),
                f.get("fcntlCommands").constants());
        assertEquals(List.of(new ConstantReader.Constant("SOCK_STREAM", 1), new ConstantReader.Constant("SOCK_DGRAM", 2),
                new ConstantReader.Constant("SOCK_RAW", 3), new ConstantReader.Constant("SOCK_PACKET", 10)),
                f.get("socketTypes").constants(), "enumerators of enum sock_type");
        assertEquals(List.of(new ConstantReader.Constant("SOCK_CLOEXEC", 02000000)), f.get("socketFlags").constants());
        assertEquals(List.of(new ConstantReader.Constant("AF_UNSPEC", 0), new ConstantReader.Constant("AF_UNIX", 1),
                new ConstantReader.Constant("AF_LOCAL", 1), new ConstantReader.Constant("AF_INET", 2)),
                f.get("addressFamilies").constants());
        assertEquals(List.of(new ConstantReader.Constant("PTRACE_O_TRACESYSGOOD", 1),
                new ConstantReader.Constant("PTRACE_O_TRACEFORK", 2)), f.get("ptraceOptions").constants());
        assertEquals(List.of(new ConstantReader.Constant("AT_FDCWD", -100)), f.get("atDirfds").constants());
        assertEquals(List.of("SIGHUP", "SIGABRT", "SIGIOT", "SIGKILL", "SIGRTMIN", "SIGRTMAX"),
                f.get("signals").constants().stream().map(ConstantReader.Constant::name).toList());
    }

    @Test
    void accessModesComeFromTheCLibrary() {
        ArchHeaders arch = ArchHeaders.of("aarch64", Fixtures.aarch64Unistd());
        ConstantReader.Result r = ConstantReader.read(arch, Fixtures.kernelRoot(), Fixtures.root().resolve("libc"));
        Map<String, ConstantReader.Family> f = new LinkedHashMap<>();
        r.families().forEach(x -> f.put(x.spec().key(), x));
        assertEquals(List.of(new ConstantReader.Constant("F_OK", 0), new ConstantReader.Constant("X_OK", 1),
                new ConstantReader.Constant("W_OK", 2), new ConstantReader.Constant("R_OK", 4)),
                f.get("accessModes").constants(), "flags sorted by value");
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("accessModes")), r.warnings().toString());
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("archPrctlCodes")),
                "an x86-only family is empty on aarch64 without a warning: " + r.warnings());
        assertTrue(ConstantReader.read(arch, Fixtures.kernelRoot()).families().stream()
                .filter(x -> x.spec().key().equals("accessModes")).findFirst().orElseThrow().constants().isEmpty());
    }

    @Test
    void x86SigrtmaxComesFromTheKernelsNsig() {
        ArchHeaders arch = ArchHeaders.of("x86_64", Fixtures.x86Unistd());
        ConstantReader.Result r = ConstantReader.read(arch, Fixtures.kernelRoot());
        ConstantReader.Family signals = r.families().get(0);
        assertEquals(new ConstantReader.Constant("SIGRTMAX", 64), signals.constants().get(signals.constants().size() - 1));
    }
}
