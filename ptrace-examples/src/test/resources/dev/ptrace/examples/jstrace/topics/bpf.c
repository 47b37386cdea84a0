/* bpf(2): an array map created, updated, looked up, walked, deleted from and described; a socket filter
   program loaded and described; a query, an attach and a detach that fail; a BTF load and a link create with
   bad input; a map created with a short attr and with none; an info length the kernel lowers; attrs shorter
   than their commands' fields; an unknown command. */
#define _GNU_SOURCE
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
static long sys_bpf(int cmd, union bpf_attr *a, unsigned size) {
    return syscall(SYS_bpf, cmd, a, size);
}
int main(void) {
    union bpf_attr a;
    memset(&a, 0, sizeof a);
    a.map_type = BPF_MAP_TYPE_ARRAY;
    a.key_size = 4;
    a.value_size = 8;
    a.max_entries = 4;
    a.map_flags = BPF_F_RDONLY_PROG;
    strcpy(a.map_name, "jstrace_map");
    int map = (int) sys_bpf(BPF_MAP_CREATE, &a, sizeof a);
    unsigned key = 1, next = 0;
    unsigned long long value = 42;
    memset(&a, 0, sizeof a);
    a.map_fd = map;
    a.key = (unsigned long) &key;
    a.value = (unsigned long) &value;
    a.flags = BPF_ANY;
    sys_bpf(BPF_MAP_UPDATE_ELEM, &a, sizeof a);
    sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof a);
    a.next_key = (unsigned long) &next;
    sys_bpf(BPF_MAP_GET_NEXT_KEY, &a, sizeof a);
    sys_bpf(BPF_MAP_DELETE_ELEM, &a, sizeof a);
    struct bpf_map_info info;
    memset(&info, 0, sizeof info);
    memset(&a, 0, sizeof a);
    a.info.bpf_fd = map;
    a.info.info_len = sizeof info;
    a.info.info = (unsigned long) &info;
    sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof a);
    struct bpf_insn insns[2];
    memset(insns, 0, sizeof insns);
    insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
    insns[1].code = BPF_JMP | BPF_EXIT;
    char log[256];
    memset(log, 0, sizeof log);
    memset(&a, 0, sizeof a);
    a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
    a.insn_cnt = 2;
    a.insns = (unsigned long) insns;
    a.license = (unsigned long) "GPL";
    a.log_level = 1;
    a.log_size = sizeof log;
    a.log_buf = (unsigned long) log;
    strcpy(a.prog_name, "jstrace_prog");
    int prog = (int) sys_bpf(BPF_PROG_LOAD, &a, sizeof a);
    struct bpf_prog_info pinfo;
    memset(&pinfo, 0, sizeof pinfo);
    memset(&a, 0, sizeof a);
    a.info.bpf_fd = prog;
    a.info.info_len = sizeof pinfo;
    a.info.info = (unsigned long) &pinfo;
    sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof a);
    unsigned ids[4];
    memset(&a, 0, sizeof a);
    a.query.target_fd = 0;
    a.query.attach_type = BPF_CGROUP_INET_INGRESS;
    a.query.prog_ids = (unsigned long) ids;
    a.query.prog_cnt = 4;
    sys_bpf(BPF_PROG_QUERY, &a, sizeof a);
    memset(&a, 0, sizeof a);
    a.target_fd = 0;
    a.attach_bpf_fd = prog;
    a.attach_type = BPF_CGROUP_INET_EGRESS;
    a.attach_flags = BPF_F_ALLOW_MULTI;
    sys_bpf(BPF_PROG_ATTACH, &a, sizeof a);
    sys_bpf(BPF_PROG_DETACH, &a, sizeof a);
    char btf[32];
    memset(btf, 0, sizeof btf);
    memset(&a, 0, sizeof a);
    a.btf = (unsigned long) btf;
    a.btf_size = sizeof btf;
    a.btf_log_buf = (unsigned long) log;
    a.btf_log_size = sizeof log;
    a.btf_log_level = 1;
    sys_bpf(BPF_BTF_LOAD, &a, sizeof a);
    memset(&a, 0, sizeof a);
    a.link_create.prog_fd = prog;
    a.link_create.target_fd = 0;
    a.link_create.attach_type = BPF_CGROUP_INET_INGRESS;
    sys_bpf(BPF_LINK_CREATE, &a, sizeof a);
    memset(&a, 0, sizeof a);
    a.map_type = BPF_MAP_TYPE_HASH;
    a.key_size = 4;
    a.value_size = 4;
    a.max_entries = 1;
    sys_bpf(BPF_MAP_CREATE, &a, 20);
    sys_bpf(BPF_MAP_CREATE, NULL, sizeof a);
    char big[512];
    memset(big, 0, sizeof big);
    memset(&a, 0, sizeof a);
    a.info.bpf_fd = map;
    a.info.info_len = sizeof big;
    a.info.info = (unsigned long) big;
    sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof a);
    sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, 8);
    memset(&a, 0, sizeof a);
    sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, 4);
    sys_bpf(BPF_PROG_LOAD, &a, 36);
    sys_bpf(BPF_PROG_ATTACH, &a, 13);
    sys_bpf(999, &a, sizeof a);
    return 0;
}
