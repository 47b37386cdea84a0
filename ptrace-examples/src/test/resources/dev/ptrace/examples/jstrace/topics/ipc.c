/* IPC: System V message queues, semaphores, shared memory (in a new IPC namespace, so that the ids are the same in
   every run; IPC_STAT left out: its times differ), POSIX message queues. */
#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <mqueue.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sched.h>
struct msgbuf1 { long mtype; char mtext[8]; };
int main(void) {
    unshare(CLONE_NEWIPC);
    int q = msgget(IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0600);
    struct msgbuf1 m = {1, "hello"};
    msgsnd(q, &m, 5, 0);
    msgrcv(q, &m, sizeof m.mtext, 0, IPC_NOWAIT);
    msgrcv(q, &m, sizeof m.mtext, 2, IPC_NOWAIT | MSG_NOERROR);
    msgctl(q, MSG_INFO, NULL);
    msgctl(q, IPC_RMID, NULL);
    msgget(0x1234, 0);
    int s = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    struct sembuf ops[2] = {{0, 1, 0}, {1, 1, SEM_UNDO | IPC_NOWAIT}};
    semop(s, ops, 2);
    struct timespec t = {0, 1000};
    ops[0].sem_op = -5;
    semtimedop(s, ops, 1, &t);
    semctl(s, 0, GETVAL);
    semctl(s, 0, SETVAL, 3);
    semctl(s, 0, IPC_RMID);
    int h = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    void *p = shmat(h, NULL, SHM_RDONLY);
    shmdt(p);
    shmctl(h, IPC_RMID, NULL);
    struct mq_attr a = {0, 4, 16, 0};
    mqd_t mq = mq_open("/jstrace-ipc", O_RDWR | O_CREAT | O_EXCL, 0600, &a);
    mq_send(mq, "hello", 5, 3);
    char buf[16];
    unsigned prio;
    mq_receive(mq, buf, sizeof buf, &prio);
    struct timespec abs = {1, 0};
    mq_timedreceive(mq, buf, sizeof buf, &prio, &abs);
    mq_timedsend(mq, "x", 1, 0, &abs);
    struct mq_attr got;
    mq_getattr(mq, &got);
    struct mq_attr set = {O_NONBLOCK, 0, 0, 0};
    mq_setattr(mq, &set, &got);
    mq_notify(mq, NULL);
    close(mq);
    mq_unlink("/jstrace-ipc");
    mq_unlink("/jstrace-ipc");
    return 0;
}
