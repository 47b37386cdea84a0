/* Processes and credentials: capget/capset (versions 3 and 1, an unknown one), personality, kcmp; seccomp with an allow-all filter. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <linux/filter.h>
#include <linux/capability.h>
#include <sys/personality.h>
#include <linux/kcmp.h>
#include <sys/xattr.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <string.h>
int main(void) {
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    syscall(SYS_capget, &h, d);
    syscall(SYS_capset, &h, d);
    h.version = 0x12345678;
    syscall(SYS_capget, &h, NULL);
    h.version = _LINUX_CAPABILITY_VERSION_1;
    syscall(SYS_capget, &h, d);
    personality(0xffffffff);
    personality(PER_LINUX);
    personality(PER_LINUX32 | ADDR_NO_RANDOMIZE);
    personality(PER_LINUX);
    personality(0x4000077);
    personality(PER_LINUX);
    pid_t p = getpid();
    syscall(SYS_kcmp, p, p, KCMP_FILE, 1, 1);
    syscall(SYS_kcmp, p, p, KCMP_VM, 0, 0);
    syscall(SYS_kcmp, p, p, KCMP_FILES, 0, 0);
    struct kcmp_epoll_slot slot = {3, 4, 0};
    syscall(SYS_kcmp, p, p, KCMP_EPOLL_TFD, 0, &slot);
    syscall(SYS_kcmp, p, p, 99, 0, 0);
    struct sock_filter f[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    struct sock_fprog prog = {1, f};
    unsigned action = SECCOMP_RET_KILL_PROCESS;
    struct seccomp_notif_sizes sizes;
    syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes);
    action = 0x12345;
    syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
    action = SECCOMP_RET_KILL_PROCESS;
    syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_TSYNC, &prog);
    syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 1, NULL);
    return 0;
}
