package dev.ptrace.core.it;

import java.nio.file.Path;

/**
 * C tracees for the fault matrix ({@link FaultBehaviour} and the jstrace-level tests): busy loops, sleepers that
 * report a spurious EINTR, signal counters, threads that block while another calls exit_group, and a hostile
 * program that hands the kernel (and the tracer) bad pointers and lengths. Compiled once per JVM with
 * {@link TestPrograms#compile}.
 */
public final class FaultPrograms {
    private FaultPrograms() {
    }

    /** Spins in user space forever: never enters a syscall, so only PTRACE_INTERRUPT can stop it. */
    public static Path spin() {
        return TestPrograms.build("spin", """
                int main(void) {
                    volatile unsigned long i = 0;
                    for (;;) i++;
                }
                """);
    }

    /**
     * Sleeps {@code argv[1]} milliseconds with one nanosleep(2) call and exits 0 if it returned 0 after the full
     * time, 3 if it failed with EINTR (or any error), 4 if it returned early. Given a file {@code argv[2]}, it
     * sleeps such calls one after another until that file exists (checked after each), and exits 3 or 4 at the
     * first that fails: a test then attaches and detaches at its own pace, however loaded the machine, and creates
     * the file to let it end; every call it interrupted must still have slept its full time.
     */
    public static Path strictSleeper() {
        return TestPrograms.build("strict_sleeper", """
                #include <stdlib.h>
                #include <sys/syscall.h>
                #include <time.h>
                #include <unistd.h>
                int main(int argc, char **argv) {
                    long ms = atol(argv[1]);
                    do {
                        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L}, a, b;
                        clock_gettime(CLOCK_MONOTONIC, &a);
                        long r = syscall(SYS_nanosleep, &ts, NULL);
                        clock_gettime(CLOCK_MONOTONIC, &b);
                        if (r != 0) return 3;
                        long took = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
                        if (took + 1 < ms) return 4;
                    } while (argc > 2 && access(argv[2], F_OK) != 0);
                    return 0;
                }
                """);
    }

    /**
     * Counts signals in its handlers: writes {@code 1} for each SIGUSR1 and {@code 2} for each SIGUSR2 to stdout,
     * and makes getppid() calls in a loop meanwhile, so signals arrive during syscall stops too. Prints
     * {@code r} when ready.
     */
    public static Path signalCounter() {
        return TestPrograms.build("signal_counter", """
                #include <signal.h>
                #include <string.h>
                #include <unistd.h>
                static void on(int sig) { write(1, sig == SIGUSR1 ? "1" : "2", 1); }
                int main(void) {
                    struct sigaction sa;
                    memset(&sa, 0, sizeof sa);
                    sa.sa_handler = on;
                    sa.sa_flags = SA_RESTART;
                    sigaction(SIGUSR1, &sa, NULL);
                    sigaction(SIGUSR2, &sa, NULL);
                    write(1, "r", 1);
                    for (;;) getppid();
                }
                """);
    }

    /**
     * Three threads: one blocks in read(2) on a pipe, one in a 60 s nanosleep, one exits alone with exit(2). The
     * main thread joins the lone one, waits until the other two are asleep in the kernel, and calls
     * {@code exit_group(5)}.
     */
    public static Path blockedThreadsExitGroup() {
        return TestPrograms.build("blocked_threads_exit_group", """
                #include <pthread.h>
                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>
                #include <sys/syscall.h>
                #include <time.h>
                #include <unistd.h>
                static int fds[2];
                static volatile pid_t tids[2];
                static void *reader(void *arg) { tids[0] = syscall(SYS_gettid); char c; read(fds[0], &c, 1); return arg; }
                static void *sleeper(void *arg) {
                    tids[1] = syscall(SYS_gettid);
                    struct timespec ts = {60, 0};
                    nanosleep(&ts, NULL);
                    return arg;
                }
                static void *alone(void *arg) { syscall(SYS_exit, 0); return arg; }
                static int sleeping(pid_t tid) {
                    char path[64], buf[512];
                    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int) tid);
                    FILE *f = fopen(path, "r");
                    if (!f) return 0;
                    size_t n = fread(buf, 1, sizeof buf - 1, f);
                    fclose(f);
                    buf[n] = 0;
                    char *p = strrchr(buf, ')');
                    return p && p[2] == 'S';
                }
                int main(void) {
                    pipe(fds);
                    pthread_t a, b, c;
                    pthread_create(&a, NULL, reader, NULL);
                    pthread_create(&b, NULL, sleeper, NULL);
                    pthread_create(&c, NULL, alone, NULL);
                    pthread_join(c, NULL);
                    struct timespec pause = {0, 1000000};
                    while (!tids[0] || !tids[1] || !sleeping(tids[0]) || !sleeping(tids[1])) nanosleep(&pause, NULL);
                    syscall(SYS_exit_group, 5);
                    return 0;
                }
                """);
    }

