/* openat2 (struct open_how) and extended attributes; argv[1] is a scratch directory. */
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
#include <stdio.h>
int main(int argc, char **argv) {
    char path[4096];
    snprintf(path, sizeof path, "%s/xf", argc > 1 ? argv[1] : ".");
    close(open(path, O_WRONLY | O_CREAT, 0644));
    struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .mode = 0, .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS};
    int fd = syscall(SYS_openat2, AT_FDCWD, "/etc/hostname", &how, sizeof how);
    struct open_how how2 = {.flags = O_WRONLY | O_CREAT, .mode = 0644, .resolve = 0};
    syscall(SYS_openat2, AT_FDCWD, "/nonexistent/x", &how2, sizeof how2);
    syscall(SYS_openat2, AT_FDCWD, "/etc/hostname", NULL, 24);
    struct open_how how3 = {.flags = O_RDWR, .resolve = RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV};
    fd = syscall(SYS_openat2, AT_FDCWD, path, &how3, sizeof how3);
    setxattr(path, "user.test", "value", 5, XATTR_CREATE);
    char buf[64];
    getxattr(path, "user.test", buf, sizeof buf);
    listxattr(path, buf, sizeof buf);
    removexattr(path, "user.test");
    lremovexattr(path, "user.none");
    fremovexattr(fd, "user.none");
    fsetxattr(fd, "user.x", "\1\2\3", 3, 0);
    unlink(path);
    return 0;
}
