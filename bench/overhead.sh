#!/bin/sh
# Tracing overhead of strace and jstrace on the same workloads, in one run, with the ratios.
#   bench/overhead.sh [COUNT]          (default 100000; build jstrace first: see README)
#   bench/overhead.sh --pinned [COUNT] tracer and tracees on CPU 0 (taskset -c 0), strace the same way: what a
#                                      container limited to one CPU sees; no spare CPU to poll on
#   bench/overhead.sh --busy [COUNT]   unpinned, every CPU but CPU 0 kept busy by a spinning shell meanwhile
# The --pinned and --busy modes run three loops (getppid: bench/getppid_loop.c, COUNT calls; read: the openloop
# below; fork: the forkloop below) under strace -f and jstrace -f, and print per loop the overhead per syscall of
# each, their ratio, and the CPU time per ptrace stop of strace and of jstrace's tracer thread (from /proc/PID/task/TID/stat,
# sampled while it runs; two stops per syscall).
# Workloads:
#   syscalls  dd if=/dev/zero of=/dev/null bs=1 count=COUNT   (2 syscalls per byte: read, write)
#   openloop  sh reading /etc/hostname COUNT/10 times          (openat, read, close ... per iteration)
#   forkloop  sh running /bin/true COUNT/100 times             (fork, execve, ld.so ... per iteration)
# Tracers: strace -f and jstrace -f tracing everything; both with -e trace=openat; strace --seccomp-bpf
# -e trace=openat (jstrace uses its seccomp filter by default there); and, as the physical floor, a C tracer
# that only stops at each syscall and asks PTRACE_GET_SYSCALL_INFO (bench/floor.c, built with cc if present).
set -e
mode=""
case "${1:-}" in
    --pinned|--busy) mode=$1; shift ;;
esac
count=${1:-100000}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jstrace="$here/jstrace"
floor=""
if command -v cc >/dev/null 2>&1 && cc -O2 -o "$tmp/floor" "$here/bench/floor.c" 2>/dev/null; then
    floor="$tmp/floor"
fi

now() { date +%s.%N; }
# seconds a command takes, its output discarded
timeit() { s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now); echo "$e - $s" | bc -l; }

syscalls_workload="dd if=/dev/zero of=/dev/null bs=1 count=$count"
loops=$((count / 10))
openloop_workload="sh -c 'i=0; while [ \$i -lt $loops ]; do read l </etc/hostname; i=\$((i+1)); done'"
forks=$((count / 100))
forkloop_workload="sh -c 'i=0; while [ \$i -lt $forks ]; do /bin/true; i=\$((i+1)); done'"

if [ -n "$mode" ]; then
    . "$here/bench/overhead-loops.sh"
    exit 0
fi

# start-up cost of each tracer on /bin/true, subtracted from the per-syscall figures
st0=$(timeit strace -f -o /dev/null /bin/true)
js0=$(timeit "$jstrace" -f -o /dev/null /bin/true)
printf 'start-up (/bin/true): strace %.3f s, jstrace %.3f s\n\n' "$st0" "$js0"

run() { # name workload
    name=$1; work=$2
    n=$(strace -f -c -o "$tmp/count" sh -c "$work" >/dev/null 2>&1; awk '/^100.00/ {print $4}' "$tmp/count")
    base=$(timeit sh -c "$work")
    st=$(timeit strace -f -o /dev/null sh -c "$work")
    js=$(timeit "$jstrace" -f -o /dev/null sh -c "$work")
    sto=$(timeit strace -f -e trace=openat -o /dev/null sh -c "$work")
    jso=$(timeit "$jstrace" -f -e trace=openat -o /dev/null sh -c "$work")
    stb=$(timeit strace -f --seccomp-bpf -e trace=openat -o /dev/null sh -c "$work")
    fl=0
    if [ -n "$floor" ]; then # the faster of blocking and polling waits
        fl=$(timeit "$floor" sh -c "$work")
        flp=$(timeit env FLOOR_POLL_US=50 "$floor" sh -c "$work")
        fl=$(echo "if ($flp < $fl) $flp else $fl" | bc -l)
    fi
    awk -v name="$name" -v n="$n" -v b="$base" -v st="$st" -v js="$js" -v sto="$sto" -v jso="$jso" \
        -v stb="$stb" -v fl="$fl" -v st0="$st0" -v js0="$js0" 'BEGIN {
      printf "%s: %d syscalls, untraced %.3f s\n", name, n, b
      ost = (st - st0 - b) / n * 1e6; ojs = (js - js0 - b) / n * 1e6
      printf "  all syscalls        strace %7.3f s  jstrace %7.3f s   overhead/syscall %6.2f vs %6.2f us   ratio %.2f (wall time %.2f)\n", st, js, ost, ojs, ojs / ost, js / st
      if (fl > 0) { ofl = (fl - b) / n * 1e6; printf "  floor (C tracer)    %7.3f s   overhead/syscall %6.2f us   jstrace/floor %.2f\n", fl, ofl, ojs / ofl }
      printf "  -e trace=openat     strace %7.3f s  jstrace %7.3f s   jstrace is %.1fx faster (wall time, its start-up included)\n", sto, jso, sto / jso
      printf "  strace --seccomp-bpf -e trace=openat %7.3f s         ratio jstrace/strace-bpf %.2f (wall time)\n", stb, jso / stb
    }'
}

run syscalls "$syscalls_workload"
run openloop "$openloop_workload"
run forkloop "$forkloop_workload"
