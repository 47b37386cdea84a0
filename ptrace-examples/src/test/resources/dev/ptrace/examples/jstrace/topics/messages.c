/* Messages: sendmsg/recvmsg with control data (SCM_RIGHTS, SCM_CREDENTIALS), sendmmsg/recvmmsg, over a socketpair. */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/un.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
int main(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    int one = 1;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    int fd = open("/dev/null", O_RDONLY);
    char data[] = "hello";
    struct iovec iov = {data, 5};
    union { char buf[CMSG_SPACE(2 * sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr align; } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = {0};
    m.msg_iov = &iov; m.msg_iovlen = 1;
    m.msg_control = u.buf; m.msg_controllen = CMSG_SPACE(2 * sizeof(int));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(2 * sizeof(int));
    int fds[2] = {fd, 0};
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    sendmsg(sv[0], &m, 0);
    char in[16];
    struct iovec iiov = {in, sizeof in};
    union { char buf[256]; struct cmsghdr align; } r;
    struct msghdr rm = {0};
    rm.msg_iov = &iiov; rm.msg_iovlen = 1; rm.msg_control = r.buf; rm.msg_controllen = sizeof r.buf;
    recvmsg(sv[1], &rm, MSG_CMSG_CLOEXEC);
    /* credentials */
    m.msg_controllen = CMSG_SPACE(sizeof(struct ucred));
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_CREDENTIALS; c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    struct ucred cr = {getpid(), getuid(), getgid()};
    memcpy(CMSG_DATA(c), &cr, sizeof cr);
    sendmsg(sv[0], &m, MSG_DONTWAIT);
    rm.msg_controllen = sizeof r.buf;
    recvmsg(sv[1], &rm, 0);
    /* both in one message */
    m.msg_controllen = sizeof u.buf;
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(2 * sizeof(int));
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    c = CMSG_NXTHDR(&m, c);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_CREDENTIALS; c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    memcpy(CMSG_DATA(c), &cr, sizeof cr);
    sendmsg(sv[0], &m, 0);
    rm.msg_controllen = 24; /* too small for both: MSG_CTRUNC */
    recvmsg(sv[1], &rm, 0);
    /* a truncated message */
    rm.msg_controllen = 0; rm.msg_control = NULL; iiov.iov_len = 2;
    sendmsg(sv[0], &(struct msghdr){.msg_iov = &iov, .msg_iovlen = 1}, 0);
    recvmsg(sv[1], &rm, 0);
    /* several at once */
    struct iovec v[3] = {{"one", 3}, {"two", 3}, {"three", 5}};
    struct mmsghdr mm[3];
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) { mm[i].msg_hdr.msg_iov = &v[i]; mm[i].msg_hdr.msg_iovlen = 1; }
    sendmmsg(sv[0], mm, 3, 0);
    char b0[8], b1[8], b2[8];
    struct iovec w[3] = {{b0, 8}, {b1, 8}, {b2, 8}};
    struct mmsghdr rmm[3];
    memset(rmm, 0, sizeof rmm);
    for (int i = 0; i < 3; i++) { rmm[i].msg_hdr.msg_iov = &w[i]; rmm[i].msg_hdr.msg_iovlen = 1; }
    struct timespec t = {0, 0};
    recvmmsg(sv[1], rmm, 3, MSG_DONTWAIT, &t);
    recvmmsg(sv[1], rmm, 3, MSG_DONTWAIT, NULL);
    recvmmsg(sv[1], rmm, 3, MSG_DONTWAIT, &t);
    sendmmsg(sv[0], mm, 0, 0);
    sendmmsg(-1, mm, 1, 0);
    return 0;
}
