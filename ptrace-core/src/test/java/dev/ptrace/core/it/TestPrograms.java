package dev.ptrace.core.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Small purpose-built tracees in C, compiled once per JVM with {@code cc}. Tests that need one are skipped with a
 * clear reason where no compiler exists.
 */
public final class TestPrograms {
    private static final Map<String, Path> BUILT = new HashMap<>();

    private TestPrograms() {
    }

    /** Compiles {@code source} (C, linked with -pthread) and returns the executable. */
    public static synchronized Path compile(String name, String source) {
        Path done = BUILT.get(name);
        if (done != null) {
            return done;
        }
        try {
            Path dir = Files.createTempDirectory("ptrace-it-");
            dir.toFile().deleteOnExit();
            Path c = dir.resolve(name + ".c");
            Path exe = dir.resolve(name);
            Files.writeString(c, source, StandardCharsets.UTF_8);
            Process p;
            try {
                p = new ProcessBuilder("cc", "-O0", "-pthread", "-o", exe.toString(), c.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                Assumptions.assumeTrue(false, "no C compiler (cc) on this machine: " + e.getMessage());
                throw e;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("cc failed for " + name + ":\n" + out);
            }
            exe.toFile().deleteOnExit();
            c.toFile().deleteOnExit();
            BUILT.put(name, exe);
            return exe;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates {@code n} threads that each sleep a little, joins them, prints "joined N". */
    public static Path manyThreads() {
        return compile("many_threads", """
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
        return compile("exec_from_thread", """
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
        return compile("vfork_sleeper", """
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