    /**
     * One thread makes getppid() calls as fast as it can, forever; another makes {@code argv[1]} of them and
     * returns; the main thread joins the second and exits 0. Under a tracer that always serves the first
     * stopped thread it finds, the busy thread starves the other one and the program never ends.
     */
    public static Path busyAndWorker() {
        return TestPrograms.build("busy_and_worker", """
                #include <pthread.h>
                #include <stdlib.h>
                #include <unistd.h>
                static void *busy(void *arg) { for (;;) getppid(); return arg; }
                static void *worker(void *arg) { long n = (long) arg; for (long i = 0; i < n; i++) getppid(); return NULL; }
                int main(int argc, char **argv) {
                    pthread_t b, w;
                    pthread_create(&b, NULL, busy, NULL);
                    pthread_create(&w, NULL, worker, (void *) atol(argv[1]));
                    pthread_join(w, NULL);
                    return 0;
                }
                """);
    }

    /**
     * Hands the kernel bad pointers and lengths, each in its own syscall, with stdout on /dev/null: buffers and
     * strings that run into an unmapped page, NULL and -1 pointers, {@code write(1, p, 1<<30)}, iovec arrays with
     * bogus lengths and counts, argv arrays without a terminating NULL. Exits 0.
     */
    public static Path hostile() {
        return TestPrograms.build("hostile", """
                #define _GNU_SOURCE
                #include <fcntl.h>
                #include <string.h>
                #include <sys/mman.h>
                #include <sys/syscall.h>
                #include <sys/uio.h>
                #include <unistd.h>
                /* The last n bytes of a page that is followed by an unmapped page. */
                static char *edge(size_t n) {
                    long pg = sysconf(_SC_PAGESIZE);
                    char *two = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                    munmap(two + pg, pg);
                    return two + pg - n;
                }
                int main(void) {
                    int devnull = open("/dev/null", O_WRONLY);
                    dup2(devnull, 1);
                    char *path = edge(5);
                    memcpy(path, "/tmpX", 5);                 /* no NUL before the unmapped page */
                    char *bad = path + 5;                     /* unmapped */
                    syscall(SYS_write, 1, bad, 1L << 30);
                    syscall(SYS_write, 1, NULL, 10);
                    syscall(SYS_write, 1, (void *) -1L, 10);
                    syscall(SYS_write, 1, path, 1L << 30);
                    syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
                    syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY);
                    syscall(SYS_openat, AT_FDCWD, (void *) -1L, O_RDONLY);
                    static char data[64] = "xyz0123456789abcdefghijklmnopqrstuvwxyz";
                    struct iovec iov[3] = {{"abc", 3}, {bad, 1L << 40}, {data, (size_t) -1}};
                    syscall(SYS_writev, 1, iov, 3);
                    struct iovec *iovend = (struct iovec *) edge(sizeof(struct iovec));
                    iovend->iov_base = "abc";
                    iovend->iov_len = 3;
                    syscall(SYS_writev, 1, iovend, 2);        /* the second iovec is unmapped */
                    syscall(SYS_writev, 1, iovend, 1 << 20);
                    syscall(SYS_writev, 1, bad, 2);
                    char **argv = (char **) edge(2 * sizeof(char *));
                    argv[0] = "/bin/true";
                    argv[1] = "arg";                          /* no NULL: runs into the unmapped page */
                    syscall(SYS_execve, "/bin/true", argv, NULL);
                    syscall(SYS_execve, "/bin/true", bad, NULL);
                    syscall(SYS_execve, path, NULL, NULL);
                    syscall(SYS_execve, "/bin/true", (void *) -1L, (void *) -1L);
                    return 0;
                }
                """);
    }

