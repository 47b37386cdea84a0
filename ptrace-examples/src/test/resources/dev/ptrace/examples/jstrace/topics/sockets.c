/* Sockets: addresses of every family jstrace decodes, accept4 flags, socket options; argv[1] is a free port P (P..P+3 are used). */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/un.h>
#include <linux/netlink.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <stddef.h>
int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 40123;
    struct sockaddr_in a = {0};
    socklen_t len = sizeof a;
    a.sin_family = AF_INET; a.sin_port = htons(port); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    bind(l, (struct sockaddr *)&a, sizeof a);
    listen(l, 5);
    getsockname(l, (struct sockaddr *)&a, &len);
    int c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in me = a; me.sin_port = htons(port + 3);
    setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    bind(c, (struct sockaddr *)&me, sizeof me);
    connect(c, (struct sockaddr *)&a, sizeof a);
    struct sockaddr_in peer; socklen_t plen = sizeof peer;
    int s = accept4(l, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC | SOCK_NONBLOCK);
    plen = sizeof peer;
    getpeername(c, (struct sockaddr *)&peer, &plen);
    int type; socklen_t tlen = sizeof type;
    getsockopt(c, SOL_SOCKET, SO_TYPE, &type, &tlen);
    int rcv; tlen = sizeof rcv;
    getsockopt(c, SOL_SOCKET, SO_ERROR, &rcv, &tlen);
    struct linger lg = {1, 0};
    setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    send(c, "ping", 4, MSG_NOSIGNAL);
    char buf[16];
    recv(s, buf, sizeof buf, 0);
    shutdown(c, SHUT_WR);
    close(s); close(c); close(l);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    a.sin_port = htons(port + 1);
    bind(u, (struct sockaddr *)&a, sizeof a);
    sendto(u, "dgram", 5, 0, (struct sockaddr *)&a, sizeof a);
    struct sockaddr_in from; socklen_t flen = sizeof from;
    recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
    sendto(u, "x", 1, MSG_DONTWAIT, NULL, 0);
    recvfrom(u, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL);
    close(u);
    int u6 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 a6 = {0}; a6.sin6_family = AF_INET6; a6.sin6_port = htons(port + 2); a6.sin6_addr = in6addr_loopback;
    bind(u6, (struct sockaddr *)&a6, sizeof a6);
    socklen_t l6 = sizeof a6;
    getsockname(u6, (struct sockaddr *)&a6, &l6);
    close(u6);
    int x = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un un = {0}; un.sun_family = AF_UNIX; strcpy(un.sun_path, "/nonexistent/sock");
    connect(x, (struct sockaddr *)&un, sizeof un);
    memset(un.sun_path, 0, sizeof un.sun_path); strcpy(un.sun_path + 1, "jstrace-abstract");
    bind(x, (struct sockaddr *)&un, offsetof(struct sockaddr_un, sun_path) + 1 + strlen("jstrace-abstract"));
    socklen_t ulen = sizeof un;
    getsockname(x, (struct sockaddr *)&un, &ulen);
    close(x);
    int n = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    struct sockaddr_nl nl = {0}; nl.nl_family = AF_NETLINK;
    bind(n, (struct sockaddr *)&nl, sizeof nl);
    close(n);
    return 0;
}
