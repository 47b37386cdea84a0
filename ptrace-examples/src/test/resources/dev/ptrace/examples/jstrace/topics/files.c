/* Files and descriptors: renames with flags, locks, allocation, in-kernel copies with offsets, eventfds,
   inotify watches, extended attributes. argv[1] is an empty scratch directory. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/sendfile.h>
#include <sys/xattr.h>
#include <unistd.h>
int main(int argc, char **argv) {
    char a[4096], b[4096], c[4096];
    if (argc < 2 || chdir(argv[1]) != 0) return 2;
    snprintf(a, sizeof a, "a.txt"); snprintf(b, sizeof b, "b.txt"); snprintf(c, sizeof c, "c.txt");
    int fd = open(a, O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "hello world\n", 12);
    flock(fd, LOCK_EX);
    flock(fd, LOCK_UN | LOCK_NB);
    fallocate(fd, 0, 0, 8192);
    fallocate(fd, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 4096, 4096);
    ftruncate(fd, 12);
    int out = open(b, O_RDWR | O_CREAT | O_TRUNC, 0644);
    off_t off = 0;
    sendfile(out, fd, &off, 4);
    lseek(fd, 0, SEEK_SET);
    sendfile(out, fd, NULL, 4);
    loff_t in_off = 2, out_off = 0;
    copy_file_range(fd, &in_off, out, &out_off, 5, 0);
    copy_file_range(fd, NULL, out, NULL, 3, 0);
    int p[2];
    pipe(p);
    loff_t soff = 1;
    splice(fd, &soff, p[1], NULL, 4, SPLICE_F_MOVE);
    splice(p[0], NULL, out, NULL, 4, 0);
    close(p[0]); close(p[1]);
    renameat2(AT_FDCWD, b, AT_FDCWD, c, RENAME_NOREPLACE);
    renameat2(AT_FDCWD, c, AT_FDCWD, a, RENAME_NOREPLACE);
    renameat2(AT_FDCWD, c, AT_FDCWD, a, RENAME_EXCHANGE);
    int efd = eventfd(3, EFD_CLOEXEC | EFD_NONBLOCK);
    int efd2 = eventfd(0, EFD_SEMAPHORE);
    int ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    int wd = inotify_add_watch(ifd, ".", IN_CREATE | IN_DELETE | IN_ONLYDIR);
    inotify_rm_watch(ifd, wd);
    fsetxattr(fd, "user.k", "value", 5, XATTR_CREATE);
    setxattr(a, "user.k2", "v2", 2, 0);
    lsetxattr(a, "user.k", "x", 1, XATTR_REPLACE);
    char buf[64];
    fgetxattr(fd, "user.k", buf, sizeof buf);
    getxattr(a, "user.k2", buf, sizeof buf);
    flistxattr(fd, buf, sizeof buf);
    listxattr(a, buf, sizeof buf);
    listxattr(a, NULL, 0);
    fremovexattr(fd, "user.k");
    removexattr(a, "user.k2");
    lremovexattr(a, "user.none");
    close(efd); close(efd2); close(ifd); close(fd); close(out);
    unlink(a); unlink(b); unlink(c); /* the next run starts from the same empty directory */
    return 0;
}
