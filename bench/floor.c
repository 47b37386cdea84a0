/*
 * The physical floor of ptrace-based tracing: the least a tracer can do per syscall. It stops the command at
 * every syscall entry and exit (PTRACE_SYSCALL), asks the kernel which it is (PTRACE_GET_SYSCALL_INFO), and
 * resumes it; nothing is decoded or printed. Follows forks like -f.
 *   cc -O2 -o floor floor.c && ./floor COMMAND [ARGS...]
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/ptrace.h>

int main(int argc, char **argv) {
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
        pid_t pid = waitpid(-1, &status, __WALL);
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
        ptrace(PTRACE_SYSCALL, pid, 0, deliver);
    }
    return exit_code;
}
