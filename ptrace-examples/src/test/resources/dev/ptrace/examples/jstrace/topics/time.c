/* Time: interval timers, POSIX timers, timerfds, clock resolution, absolute and relative sleeps. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
int main(void) {
    struct itimerval it = {{0, 0}, {100, 500000}}, old;
    setitimer(ITIMER_REAL, &it, &old);
    getitimer(ITIMER_VIRTUAL, &old);
    it.it_value.tv_sec = 0; it.it_value.tv_usec = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    struct timespec res;
    clock_getres(CLOCK_MONOTONIC, &res);
    syscall(SYS_clock_getres, CLOCK_REALTIME, NULL);
    struct timespec past = {1, 0};
    clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &past, NULL);
    struct timespec shortly = {0, 1000};
    clock_nanosleep(CLOCK_MONOTONIC, 0, &shortly, NULL);
    syscall(SYS_clock_settime, 12345, &past);
    timer_t t;
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL; sev.sigev_signo = SIGUSR1; sev.sigev_value.sival_int = 7;
    timer_create(CLOCK_MONOTONIC, &sev, &t);
    struct itimerspec ts = {{0, 0}, {100, 0}}, ots;
    timer_settime(t, 0, &ts, &ots);
    timer_gettime(t, &ots);
    timer_getoverrun(t);
    timer_delete(t);
    timer_t t2;
    timer_create(CLOCK_REALTIME, NULL, &t2);
    timer_delete(t2);
    sev.sigev_notify = SIGEV_NONE; sev.sigev_value.sival_ptr = NULL; sev.sigev_signo = 0;
    timer_create(CLOCK_BOOTTIME, &sev, &t2);
    timer_delete(t2);
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    timerfd_settime(fd, 0, &ts, &ots);
    timerfd_gettime(fd, &ots);
    ts.it_value.tv_sec = 1;
    timerfd_settime(fd, TFD_TIMER_ABSTIME, &ts, NULL);
    close(fd);
    return 0;
}
