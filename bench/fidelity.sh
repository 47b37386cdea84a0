#!/bin/bash
# How many of strace 6.1's lines jstrace prints identically, on programs nobody in this project wrote.
#   bench/fidelity.sh [-v] [-k DIR] [CASE...]   (default: every case; build first: mvn -B -q -DskipTests package)
#   -v: print the differing lines of every case; -k DIR: keep the traces (CASE.s1, CASE.js, CASE.s2) in DIR
# Cases: git (init, add, commit, log in a new repository), ps (in a new pid namespace, so that the process list
# is the same in every run), tar (create, then extract), python (a TCP and a UNIX socket round trip, server and
# forked client), gcc (compiling and linking a small file), sort, find, curl (against python3 -m http.server).
# Each case runs three times in a fresh copy of the same directory: strace -f, jstrace -f, strace -f again.
# Lines are compared after the golden tests' normalisation (GoldenDiff: addresses, pids, random bytes), plus
# what differs between any two runs of a program here: gcc's random temporary names and the TCP ports (each
# run has its own, so no run finds the last one's in TIME_WAIT). Both tracers start with every signal at its default
# action and without the shell's $_ (which names the tracer), so that the program gets the same either way: a
# background job of a shell has SIGINT and SIGQUIT ignored, and jstrace (a JVM) cannot hand on an ignored SIGQUIT. "strace/strace" is the share the second strace
# run has in common with the first: what is left below 100 % there is the program's own nondeterminism, and a
# line jstrace prints differently that also differs between the two strace runs is counted as such ("noise").
# Prints per case: identical share, share with the noise lines set aside, and (with -v, or when below 99.5 %
# after noise) every differing line: "- " strace's, "+ " jstrace's.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
verbose=0
keep=""
while [ $# -gt 0 ]; do
    case $1 in
    -v) verbose=1; shift ;;
    -k) keep=$(mkdir -p "$2" && cd "$2" && pwd) || exit 2; shift 2 ;;
    *) break ;;
    esac
done
cases=${*:-git ps tar python gcc sort find curl}
jstrace="$here/jstrace"
classes="$here/ptrace-examples/target/test-classes"
if [ ! -f "$classes/dev/ptrace/examples/jstrace/GoldenDiff.class" ]; then
    echo "fidelity.sh: build first (mvn -B -q -DskipTests package compiles the test classes it uses)" >&2
    exit 2
fi
tmp=$(mktemp -d /tmp/fidelity.XXXXXX)
server=""
trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; fi; rm -rf "$tmp"' EXIT
w="$tmp/w"
port=$((20000 + $$ % 20000))
n=0 # runs so far: each has its own ports

# A fresh working directory with the same contents and path for each run.
fresh() {
    rm -rf "$w" && mkdir -p "$w/src/a/b" "$w/src/c" "$w/home" && cd "$w" || exit 2
    for i in $(seq 1 12); do
        printf 'line %s of file %s\n' "$i" "$i" >"src/a/f$i.c"
        printf 'data %s\n' "$i" >"src/c/d$i.txt"
    done
    printf 'int main(void) { return 0; }\n' >src/a/b/main.c
    awk 'BEGIN { srand(7); for (i = 0; i < 2000; i++) printf "%08d word%d\n", int(rand() * 1e8), i % 97 }' >words
    touch -d '2024-01-02 03:04:05' $(find src) words
}

# The command of a case, run by the given tracer ($1) with output file $2; $3 is this run's first TCP port.
run_case() {
    local tracer=$1 out=$2 p=$3
    case $case in
    git)
        env -i PATH=/usr/bin:/bin HOME="$w/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=a GIT_AUTHOR_EMAIL=a@b \
            GIT_COMMITTER_NAME=a GIT_COMMITTER_EMAIL=a@b GIT_AUTHOR_DATE='2024-01-02T03:04:05Z' \
            GIT_COMMITTER_DATE='2024-01-02T03:04:05Z' \
            $tracer -f -o "$out" sh -c 'git -c init.defaultBranch=main init -q r && cd r && cp -rp ../src . &&
                git add src && git commit -q -m first && git log --stat' ;;
    ps)
        $tracer -f -o "$out" unshare --pid --fork --mount-proc ps -eo pid,ppid,comm ;;
    tar)
        $tracer -f -o "$out" sh -c 'tar -cf s.tar src && mkdir x && tar -xf s.tar -C x' ;;
    python)
        cat >"$w/rt.py" <<'EOF'
