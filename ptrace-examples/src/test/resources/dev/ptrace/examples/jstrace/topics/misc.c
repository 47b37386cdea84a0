/* Misc: ptrace requests, scheduler queries, host names, umask, sync calls. */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    ptrace(PTRACE_PEEKDATA, 1, 0, 0);
    sched_getscheduler(0);
    struct sched_param sp;
    sched_getparam(0, &sp);
    sched_get_priority_max(SCHED_FIFO);
    sched_get_priority_min(SCHED_RR);
    cpu_set_t set;
    sched_getaffinity(0, sizeof set, &set);
    char name[64];
    gethostname(name, sizeof name);
    syscall(SYS_getcpu, NULL, NULL, NULL);
    umask(022);
    syncfs(1);
    return 0;
}
