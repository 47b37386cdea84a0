#!/bin/sh
# Peak memory (max RSS, as /usr/bin/time -f %M reports it) of strace and jstrace on the same workloads, side by side,
# with jstrace's goal for each. Build jstrace first (see README); needs cc and GNU time (apt-get install time).
#   bench/rss.sh
# Workloads:
#   true      /bin/true
#   threads   -f, 64 threads each calling getpid 10 000 times (bench/getpid_threads.c, built with cc)
#   forks     -f, sh running /bin/true 2000 times
#   argv      /bin/true with 100 000 arguments (1 .. 100000)
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x /usr/bin/time ]; then
    echo "rss.sh: /usr/bin/time not found; install GNU time (apt-get install time)" >&2
    exit 1
fi
if ! command -v cc >/dev/null 2>&1; then
    echo "rss.sh: cc not found; it builds bench/getpid_threads.c" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -pthread -o "$tmp/getpid_threads" "$here/bench/getpid_threads.c"


# max RSS in kB of a tracer (strace or jstrace) running the rest of the line with its trace thrown away
rss() {
    tracer=$1
    shift
    /usr/bin/time -o "$tmp/rss" -f %M "$tracer" -o /dev/null "$@" >/dev/null 2>&1 </dev/null || true
    cat "$tmp/rss"
}

"$here/jstrace" -o /dev/null /bin/true >/dev/null 2>&1 || true # the first run after a build writes the CDS archive
printf '%-10s %12s %12s %10s\n' workload 'strace (MB)' 'jstrace (MB)' 'goal (MB)'
row() { # name goal tracer-arguments...
    name=$1
    goal=$2
    shift 2
    s=$(rss strace "$@")
    j=$(rss "$here/jstrace" "$@")
    awk -v n="$name" -v s="$s" -v j="$j" -v g="$goal" \
        'BEGIN { printf "%-10s %12.1f %12.1f %10s\n", n, s / 1000, j / 1000, g }'
}
row true '<= 48' /bin/true
row threads '<= 64' -f "$tmp/getpid_threads"
row forks '<= 64' -f sh -c 'i=0; while [ $i -lt 2000 ]; do /bin/true; i=$((i+1)); done'
# shellcheck disable=SC2046 # one argument per number, on purpose
row argv '-' /bin/true $(seq 100000)
