#!/bin/sh
# The cost of -k: wall time and peak RSS of `ls -l DIR` traced by strace and by jstrace, with and without -k, in
# one run, each tracer alternating with the other, median of N runs. Build jstrace first (see README); needs GNU
# time (apt-get install time).
#   bench/stack-traces.sh [RUNS] [DIR]      (defaults: 5 runs of ls -l /usr/bin)
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
target=${2:-/usr/bin}
if [ ! -x /usr/bin/time ]; then
    echo "stack-traces.sh: /usr/bin/time not found; install GNU time (apt-get install time)" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/jstrace" -o /dev/null /bin/true >/dev/null 2>&1 || true # the first run after a build writes the CDS archive

# one measurement: "seconds kB" of a tracer running ls with its trace thrown away
measure() {
    /usr/bin/time -o "$tmp/t" -f '%e %M' "$@" -o /dev/null ls -l "$target" >/dev/null 2>&1 </dev/null || true
    tail -n 1 "$tmp/t"
}

for name in strace strace-k jstrace jstrace-k; do : >"$tmp/$name"; done
i=0
while [ "$i" -lt "$runs" ]; do
    measure strace >>"$tmp/strace"
    measure strace -k >>"$tmp/strace-k"
    measure "$here/jstrace" >>"$tmp/jstrace"
    measure "$here/jstrace" -k >>"$tmp/jstrace-k"
    i=$((i + 1))
done
frames=$(strace -k -o "$tmp/frames" ls -l "$target" >/dev/null 2>&1; grep -c '^ > ' "$tmp/frames" || true)
lines=$(grep -vc '^ > ' "$tmp/frames" || true)
echo "ls -l $target: $lines trace lines, $frames frame lines with -k; median of $runs runs"
printf '%-10s %10s %10s\n' tracer 'wall (s)' 'RSS (MB)'
for name in strace strace-k jstrace jstrace-k; do
    sort -n "$tmp/$name" | awk -v n="$name" '{ t[NR] = $1; m[NR] = $2 }
        END { i = int((NR + 1) / 2); printf "%-10s %10.2f %10.1f\n", n, t[i], m[i] / 1024 }'
done