    /**
     * Writes bytes meant to forge trace lines into a path, a buffer and argv: newlines followed by fake syscall
     * lines, quotes, backslashes, control bytes, DEL and invalid UTF-8. With {@code argv[1]} = {@code nodump} it
     * first makes itself non-dumpable ({@code prctl(PR_SET_DUMPABLE, 0)}). Exits 0.
     */
    public static Path forger() {
        return TestPrograms.build("forger", """
                #include <fcntl.h>
                #include <string.h>
                #include <sys/prctl.h>
                #include <sys/syscall.h>
                #include <unistd.h>
                int main(int argc, char **argv) {
                    if (argc > 1 && strcmp(argv[1], "nodump") == 0) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
                    const char evil[] = "/nonexistent\\n+++ exited with 0 +++\\nopenat(AT_FDCWD, \\"/etc/shadow\\") = 3\\n"
                                        "\\"q\\\\b\\x01\\x1b[31m\\x7f\\xff\\xc3\\x28\\t\\r\\v\\f\\x00tail";
                    syscall(SYS_openat, AT_FDCWD, evil, O_RDONLY);
                    int fd = open("/dev/null", O_WRONLY);
                    syscall(SYS_write, fd, evil, sizeof evil - 1);
                    char *args[] = {"/nonexistent", (char *) evil, "\\n--- SIGKILL {si_signo=SIGKILL} ---", NULL};
                    syscall(SYS_execve, "/nonexistent\\n", args, NULL);
                    return 0;
                }
                """);
    }

    /**
     * Two interrupted syscalls, deterministically: a read(2) that a SIGALRM handler (SA_RESTART) interrupts
     * ({@code ERESTARTSYS}, restarted after the handler), then a nanosleep(2) during which a child exits: its
     * SIGCHLD is ignored, but a traced process stops for it, so the sleep is interrupted
     * ({@code ERESTART_RESTARTBLOCK}) and resumed with {@code restart_syscall}. Exits 0.
     */
    public static Path restarts() {
        return TestPrograms.build("restarts", """
                #include <signal.h>
                #include <stdio.h>
                #include <string.h>
                #include <sys/syscall.h>
                #include <sys/time.h>
                #include <time.h>
                #include <unistd.h>
                static int fds[2];
                static void on_alarm(int sig) { (void) sig; write(fds[1], "x", 1); }
                static char state_of(pid_t pid) {
                    char path[64], buf[512];
                    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
                    FILE *f = fopen(path, "r");
                    if (!f) return '?';
                    size_t n = fread(buf, 1, sizeof buf - 1, f);
                    fclose(f);
                    buf[n] = 0;
                    char *p = strrchr(buf, ')');
                    return p ? p[2] : '?';
                }
                int main(void) {
                    pipe(fds);
                    struct sigaction sa;
                    memset(&sa, 0, sizeof sa);
                    sa.sa_handler = on_alarm;
                    sa.sa_flags = SA_RESTART;
                    sigaction(SIGALRM, &sa, NULL);
                    struct itimerval it = {{0, 0}, {0, 20000}};
                    setitimer(ITIMER_REAL, &it, NULL);
                    char c;
                    syscall(SYS_read, fds[0], &c, 1);
                    pid_t parent = getpid();
                    pid_t child = fork();
                    if (child == 0) {
                        struct timespec ms = {0, 1000000};
                        while (state_of(parent) != 'S') nanosleep(&ms, NULL);
                        _exit(0);       /* SIGCHLD: ignored, but a traced process stops for it */
                    }
                    struct timespec ts = {0, 300000000};
                    syscall(SYS_nanosleep, &ts, NULL);
                    int st;
                    syscall(SYS_wait4, child, &st, 0, NULL);
                    return 0;
                }
                """);
    }
}
