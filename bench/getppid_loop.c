/*
 * COUNT getppid calls (default 100000) and nothing else: one traced syscall (two stops) per iteration, the cheapest
 * the kernel has, so that a tracer's own cost per stop is what a run measures (bench/overhead.sh --pinned,
 * bench/stop-cpu.sh).
 *   cc -O2 -o getppid_loop getppid_loop.c && ./getppid_loop [COUNT]
 */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    for (long i = 0; i < n; i++) {
        syscall(SYS_getppid);
    }
    return 0;
}
