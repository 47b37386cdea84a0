/* Memory: advice, remapping, syncing, locking, residency, anonymous files. */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    char *p = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    char *q = mremap(p, 16384, 32768, MREMAP_MAYMOVE);
    p = q;
    madvise(p, 4096, MADV_DONTNEED);
    madvise(p, 8192, MADV_SEQUENTIAL);
    madvise(p, 4096, 12345);
    msync(p, 4096, MS_SYNC | MS_INVALIDATE);
    msync(p, 4096, MS_ASYNC);
    mlock(p, 4096);
    munlock(p, 4096);
    syscall(SYS_mlock2, p, 4096, MLOCK_ONFAULT);
    mlockall(MCL_CURRENT | MCL_FUTURE);
    munlockall();
    unsigned char vec[4];
    mincore(p, 16384, vec);
    char *r = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mremap(q, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, r);
    mremap(q, 4096, 8192, 0);
    int fd = memfd_create("jstrace-memfd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    int fd2 = memfd_create("plain", 0);
    syscall(SYS_pkey_mprotect, q + 8192, 4096, PROT_READ, -1);
    syscall(SYS_remap_file_pages, 0, 0, 0, 0, 0);
    close(fd); close(fd2);
    return 0;
}
