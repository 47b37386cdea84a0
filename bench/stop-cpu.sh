#!/bin/sh
# Tracer CPU per syscall stop, jstrace on the FFM backend against jstrace on JNA, same JDK, same run. jstrace traces
# a loop of N getppid calls (bench/getppid_loop.c) with tracer and tracee pinned to one CPU (taskset -c 0), so no
# cross-CPU wake-up blurs the figure. CPU is user + system time of jstrace and the loop together (GNU time), minus
# that of tracing /bin/true (the start-up), over the 2N stops; the loop's own work is the same for both. RUNS runs of
# each, alternating, median reported.
#   JAVA=/usr/lib/jvm/<jdk 22+>/bin/java bench/stop-cpu.sh [N] [RUNS]    (defaults 100000 and 5)
# Both jars must be built by that JDK (JAVA_HOME=... mvn -B -q -DskipTests package): jstrace.jar (JNA) and
# jstrace-ffm.jar (FFM). They run with the launcher's JVM options, without its start-up caches.
set -e
n=${1:-100000}
runs=${2:-5}
java=${JAVA:?set JAVA to the java of a JDK 22 or later}
here=$(cd "$(dirname "$0")/.." && pwd)
target="$here/ptrace-examples/target"
for jar in jstrace.jar jstrace-ffm.jar; do
    if [ ! -f "$target/$jar" ]; then
        echo "stop-cpu.sh: $target/$jar not found; build with JAVA_HOME of a JDK 22+: mvn -B -q -DskipTests package" >&2
        exit 1
    fi
done
if [ ! -x /usr/bin/time ] || ! command -v taskset >/dev/null 2>&1 || ! command -v cc >/dev/null 2>&1; then
    echo "stop-cpu.sh: needs GNU time (/usr/bin/time), taskset and cc" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/getppid_loop" "$here/bench/getppid_loop.c"
vm="-XX:+UseG1GC -Xms8m -Xmx48m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData"
vm="$vm --enable-native-access=ALL-UNNAMED"

cpu() { # jar program... : user + system seconds of one pinned trace
    jar=$1
    shift
    /usr/bin/time -o "$tmp/cpu" -f '%U %S' taskset -c 0 "$java" $vm -jar "$target/$jar" -o /dev/null "$@" \
        >/dev/null 2>&1 </dev/null
    awk '{ print $1 + $2 }' "$tmp/cpu"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for jar in jstrace.jar jstrace-ffm.jar; do # warm-up: page cache, JIT-free parts of the start
    cpu "$jar" /bin/true >/dev/null
done
i=0
while [ $i -lt "$runs" ]; do
    for jar in jstrace.jar jstrace-ffm.jar; do
        cpu "$jar" /bin/true >>"$tmp/$jar.true"
        cpu "$jar" "$tmp/getppid_loop" "$n" >>"$tmp/$jar.loop"
    done
    i=$((i + 1))
done
for jar in jstrace.jar jstrace-ffm.jar; do
    t=$(median <"$tmp/$jar.true")
    l=$(median <"$tmp/$jar.loop")
    backend=jna
    [ "$jar" = jstrace-ffm.jar ] && backend=ffm
    awk -v b="$backend" -v t="$t" -v l="$l" -v n="$n" 'BEGIN {
        printf "%s: %d getppid, CPU %.3f s, start-up %.3f s, per stop %.2f us\n", b, n, l, t, (l - t) / (2 * n) * 1e6 }'
done
