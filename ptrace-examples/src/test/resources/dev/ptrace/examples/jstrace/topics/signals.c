/* Signals: alternate stacks, pending sets, queued signals with their siginfo, timed waits, signalfds. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
int main(void) {
    stack_t ss = {0}, old;
    ss.ss_sp = malloc(65536); ss.ss_size = 65536; ss.ss_flags = 0;
    sigaltstack(&ss, &old);
    sigaltstack(NULL, &old);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    sigset_t set;
    sigemptyset(&set); sigaddset(&set, SIGUSR1); sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1; si.si_code = SI_QUEUE; si.si_pid = getpid(); si.si_uid = getuid(); si.si_value.sival_int = 42;
    syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si);
    sigset_t pending;
    syscall(SYS_rt_sigpending, &pending, 8);
    struct timespec ts = {1, 0};
    siginfo_t got;
    sigset_t one; sigemptyset(&one); sigaddset(&one, SIGUSR1);
    sigtimedwait(&one, &got, &ts);
    struct timespec none = {0, 0};
    sigtimedwait(&one, NULL, &none);
    sigset_t two; sigemptyset(&two); sigaddset(&two, SIGUSR2);
    int fd = signalfd(-1, &two, SFD_CLOEXEC | SFD_NONBLOCK);
    si.si_signo = SIGUSR2;
    syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGUSR2, &si);
    syscall(SYS_rt_sigpending, &pending, 8);
    close(fd);
    kill(getpid(), 0);
    return 0;
}
