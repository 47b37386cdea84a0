/*
 * N getppid calls in a row (default 100 000): two syscall stops each under a tracer that stops at every syscall,
 * for bench/stop-cpu.sh.
 *   cc -O2 -o getppid_loop getppid_loop.c && ./getppid_loop 100000
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
