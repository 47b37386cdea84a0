/* Processes and credentials: waitid (by pid and pidfd), pidfds, resource limits and usage, namespaces, ids. */
#define _GNU_SOURCE
#include <grp.h>
#include <sys/fsuid.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#ifndef P_PIDFD
#define P_PIDFD 3
#endif
int main(void) {
    sigset_t chld; /* no SIGCHLD deliveries: their place among the parent's lines would depend on timing */
    sigemptyset(&chld); sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    pid_t pid = fork();
    if (pid == 0) {
        _exit(3);
    }
    siginfo_t si;
    waitid(P_PID, pid, &si, WEXITED);
    pid = fork();
    if (pid == 0) {
        _exit(0);
    }
    int pfd = syscall(SYS_pidfd_open, pid, 0);
    syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0);
    waitid((idtype_t) P_PIDFD, pfd, &si, WEXITED);
    int dup = syscall(SYS_pidfd_getfd, pfd, 0, 0);
    close(pfd);
    struct rlimit old, lim = {64, 1024};
    prlimit(0, RLIMIT_NOFILE, NULL, &old);
    prlimit(0, RLIMIT_CORE, &lim, NULL);
    getrlimit(RLIMIT_STACK, &old);
    unshare(0);
    setns(-1, CLONE_NEWNET);
    setuid(0); setgid(0);
    setreuid(-1, 0); setregid(0, -1);
    setresuid(-1, 0, -1); setresgid(0, -1, -1);
    uid_t r, e, s; getresuid(&r, &e, &s);
    gid_t gr, ge, gs; getresgid(&gr, &ge, &gs);
    setfsuid(0); setfsgid(0);
    gid_t groups[4] = {0, 1, 2};
    setgroups(3, groups);
    int n = getgroups(0, NULL);
    getgroups(4, groups);
    getpgid(0); getsid(0);
    return n > 0 ? 0 : 1;
}
