#!/usr/bin/env python3
"""Where the scheduler puts a tracer and its tracees at each ptrace hand-off.

Record system-wide scheduler events while tracing, then run this on the text dump:
  perf record -e sched:sched_switch,sched:sched_waking,sched:sched_process_fork -a -o t.data -- TRACER CMD...
  perf script -i t.data > t.txt
  bench/sched-placement.py t.txt floor|strace|js
For every wake-up of the tracer by a tracee (its stop) and of a tracee by the tracer (its resume) it prints whether
the woken task then ran on the waker's CPU (same) or the other one (cross), whether that CPU was idle, and the
median latency from sched_waking to running. The tracer is the first thread of that name to fork (floor, strace,
or jstrace's ptrace-tracer-N thread); tracees are everything it forked, transitively.
"""
import collections
import re
import statistics
import sys

path, mode = sys.argv[1], sys.argv[2]
ev = re.compile(r'^\s*(.+?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(\w+):\s+(.*)$')
recs = []
tracer = None
children = collections.defaultdict(list)
for line in open(path):
    m = ev.match(line)
    if not m:
        continue
    comm, tid, cpu, t, name, rest = m.groups()
    tid, cpu, t = int(tid), int(cpu), float(t)
    recs.append((tid, cpu, t, name, rest))
    if name == 'sched_process_fork':
        children[tid].append(int(re.search(r'child_pid=(\d+)', rest).group(1)))
        if tracer is None and ((mode == 'floor' and comm == 'floor') or (mode == 'strace' and comm == 'strace')
                               or (mode == 'js' and comm.startswith('ptrace-tracer'))):
            tracer = tid
tracees = set()
todo = list(children[tracer])
while todo:
    p = todo.pop()
    tracees.add(p)
    todo.extend(children[p])
pending = {}
counts = collections.Counter()
latency = collections.defaultdict(list)
for tid, cpu, t, name, rest in recs:
    if name == 'sched_waking':
        wakee = int(re.search(r' pid=(\d+)', rest).group(1))
        if wakee == tracer and tid in tracees:
            pending[wakee] = ('tracee stops, tracer wakes', cpu, t)
        elif wakee in tracees and tid == tracer:
            pending[wakee] = ('tracer resumes tracee', cpu, t)
    elif name == 'sched_switch':
        m = re.search(r'prev_pid=(\d+) .*next_pid=(\d+)', rest)
        prev, nxt = int(m.group(1)), int(m.group(2))
        if nxt in pending:
            kind, waker_cpu, woken_at = pending.pop(nxt)
            where = 'same' if waker_cpu == cpu else 'cross'
            counts[(kind, where, 'from idle' if prev == 0 else 'from a task')] += 1
            latency[(kind, where)].append((t - woken_at) * 1e6)
print(mode, 'tracer', tracer, 'tracees', len(tracees))
for k in sorted(counts):
    print('  ', k, counts[k])
for k in sorted(latency):
    print('   waking -> running', k, 'median %.1f us' % statistics.median(latency[k]))