import os, socket, sys
port = int(sys.argv[1])
def serve(srv):
    c, _ = srv.accept()
    c.sendall(c.recv(100).upper())
    c.close()
def client(family, addr, local):
    s = socket.socket(family, socket.SOCK_STREAM)
    if local:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(local)
    s.connect(addr)
    s.sendall(b"ping")
    s.recv(100)
    s.close()
for family, addr, local in ((socket.AF_INET, ("127.0.0.1", port), ("127.0.0.1", port + 1)),
                            (socket.AF_UNIX, "rt.sock", None)):
    srv = socket.socket(family, socket.SOCK_STREAM)
    if family == socket.AF_INET:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(addr)
    srv.listen(1)
    pid = os.fork()
    if pid == 0:
        srv.close()
        client(family, addr, local)
        os._exit(0)
    serve(srv)
    srv.close()
    os.waitpid(pid, 0)
os.unlink("rt.sock")
EOF
        PYTHONHASHSEED=0 $tracer -f -o "$out" /usr/bin/python3 rt.py "$p" ;;
    gcc)
        printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >hello.c
        $tracer -f -o "$out" gcc -O2 -o hello hello.c ;;
    sort)
        $tracer -f -o "$out" sort -o sorted words ;;
    find)
        $tracer -f -o "$out" find src -name '*.c' -newer words -o -type f -print ;;
    curl)
        $tracer -f -o "$out" curl -s --local-port "$((p + 1))" -o got "http://127.0.0.1:$port/words" ;;
    esac
}

# Masks what differs between any two runs and is not a decoding matter: this run's ports, gcc's temp names.
normalise() { # file first-port
    sed -E -i -e "s/htons\\($2\\)/htons(PORT)/g; s/htons\\($(($2 + 1))\\)/htons(PORT1)/g" \
        -e "s/\"$2\"/\"PORT\"/g; s/\"$(($2 + 1))\"/\"PORT1\"/g" -e 's#/tmp/cc[A-Za-z0-9]{6}#/tmp/ccXXXXXX#g' "$1"
}

if [[ " $cases " == *" curl "* ]]; then # the server the curl case fetches from, not traced
    mkdir -p "$tmp/www" && (cd "$tmp/www" && fresh >/dev/null && cp "$w/words" "$tmp/www/")
    /usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/www" >/dev/null 2>&1 &
    server=$!
    for _ in $(seq 1 50); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && break
        sleep 0.1
    done
fi

printf '%-8s %8s %17s %15s %15s\n' case lines jstrace/strace "without noise" strace/strace
status=0
for case in $cases; do

    for run in s1 js s2; do
        fresh
        p=$((port + 2 + n * 2))
        tracer=strace
        [ $run = js ] && tracer=$jstrace
        run_case "env --default-signal -u _ $tracer" "$tmp/$case.$run" "$p" >/dev/null 2>&1
        normalise "$tmp/$case.$run" "$p"
        [ -n "$keep" ] && cp "$tmp/$case.$run" "$keep/"
        n=$((n + 1))
    done
    cd "$tmp" || exit 2
    java -cp "$classes" dev.ptrace.examples.jstrace.GoldenDiff "$tmp/$case.s1" "$tmp/$case.js" "$tmp/$case.s2" \
        >"$tmp/$case.diff"
    read -r lines share clean floor <"$tmp/$case.diff"
    printf '%-8s %8s %16s%% %14s%% %14s%%\n' "$case" "$lines" "$share" "$clean" "$floor"
    if [ $verbose = 1 ] || awk "BEGIN { exit !($clean < 99.5) }"; then
        tail -n +2 "$tmp/$case.diff" | sed 's/^/    /'
    fi
    awk "BEGIN { exit !($clean < 99.5) }" && status=1
done
exit $status
