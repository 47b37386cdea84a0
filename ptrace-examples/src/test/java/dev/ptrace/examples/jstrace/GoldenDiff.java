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
                        .replaceAll("si_utime=\\d+, si_stime=\\d+", "si_utime=N, si_stime=N")
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
    private static final String RETURNS_PID = "clone|clone3|fork|vfork|wait4|waitid|getpgrp|getpgid|getsid|setsid";
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

    /** Compares by longest common subsequence of exact lines. */
    static Result compare(List<Line> a, List<Line> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> differing = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                differing.add("- " + a.get(i).text());
                i++;
            } else {
                differing.add("+ " + b.get(j).text());
                j++;
            }
        }
        for (; i < a.size(); i++) {
            differing.add("- " + a.get(i).text());
        }
        for (; j < b.size(); j++) {
            differing.add("+ " + b.get(j).text());
        }
        return new Result(a, b, lcs[0][0], differing);
    }
}
