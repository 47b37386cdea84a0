/* perf_event_open(2): a software task clock counter for this process on any CPU, opened and closed; a hardware
   event with a sample period and flags; a cache event with a frequency, a tracepoint; a bad type, a NULL
   attribute and an unknown flag. */
#define _GNU_SOURCE
#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_SOFTWARE;
    a.size = sizeof a;
    a.config = PERF_COUNT_SW_TASK_CLOCK;
    a.disabled = 1;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_ID;
    int fd = (int) syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd >= 0) {
        close(fd); /* a read would print the event's id, which changes from run to run */
    }
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_HARDWARE;
    a.size = PERF_ATTR_SIZE_VER5;
    a.config = PERF_COUNT_HW_INSTRUCTIONS;
    a.sample_period = 100000;
    a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
    a.inherit = 1;
    a.freq = 0;
    a.wakeup_events = 1;
    syscall(SYS_perf_event_open, &a, 0, 0, -1, PERF_FLAG_FD_NO_GROUP | PERF_FLAG_FD_CLOEXEC);
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_HW_CACHE;
    a.size = sizeof a;
    a.config = PERF_COUNT_HW_CACHE_LL | PERF_COUNT_HW_CACHE_OP_PREFETCH << 8 | PERF_COUNT_HW_CACHE_RESULT_MISS << 16;
    a.freq = 1;
    a.sample_freq = 1000;
    a.precise_ip = 3;
    syscall(SYS_perf_event_open, &a, -1, 0, -1, 0);
    a.type = PERF_TYPE_TRACEPOINT;
    a.config = 12345;
    syscall(SYS_perf_event_open, &a, -1, 0, -1, PERF_FLAG_FD_OUTPUT);
    memset(&a, 0, sizeof a);
    a.type = 77;
    a.size = sizeof a;
    syscall(SYS_perf_event_open, &a, -1, 1, -1, 0);
    syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
    syscall(SYS_perf_event_open, &a, 0, -1, -1, 0x100);
    return 0;
}
