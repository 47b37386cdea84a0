/*
 * The physical floor of ptrace-based tracing: the least a tracer can do per syscall. It stops the command at
 * every syscall entry and exit (PTRACE_SYSCALL), asks the kernel which it is (PTRACE_GET_SYSCALL_INFO), and
 * resumes it; nothing is decoded or printed. Follows forks like -f. With FLOOR_POLL_US=N in the environment it
 * polls waitpid(WNOHANG) for up to N microseconds before each blocking wait (what jstrace does when that pays);
 * the lower of the two times is the floor. With FLOOR_WORK_US=N it burns N microseconds of CPU per stop before it
 * resumes the tracee (where jstrace decodes and prints): it shows how the scheduler's placement depends on the
 * tracer's work per stop. On 2 vCPUs, fork loop, blocking: with 0-3 us tracer and tracee share a CPU for >85% of
 * the hand-offs; with 6 us about half, with 10 us about a third, and each cross-CPU hand-off to a halted vCPU
 * waits ~20 us instead of ~3 us (measure with bench/sched-placement.py).
 *   cc -O2 -o floor floor.c && [FLOOR_POLL_US=50] [FLOOR_WORK_US=10] ./floor COMMAND [ARGS...]
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/ptrace.h>

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void burn(long ns) {
    long start = now_ns();
    while (now_ns() - start < ns) {
    }
}

int main(int argc, char **argv) {
    const char *poll_us = getenv("FLOOR_POLL_US");
    long poll_ns = poll_us ? atol(poll_us) * 1000 : 0;
    const char *work_us = getenv("FLOOR_WORK_US");
    long work_ns = work_us ? atol(work_us) * 1000 : 0;
    if (argc < 2) {
        fprintf(stderr, "usage: floor COMMAND [ARGS...]\n");
        return 2;
    }
    pid_t child = fork();
    if (child == 0) {
        raise(SIGSTOP);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int status;
    waitpid(child, &status, WSTOPPED);
    long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE
            | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
    if (ptrace(PTRACE_SEIZE, child, 0, opts) != 0) {
        perror("PTRACE_SEIZE");
        return 1;
    }
    kill(child, SIGCONT);
    int exit_code = 0;
    struct ptrace_syscall_info info;
    for (;;) {
        pid_t pid = 0;
        long start = poll_ns > 0 ? now_ns() : 0;
        while (poll_ns > 0 && (pid = waitpid(-1, &status, __WALL | WNOHANG)) == 0 && now_ns() - start < poll_ns) {
        }
        if (pid == 0) {
            pid = waitpid(-1, &status, __WALL);
        }
        if (pid < 0) {
            break;
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (pid == child) {
                exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            continue;
        }
        int sig = WSTOPSIG(status);
        int deliver = 0;
        if (sig == (SIGTRAP | 0x80)) {
            ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info);
        } else if ((status >> 16) == 0 && sig != SIGSTOP && sig != SIGTRAP) {
            deliver = sig;
        }
        if (work_ns > 0) {
            burn(work_ns);
        }
        ptrace(PTRACE_SYSCALL, pid, 0, deliver);
    }
    return exit_code;
}
