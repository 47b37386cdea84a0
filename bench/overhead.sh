#!/bin/sh
# Per-syscall tracing overhead of strace and jstrace on one syscall-heavy workload, in one run.
#   bench/overhead.sh [COUNT]     (default 200000; build jstrace first, see README)
# dd with bs=1 makes two syscalls (read + write) per byte.
set -e
count=${1:-200000}
here=$(cd "$(dirname "$0")/.." && pwd)
work="dd if=/dev/zero of=/dev/null bs=1 count=$count"
syscalls=$((count * 2))

now() { date +%s.%N; }
timeit() { s=$(now); "$@" >/dev/null 2>&1; e=$(now); echo "$e - $s" | bc -l; }

base=$(timeit $work)
st=$(timeit strace -f -o /dev/null $work)
js=$(timeit "$here/jstrace" -f -o /dev/null $work)
# jstrace's JVM start-up, measured on /bin/true, is not per-syscall cost
js0=$(timeit "$here/jstrace" -f -o /dev/null /bin/true)
st0=$(timeit strace -f -o /dev/null /bin/true)

awk -v n=$syscalls -v b=$base -v s=$st -v j=$js -v j0=$js0 -v s0=$st0 'BEGIN {
  so = (s - s0 - b) / n * 1e6; jo = (j - j0 - b) / n * 1e6;
  printf "workload: %d syscalls (dd bs=1)\n", n;
  printf "untraced        %8.3f s\n", b;
  printf "strace -f       %8.3f s   overhead %6.2f us/syscall\n", s, so;
  printf "jstrace -f      %8.3f s   overhead %6.2f us/syscall (start-up %.2f s excluded)\n", j, jo, j0;
  printf "ratio jstrace/strace: %.2f\n", jo / so;
}'
