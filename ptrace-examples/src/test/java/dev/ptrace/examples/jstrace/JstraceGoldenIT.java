package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real programs under the installed strace and under jstrace with the same options and compares every whole
 * line after {@link GoldenDiff}'s normalisation (pids, addresses, timings) and {@link #deterministic}'s: every
 * line must be the same, arguments included.
 *
 * <p>What differs between any two runs, whoever traces them, and is masked by {@link #deterministic}:
 * <ul>
 *   <li>the free blocks and inodes that {@code statfs} reports: the disk is in use meanwhile;</li>
 *   <li>the {@code epoll_event} data python stores, a pointer (ASLR) with the fd in its low half;</li>
 *   <li>with {@code -f}, which of two concurrent children prints first, which GoldenDiff's process names follow:
 *       here processes are named again in the order their names first appear in the grouped lines, that is the
 *       order of the parent's own clone calls;</li>
 *   <li>which of two exited children {@code wait4} reaps first: the pid it returns, the {@code si_pid} of the
 *       SIGCHLD are masked, and so is every {@code rt_sigreturn} result: the interrupted call's register, restored,
 *       which depends on when the signal came (0 from a wait that found nothing yet, or a pid);</li>
 *   <li>where two children run at once ({@link #CONCURRENT_CHILDREN}): whether their exits coalesce into one
 *       SIGCHLD, and whether it comes before the parent's next {@code wait4} or while it waits. For those runs
 *       only, each {@code --- SIGCHLD} line of an exited child and the {@code rt_sigreturn} line after it are left
 *       out of both outputs; two strace runs of the same pipeline differ there one time in ten.</li>
 * </ul>
 */
@Tag("native")
class JstraceGoldenIT {
    private static final List<String> REPORT = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsStrace() throws IOException {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "ptrace needs Linux");
        assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/a.txt"), "hello\n");
        Files.writeString(dir.resolve("data/b.txt"), "world\n");
    }

    @AfterAll
    static void report() {
        System.out.println("Golden comparison with strace (exact-match share):");
        REPORT.forEach(System.out::println);
    }

    /** Runs a tracer with the tracee's output to /dev/null; optionally SIGTERMs the tracee after a delay. */
    private static int run(List<String> tracer, long killAfterMillis) throws Exception {
        Process p = new ProcessBuilder(tracer).redirectErrorStream(true).redirectOutput(new File("/dev/null"))
                .start();
        if (killAfterMillis > 0) {
            // signal the tracee once it really sleeps, however long the tracer took to start
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && p.toHandle().children().noneMatch(JstraceGoldenIT::sleeping)) {
                Thread.sleep(10);
            }
            Thread.sleep(killAfterMillis / 10);
            p.toHandle().children().forEach(ProcessHandle::destroy);
        }
        return p.waitFor();
    }

    /** Whether a process is blocked in a sleep (state S, waiting in the kernel's nanosleep). */
    private static boolean sleeping(ProcessHandle h) {
        try {
            String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
            String wchan = Files.readString(Path.of("/proc/" + h.pid() + "/wchan"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("S") && wchan.contains("nanosleep");
        } catch (IOException e) {
            return false;
        }
    }

    private void golden(String name, List<String> options, String... command) throws Exception {
        golden(name, 0, options, command);
    }

    private void golden(String name, long killAfterMillis, List<String> options,
                        String... command) throws Exception {
        Path s = dir.resolve(name + ".strace");
        Path j = dir.resolve(name + ".jstrace");
        List<String> st = new ArrayList<>(List.of("strace"));
        st.addAll(options);
        st.addAll(List.of("-o", s.toString()));
        st.addAll(List.of(command));
        int straceStatus = run(st, killAfterMillis);
        List<String> jt = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Jstrace.class.getName()));
        jt.addAll(options);
        jt.addAll(List.of("-o", j.toString()));
        jt.addAll(List.of(command));
        int jstraceStatus = run(jt, killAfterMillis);
        assertEquals(straceStatus, jstraceStatus, "exit status");

        boolean racingChildren = CONCURRENT_CHILDREN.contains(name);
        GoldenDiff.Result r = GoldenDiff.compare(deterministic(GoldenDiff.load(s, 0), racingChildren),
                deterministic(GoldenDiff.load(j, 0), racingChildren));
        REPORT.add(String.format("  %-8s %4d/%4d lines identical", name, r.exact(), r.strace().size()));
        r.differing().forEach(d -> REPORT.add("      " + d));
        assertEquals(List.of(), r.differing(), name + ": lines that differ (- strace, + jstrace)");
    }

    /** The runs whose parent has two children running at once (see the class comment). */
    private static final java.util.Set<String> CONCURRENT_CHILDREN = java.util.Set.of("shpipe");

    private static final Pattern PROCESS = Pattern.compile("(?<!\\w)P\\d+\\b");

    /** The lines with what differs from run to run (see the class comment) masked, each thing where it occurs. */
    private static List<GoldenDiff.Line> deterministic(List<GoldenDiff.Line> lines, boolean racingChildren) {
        if (racingChildren) {
            lines = withoutChildExitSignals(lines);
        }
        Map<String, String> names = new HashMap<>();
        for (GoldenDiff.Line l : lines) {
            Matcher m = PROCESS.matcher(l.text());
            while (m.find()) {
                names.putIfAbsent(m.group(), "Q" + names.size());
            }
        }
        return lines.stream()
                .map(l -> PROCESS.matcher(l.text()).replaceAll(m -> names.get(m.group())))
                .map(t -> t.replaceAll("\\b(f_bfree|f_bavail|f_ffree)=\\d+", "$1=N")
                        .replaceAll("(data=\\{u32=\\d+, u64=)\\d{10,}\\}", "$1ADDR}")
                        .replaceAll("^(Q\\d+ wait4\\(.*\\) = )Q\\d+$", "$1CHILD")
                        // the register the interrupted call left (a child's pid, 0, ...): when the signal came
                        .replaceAll("^(Q\\d+ rt_sigreturn\\(.*\\) = )\\S+$", "$1RESTORED")
                        .replaceAll("(--- SIGCHLD \\{.*si_pid=)Q\\d+", "$1CHILD"))
                .sorted(Comparator.comparingInt(t -> Integer.parseInt(t.substring(1, t.indexOf(' ')))))
                .map(GoldenDiff.Line::new)
                .toList();
    }

    /** The lines less each SIGCHLD of an exited child and the rt_sigreturn of the same process right after it. */
    private static List<GoldenDiff.Line> withoutChildExitSignals(List<GoldenDiff.Line> lines) {
        List<GoldenDiff.Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).text();
            String process = t.substring(0, t.indexOf(' ') + 1);
            if (t.startsWith(process + "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED,")) {
                if (i + 1 < lines.size() && lines.get(i + 1).text().startsWith(process + "rt_sigreturn(")) {
                    i++;
                }
                continue;
            }
            out.add(lines.get(i));
        }
        return out;
    }

    @Test
    void binTrue() throws Exception {
        golden("true", List.of(), "/bin/true");
    }

    @Test
    void lsLong() throws Exception {
        golden("ls", List.of(), "ls", "-la", dir.resolve("data").toString());
    }

    @Test
    void catFile() throws Exception {
        golden("cat", List.of(), "cat", dir.resolve("data/a.txt").toString());
    }

    @Test
    void catNonexistentFails() throws Exception {
        golden("catfail", List.of(), "cat", "/nonexistent");
    }

    @Test
    void shellPipeAndRedirect() throws Exception {
        golden("shpipe", List.of("-f"), "sh", "-c", "cat " + dir.resolve("data/a.txt") + " | cat > "
                + dir.resolve("out.txt"));
    }

    @Test
    void shellThatForks() throws Exception {
        golden("shfork", List.of("-f"), "sh", "-c", "ls " + dir.resolve("data") + " >/dev/null; cat /nonexistent; true");
    }

    @Test
    void sleepInterruptedBySignal() throws Exception {
        golden("sleep", 700, List.of(), "sleep", "5");
    }

    @Test
    void statFileSystem() throws Exception {
        golden("statfs", List.of(), "stat", "-f", "/");
    }

    @Test
    void pythonEpollSelectSocketsAndThread() throws Exception {
        assumeTrue(new File("/usr/bin/python3").canExecute(), "no /usr/bin/python3");
        golden("python", List.of("-f", "-e", "trace=epoll_create1,epoll_ctl,epoll_wait,pselect6,select,"
                + "socketpair,sendmsg,recvmsg,clone3,prctl,exit_group"), "/usr/bin/python3", "-S", "-c",
                "import select,os,socket,threading\n"
                + "e=select.epoll(); r,w=os.pipe(); e.register(r, select.EPOLLIN|select.EPOLLET)\n"
                + "os.write(w,b'x'); e.poll(1); select.select([r],[],[],0)\n"
                + "a,b=socket.socketpair(); a.sendmsg([b'hi']); b.recvmsg(10)\n"
                + "t=threading.Thread(target=lambda:0); t.start(); t.join()");
    }

    @Test
    void stringLimitAndFilter() throws Exception {
        golden("filter", List.of("-s", "8", "-e", "trace=%file,read"), "cat", dir.resolve("data/b.txt").toString());
    }
}
