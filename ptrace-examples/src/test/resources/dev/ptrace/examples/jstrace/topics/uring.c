/* io_uring: a ring set up, entered (with and without a signal mask), registered on; a setup the kernel refuses. */
#define _GNU_SOURCE
#include <linux/io_uring.h>
#include <sys/syscall.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    int u = syscall(SYS_io_uring_setup, 4, &p);
    syscall(SYS_io_uring_enter, u, 0, 0, IORING_ENTER_GETEVENTS, NULL, 0);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    syscall(SYS_io_uring_enter, u, 0, 0, 0, &s, 8);
    syscall(SYS_io_uring_enter, u, 0, 0, IORING_ENTER_EXT_ARG, NULL, 0);
    syscall(SYS_io_uring_register, u, IORING_UNREGISTER_BUFFERS, NULL, 0);
    syscall(SYS_io_uring_register, u, 99, NULL, 0);
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP;
    p.cq_entries = 0;
    syscall(SYS_io_uring_setup, 4, &p);
    syscall(SYS_io_uring_setup, 0, NULL);
    return 0;
}
