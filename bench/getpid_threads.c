/*
 * 64 threads, each calling getpid 10 000 times: many traced syscalls spread over many tracees, for bench/rss.sh.
 *   cc -O2 -pthread -o getpid_threads getpid_threads.c && ./getpid_threads
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 64
#define CALLS 10000

static void *run(void *arg) {
    for (int i = 0; i < CALLS; i++) {
        syscall(SYS_getpid);
    }
    return arg;
}

int main(void) {
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) {
        if (pthread_create(&threads[i], NULL, run, NULL) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
    }
    return 0;
}
