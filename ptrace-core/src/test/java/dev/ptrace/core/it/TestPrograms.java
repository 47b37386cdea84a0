package dev.ptrace.core.it;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Small C programs the debugger and seccomp tests run as tracees, compiled once per JVM with {@code cc -O0} into a
 * temporary directory. Where no compiler is installed the calling test is skipped with that reason.
 */
public final class TestPrograms {
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private TestPrograms() {
    }

    /** The path of the C compiler on PATH ({@code cc}, else {@code gcc}), or null. */
    public static Path compiler() {
        String pathVar = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : List.of("cc", "gcc")) {
            for (String dir : pathVar.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Compiles {@code source} as program {@code name} (once), or skips the test when there is no compiler. */
    public static Path build(String name, String source) {
        return build(name, source, "-O0");
    }

    /** Compiles {@code source} as program {@code name} (once) with this optimisation level, e.g. {@code -O2}. */
    public static Path build(String name, String source, String optimisation) {
        Path cc = compiler();
        Assumptions.assumeTrue(cc != null, "no C compiler (cc or gcc) on PATH to build the test tracee '" + name + "'");
        return BUILT.computeIfAbsent(name, n -> compile(cc, n, source, optimisation));
    }

    private static Path compile(Path cc, String name, String source, String optimisation) {
        try {
            Path dir = Files.createTempDirectory("ptrace-it-");
            dir.toFile().deleteOnExit();
            Path src = dir.resolve(name + ".c");
            Path exe = dir.resolve(name);
            Files.writeString(src, source, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(cc.toString(), optimisation, "-pthread", "-o", exe.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("cc failed for " + name + ":\n" + out);
            }
            src.toFile().deleteOnExit();
            exe.toFile().deleteOnExit();
            return exe;
        } catch (IOException e) {
            throw new IllegalStateException("cannot build " + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + name, e);
        }
    }

    /**
     * For stack traces: {@code rec(N)} recurses N times (argv[1], default 3) and calls getpid from {@code leaf};
     * then a SIGUSR1 handler calls getppid; with a second argument, getuid runs from code in an anonymous mapping.
     */
    public static final String CALL_DEPTH = String.join("\n",
            "#include <signal.h>",
            "#include <stdlib.h>",
            "#include <string.h>",
            "#include <sys/mman.h>",
            "#include <sys/syscall.h>",
            "#include <unistd.h>",
            "__attribute__((noinline)) static int leaf(int d) { return (int) syscall(SYS_getpid) + d; }",
            "__attribute__((noinline)) int rec(int d) { if (d == 0) return leaf(d); return rec(d - 1) + 1; }",
            "static void handler(int s) { (void) s; syscall(SYS_getppid); }",
            "#if defined(__x86_64__)",
            "static const unsigned char stub[] = {0xb8, 102, 0, 0, 0, 0x0f, 0x05, 0xc3}; /* getuid; ret */",
            "#else",
            "static const unsigned int stub[] = {0xd28015c8, 0xd4000001, 0xd65f03c0}; /* getuid; ret */",
            "#endif",
            "int main(int argc, char **argv) {",
            "    rec(argc > 1 ? atoi(argv[1]) : 3);",
            "    signal(SIGUSR1, handler);",
            "    raise(SIGUSR1);",
            "    if (argc > 2) {",
            "        void *p = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);",
            "        memcpy(p, stub, sizeof stub);",
            "        __builtin___clear_cache((char *) p, (char *) p + sizeof stub);",
            "        ((int (*)(void)) p)();",
            "    }",
            "    return 0;",
            "}", "");

    /** Calls {@code target()} once, remaps the page that holds it from the file, calls getppid(), then target() again; prints 5. */
    public static final String REMAP = String.join("\n",
            "#define _GNU_SOURCE",
            "#include <stdio.h>",
            "#include <stdint.h>",
            "#include <fcntl.h>",
            "#include <unistd.h>",
            "#include <sys/mman.h>",
            "#include <sys/syscall.h>",
            "",
            "__attribute__((noinline)) int target(int x) { __asm__ volatile(\"\"); return x + 1; }",
            "",
            "int main(void) {",
            "    int n = target(1);",
            "    uintptr_t page = (uintptr_t) sysconf(_SC_PAGESIZE);",
            "    uintptr_t pg = (uintptr_t) &target & ~(page - 1);",
            "    FILE *m = fopen(\"/proc/self/maps\", \"r\");",
            "    char line[512];",
            "    unsigned long s, e, off = 0;",
            "    int found = 0;",
            "    while (m && fgets(line, sizeof line, m)) {",
            "        if (sscanf(line, \"%lx-%lx %*s %lx\", &s, &e, &off) == 3 && pg >= s && pg < e) {",
            "            found = 1; off += pg - s; break;",
            "        }",
            "    }",
            "    if (m) fclose(m);",
            "    if (!found) return 10;",
            "    int fd = open(\"/proc/self/exe\", O_RDONLY);",
            "    if (fd < 0) return 11;",
            "    if (mmap((void *) pg, page, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd, off) == MAP_FAILED)",
            "        return 12;",
            "    close(fd);",
            "    syscall(SYS_getppid); /* the tracer refreshes its breakpoints here */",
            "    n += target(2);",
            "    printf(\"%d\\n\", n);",
            "    return 0;",
            "}",
            "");

    /**
     * Installs two seccomp filters and makes the calls they act on. Filter 0 (installed first, flag LOG): check the arch
     * (else KILL_PROCESS), TRACE(42) for getppid, ERRNO(1) for getuid, ALLOW the rest. Filter 1 (installed last, no flags):
     * ALLOW. Prints {@code getppid=<n>} and {@code getuid=<r> errno=<e>}.
     */
    public static final String SECCOMP = String.join("\n",
            "#include <stddef.h>",
            "#include <stdio.h>",
            "#include <errno.h>",
            "#include <unistd.h>",
            "#include <sys/prctl.h>",
            "#include <sys/syscall.h>",
            "#include <linux/audit.h>",
            "#include <linux/filter.h>",
            "#include <linux/seccomp.h>",
            "#if defined(__x86_64__)",
            "#define ARCH AUDIT_ARCH_X86_64",
            "#elif defined(__aarch64__)",
            "#define ARCH AUDIT_ARCH_AARCH64",
            "#else",
            "#error unsupported architecture",
            "#endif",
            "",
            "int main(void) {",
            "    struct sock_filter f1[] = {",
            "        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),",
            "        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0),",
            "        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),",
            "        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),",
            "        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),",
            "        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 42),",
            "        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getuid, 0, 1),",
            "        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),",
            "        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),",
            "    };",
            "    struct sock_filter f0[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };",
            "    struct sock_fprog p1 = { sizeof f1 / sizeof f1[0], f1 };",
            "    struct sock_fprog p0 = { 1, f0 };",
            "    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) { perror(\"prctl\"); return 10; }",
            "    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG, &p1)) {",
            "        perror(\"seccomp 1\"); return 11;",
            "    }",
            "    if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p0)) { perror(\"seccomp 0\"); return 12; }",
            "    long r = syscall(__NR_getppid);",
            "    printf(\"getppid=%ld\\n\", r);",
            "    errno = 0;",
            "    r = syscall(__NR_getuid);",
            "    printf(\"getuid=%ld errno=%d\\n\", r, errno);",
            "    return 0;",
            "}",
            "");

    /** Creates {@code n} threads that each sleep a little, joins them, prints "joined N". */
    public static Path manyThreads() {
        return build("many_threads", """
                #include <pthread.h>
                #include <stdio.h>
                #include <stdlib.h>
                #include <time.h>
                static void *work(void *arg) {
                    struct timespec ts = {0, 1000000};
                    nanosleep(&ts, NULL);
                    return arg;
                }
                int main(int argc, char **argv) {
                    int n = atoi(argv[1]);
                    pthread_t *t = calloc(n, sizeof *t);
                    for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, work, NULL);
                    for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
                    printf("joined %d\\n", n);
                    return 0;
                }
                """);
    }

    /** A second thread calls execve("/bin/true") while the main thread blocks in pause(). */
    public static Path execFromThread() {
        return build("exec_from_thread", """
                #include <pthread.h>
                #include <unistd.h>
                static void *run(void *arg) {
                    char *argv[] = {"true", NULL};
                    execv("/bin/true", argv);
                    return arg;
                }
                int main(void) {
                    pthread_t t;
                    pthread_create(&t, NULL, run, NULL);
                    for (;;) pause();
                }
                """);
    }

    /**
     * Sleeps half a second (time for a tracer to attach), then vfork()s; the child sleeps {@code argv[1]} seconds
     * before it exits, holding its parent in vfork all that time.
     */
    public static Path vforkSleeper() {
        return build("vfork_sleeper", """
                #include <stdlib.h>
                #include <sys/syscall.h>
                #include <sys/wait.h>
                #include <time.h>
                #include <unistd.h>
                int main(int argc, char **argv) {
                    int secs = atoi(argv[1]);
                    struct timespec first = {0, 500000000};
                    nanosleep(&first, NULL);
                    pid_t p = vfork();
                    if (p == 0) {
                        struct timespec ts = {secs, 0};
                        syscall(SYS_nanosleep, &ts, NULL);
                        syscall(SYS_exit, 0);
                    }
                    int st;
                    waitpid(p, &st, 0);
                    return 0;
                }
                """);
    }
}
