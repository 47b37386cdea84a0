/* Named constants that -X raw and -X verbose print as numbers: signal numbers in sigsets, sa_handler and siginfo,
 * fcntl's descriptor flags, futex operations, access modes, socket families, types, levels, options and
 * addresses, statx flags, timer flags, getrusage's who.
 * argv[1] is a free port P (P and P+1 are used). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static void handler(int sig) { (void) sig; }
int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 40123;
    struct rusage ru; getrusage(RUSAGE_CHILDREN, &ru); /* before the child: all zero */
    sigset_t set;
    sigemptyset(&set); sigaddset(&set, SIGINT); sigaddset(&set, SIGTERM);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
    sigset_t most; sigfillset(&most); sigdelset(&most, SIGKILL);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &most, NULL, 8);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8);
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN; sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = SIG_DFL; sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = handler; sigaction(SIGUSR2, &sa, NULL);
    kill(getpid(), SIGUSR2);
    sigset_t chld; sigemptyset(&chld); sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    pid_t child = fork();
    if (child == 0) {
        _exit(3);
    }
    siginfo_t info; struct timespec wait = {5, 0};
    sigtimedwait(&chld, &info, &wait);
    waitpid(child, NULL, 0);
    fcntl(1, F_SETFD, FD_CLOEXEC); fcntl(1, F_GETFD); fcntl(1, F_SETFD, 0); fcntl(1, F_GETFD);
    fcntl(1, F_SETFD, 5);
    int word = 1; struct timespec tiny = {0, 1};
    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    syscall(SYS_futex, &word, FUTEX_WAKE, 1, NULL, NULL, 0);
    syscall(SYS_futex, &word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &tiny, NULL, FUTEX_BITSET_MATCH_ANY);
    access("/", R_OK | W_OK); access("/", F_OK); faccessat(AT_FDCWD, "/", X_OK, 0);
    mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    struct sockaddr_in a; memset(&a, 0, sizeof a);
    a.sin_family = AF_INET; a.sin_port = htons(port); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *) &a, sizeof a); listen(l, 1);
    socklen_t n = sizeof a; getsockname(l, (struct sockaddr *) &a, &n);
    int one = 1; setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP); connect(c, (struct sockaddr *) &a, sizeof a);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    n = sizeof a; getpeername(c, (struct sockaddr *) &a, &n);
    n = sizeof a; getpeername(l, (struct sockaddr *) &a, &n);
    shutdown(c, SHUT_WR);
    int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 b; memset(&b, 0, sizeof b);
    b.sin6_family = AF_INET6; b.sin6_addr = in6addr_loopback; b.sin6_port = htons(port + 1);
    connect(s6, (struct sockaddr *) &b, sizeof b);
    int u = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un un; memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX; strcpy(un.sun_path, "/nonexistent/socket");
    connect(u, (struct sockaddr *) &un, sizeof un);
    int pair[2]; socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    struct statx sx;
    statx(AT_FDCWD, "/", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx);
    statx(AT_FDCWD, "/", 0, STATX_BASIC_STATS, &sx);
    statx(AT_FDCWD, "/", AT_STATX_FORCE_SYNC, STATX_BASIC_STATS, &sx);
    struct timespec past = {1, 0}; clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &past, NULL);
    return 0;
}
