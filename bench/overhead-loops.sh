# The --pinned and --busy modes of bench/overhead.sh (sourced by it: $mode, $count, $here, $tmp, $jstrace, now and
# timeit are set there).
cc -O2 -o "$tmp/getppid_loop" "$here/bench/getppid_loop.c"
pin=""
spinners=""
if [ "$mode" = --pinned ]; then
    pin="taskset -c 0"
    echo "pinned: tracer and tracees on CPU 0"
else
    cpus=$(nproc)
    c=1
    while [ "$c" -lt "$cpus" ]; do
        taskset -c "$c" sh -c 'while :; do :; done' &
        spinners="$spinners $!"
        c=$((c + 1))
    done
    trap 'kill $spinners 2>/dev/null; rm -rf "$tmp"' EXIT
    echo "busy: CPUs 1..$((cpus - 1)) kept busy, tracers unpinned"
fi

# CPU seconds (utime + stime) of the tracing thread, sampled every 20 ms while the tracer runs the command: jstrace's
# tracer thread (ptrace-tracer-N), or strace itself
tracer_cpu() { # jstrace|strace command...
    tracer=$1
    shift
    if [ "$tracer" = strace ]; then
        $pin strace -f -o /dev/null "$@" >/dev/null 2>&1 &
    else
        $pin "$jstrace" -f -o /dev/null "$@" >/dev/null 2>&1 &
    fi
    tpid=$!
    ticks=0
    while kill -0 "$tpid" 2>/dev/null; do
        for comm in /proc/"$tpid"/task/*/comm; do
            read -r name <"$comm" 2>/dev/null || continue
            case "$name" in
                ptrace-tracer-*|strace)
                    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "${comm%/comm}/stat" 2>/dev/null) || t=""
                    [ -n "$t" ] && ticks=$t ;;
            esac
        done
        sleep 0.02
    done
    wait "$tpid" || true
    echo "$ticks / $(getconf CLK_TCK)" | bc -l
}

$pin "$jstrace" -o /dev/null /bin/true >/dev/null 2>&1 || true # a first run may build its class-data archive
st0=$(timeit $pin strace -f -o /dev/null /bin/true)
js0=$(timeit $pin "$jstrace" -f -o /dev/null /bin/true)
printf 'start-up (/bin/true): strace %.3f s, jstrace %.3f s\n' "$st0" "$js0"

loop() { # name command...
    name=$1
    shift
    n=$(strace -f -c -o "$tmp/count" "$@" >/dev/null 2>&1; awk '/^100.00/ {print $4}' "$tmp/count")
    base=$(timeit $pin "$@")
    st=$(timeit $pin strace -f -o /dev/null "$@")
    js=$(timeit $pin "$jstrace" -f -o /dev/null "$@")
    cpu=$(tracer_cpu jstrace "$@")
    scpu=$(tracer_cpu strace "$@")
    awk -v name="$name" -v n="$n" -v b="$base" -v st="$st" -v js="$js" -v st0="$st0" -v js0="$js0" -v cpu="$cpu" \
        -v scpu="$scpu" \
        'BEGIN {
      ost = (st - st0 - b) / n * 1e6; ojs = (js - js0 - b) / n * 1e6
      printf "%-8s %7d syscalls  untraced %6.3f s  strace %6.3f s  jstrace %6.3f s  overhead/syscall %6.2f vs %6.2f us  ratio %.2f  CPU/stop strace %5.2f vs %5.2f us\n", name, n, b, st, js, ost, ojs, ojs / ost, scpu / (2 * n) * 1e6, cpu / (2 * n) * 1e6
    }'
}

loop getppid "$tmp/getppid_loop" "$count"
loops=$((count / 10))
loop read sh -c "i=0; while [ \$i -lt $loops ]; do read l </etc/hostname; i=\$((i+1)); done"
forks=$((count / 100))
loop fork sh -c "i=0; while [ \$i -lt $forks ]; do /bin/true; i=\$((i+1)); done"
