package dev.ptrace.examples.jstrace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises two strace-format outputs so that they can be compared line by line: joins {@code <unfinished ...>}
 * with its {@code <... resumed>} line, groups lines per process (interleaving differs between runs), names pids
 * by order of appearance, and masks addresses, random bytes and column padding.
 */
final class GoldenDiff {
    private static final Pattern PID_LINE = Pattern.compile("^(\\d+) +(.*)$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\S+) resumed>(.*)$");
    private static final Pattern RESULT = Pattern.compile("^(\\w+)\\(.*\\) += (-?\\w+|\\?)");

    /** One normalised line: its process label and text. */
    record Line(String text) {
        /** {@code name = result}: what every line must agree on. */
        String key() {
            Matcher m = RESULT.matcher(text.substring(text.indexOf(' ') + 1));
            return m.find() ? m.group(1) + " = " + m.group(2) : text;
        }
    }

    /** The comparison of two outputs. */
    record Result(List<Line> strace, List<Line> jstrace, int exact, List<String> differing) {
        double share() {
            return strace.isEmpty() ? 1.0 : (double) exact / strace.size();
        }
    }

    private GoldenDiff() {
    }

    static List<Line> load(Path file, int tracerPid) throws IOException {
        Map<String, List<String>> streams = new LinkedHashMap<>();
        Map<String, String> held = new HashMap<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            Matcher m = PID_LINE.matcher(raw);
            String pid = m.matches() ? m.group(1) : "0";
            String rest = m.matches() ? m.group(2) : raw;
            streams.computeIfAbsent(pid, k -> new ArrayList<>());
            if (rest.endsWith(" <unfinished ...>")) {
                held.put(pid, rest.substring(0, rest.length() - " <unfinished ...>".length()));
                continue;
            }
            Matcher r = RESUMED.matcher(rest);
            if (r.matches() && held.containsKey(pid)) {
                rest = held.remove(pid) + r.group(2);
            }
            streams.get(pid).add(rest);
        }
        held.forEach((pid, h) -> streams.get(pid).add(h + " <unfinished ...>"));
        Map<String, String> names = new HashMap<>();
        int i = 0;
        for (String pid : streams.keySet()) {
            names.put(pid, "P" + i++);
        }
        List<Line> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : streams.entrySet()) {
            for (String l : e.getValue()) {
                l = l.replaceAll("\\) +=", ") =")
                        .replaceAll("0x[0-9a-f]{5,}", "0xADDR")
                        .replaceAll("\\\\x[0-9a-f]{2}", "\\\\xHH")
                        .replaceAll("si_utime=\\d+( /\\* [0-9.]+ s \\*/)?, si_stime=\\d+( /\\* [0-9.]+ s \\*/)?",
                                "si_utime=N, si_stime=N")
                        .replaceAll("tv_nsec=\\d{4,}", "tv_nsec=N")
                        .replaceAll("^(set_tid_address\\(0xADDR\\)|getpid\\(\\)|gettid\\(\\)) = \\d+", "$1 = PID")
                        .replaceAll("^getppid\\(\\) = \\d+", "getppid() = TRACER");
                for (Map.Entry<String, String> n : names.entrySet()) {
                    if (!n.getKey().equals("0")) {
                        l = renamePid(l, n.getKey(), n.getValue());
                    }
                }
                out.add(new Line(names.get(e.getKey()) + " " + l));
            }
        }
        return out;
    }

    /** Syscalls whose result is a process (or group) id. */
    private static final String RETURNS_PID = "clone|clone3|fork|vfork|wait4|waitid|getpgrp|getpgid|getsid|setsid"
            + "|rt_sigreturn";
    /** Syscalls whose first argument is a process id. */
    private static final String FIRST_ARG_PID = "kill|tkill|tgkill|wait4|getpgid|setpgid|getsid|pidfd_open"
            + "|prlimit64|sched_\\w+|rt_sigqueueinfo|rt_tgsigqueueinfo|process_vm_readv|process_vm_writev|kcmp"
            + "|get_robust_list|migrate_pages|move_pages";
    /** Syscalls whose second argument is a process (thread) id. */
    private static final String SECOND_ARG_PID = "tgkill|rt_tgsigqueueinfo|waitid|ptrace|kcmp|setpgid";

    /**
     * Names a pid where a line can hold one: a pid-valued result, a pid argument, {@code si_pid=}, {@code pid=},
     * {@code parent_tid=[N]}, {@code in pid N}, {@code <pid changed to N ...>}, {@code /proc/N/}. Pids are reused
     * (pid_max is 32768 here), so a small one can equal a size or a count in the same trace: a blind replacement of
     * every such number renamed {@code pread64(3, ..., 784, 64) = 784} in one run and not in the other.
     */
    static String renamePid(String line, String pid, String name) {
        String p = "(?<![0-9])" + pid + "\\b";
        return line.replaceAll("(si_pid=|\\bpid=|_tid=\\[|in pid |pid changed to |/proc/)" + p, "$1" + name)
                .replaceAll("(\\b(?:" + RETURNS_PID + ")\\(.*\\) = )" + p, "$1" + name)
                .replaceAll("(\\b(?:" + FIRST_ARG_PID + ")\\(-?)" + p, "$1" + name)
                .replaceAll("(\\b(?:" + SECOND_ARG_PID + ")\\([^,]*, )" + p, "$1" + name);
    }

    /**
     * Compares by longest common subsequence of exact lines, found as Myers' shortest edit script: time and
     * memory grow with the number of differing lines, not with the product of the lengths, so that the long traces
     * of {@code bench/fidelity.sh} (tens of thousands of lines) compare as quickly as the tests' short ones.
     */
    static Result compare(List<Line> a, List<Line> b) {
        int n = a.size();
        int m = b.size();
        int offset = n + m + 1;
        int[] v = new int[2 * offset + 1];
        List<int[]> trace = new ArrayList<>();
        int d = 0;
        search:
        for (; d <= n + m; d++) {
            trace.add(java.util.Arrays.copyOfRange(v, offset - d - 1, offset + d + 2));
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1]
                        : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    break search;
                }
            }
        }
        List<String> differing = new ArrayList<>();
        int x = n;
        int y = m;
        for (int e = d; e > 0; e--) {
            int[] prev = trace.get(e); // V before step e, indexed from k = -e - 1
            int k = x - y;
            boolean down = k == -e || (k != e && prev[k - 1 + e + 1] < prev[k + 1 + e + 1]);
            int pk = down ? k + 1 : k - 1;
            int px = prev[pk + e + 1];
            int py = px - pk;
            while (x > (down ? px : px + 1) && y > (down ? py + 1 : py)) {
                x--;
                y--;
            }
            differing.add(down ? "+ " + b.get(py).text() : "- " + a.get(px).text());
            x = px;
            y = py;
        }
        java.util.Collections.reverse(differing);
        return new Result(a, b, (n + m - d) / 2, differing);
    }

    /**
     * {@code GoldenDiff STRACE_OUT JSTRACE_OUT STRACE_AGAIN_OUT}, for {@code bench/fidelity.sh}: one line with the
     * number of strace's lines, the share jstrace printed identically, that share counting as identical the lines
     * that also differ between the two strace runs (the program's own nondeterminism), and the share the two strace
     * runs have in common; then every line that differs ({@code -} strace only, {@code +} jstrace only), marked
     * {@code (noise)} where the second strace run differs from the first there too.
     */
    public static void main(String[] args) throws IOException {
        List<Line> first = load(Path.of(args[0]), 0);
        Result r = compare(first, load(Path.of(args[1]), 0));
        Result floor = compare(first, load(Path.of(args[2]), 0));
        java.util.Set<String> noisy = new java.util.HashSet<>();
        floor.differing().stream().filter(l -> l.startsWith("- ")).forEach(noisy::add);
        long noise = r.differing().stream().filter(noisy::contains).count();
        int total = first.size();
        System.out.printf(java.util.Locale.ROOT, "%d %.2f %.2f %.2f%n", total, 100 * r.share(),
                total == 0 ? 100.0 : 100.0 * (r.exact() + noise) / total, 100 * floor.share());
        r.differing().forEach(l -> System.out.println(noisy.contains(l) ? l + "   (noise)" : l));
    }
}
