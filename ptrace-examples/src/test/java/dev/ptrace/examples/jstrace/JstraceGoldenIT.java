package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real programs under the installed strace and under jstrace with the same options and compares the lines
 * after normalising pids, addresses and timings. Every line must agree on syscall name and return value; the
 * share of lines that match exactly is printed and must stay high.
 *
 * <p>Lines that still differ, and why:
 * <ul>
 *   <li>SIGCHLD: whether two of them coalesce depends on timing, and each adds an {@code rt_sigreturn}.</li>
 *   <li>{@code getppid()} returns the tracer's pid and {@code fcntl(F_DUPFD)} the lowest free fd, which depend on
 *       the tracer (strace leaves one more fd open in its tracee); normalised or tolerated here.</li>
 *   <li>counters that change between the two runs: free blocks in {@code statfs}, uptime and free memory in
 *       {@code sysinfo}, the {@code epoll_event} data python stores (an address).</li>
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

    private void golden(String name, double minShare, List<String> options, String... command) throws Exception {
        golden(name, minShare, 0, options, command);
    }

    private void golden(String name, double minShare, long killAfterMillis, List<String> options,
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

        GoldenDiff.Result r = GoldenDiff.compare(GoldenDiff.load(s, 0), GoldenDiff.load(j, 0));
        REPORT.add(String.format("  %-8s %4d/%4d lines exact (%.1f%%)", name, r.exact(), r.strace().size(),
                100 * r.share()));
        r.differing().stream().limit(12).forEach(d -> REPORT.add("      " + d));
        assertEquals(keys(r.strace()), keys(r.jstrace()), "every line agrees on syscall name and result");
        assertTrue(r.share() >= minShare, name + ": only " + r.share() + " of lines match exactly:\n"
                + String.join("\n", r.differing()));
    }

    /** Name and result of every line, sorted: children and signals may come in another order between runs. */
    private static List<String> keys(List<GoldenDiff.Line> lines) {
        return lines.stream().map(GoldenDiff.Line::key)
                .filter(k -> !k.contains("getppid") && !k.startsWith("fcntl"))
                // SIGCHLDs coalesce depending on timing, and each one adds an rt_sigreturn
                .filter(k -> !k.contains("--- SIGCHLD") && !k.startsWith("rt_sigreturn"))
                .map(k -> k.replaceAll("= \\d+$", "= N").replaceAll(", si_utime=N, si_stime=N", ""))
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void binTrue() throws Exception {
        golden("true", 1.0, List.of(), "/bin/true");
    }

    @Test
    void lsLong() throws Exception {
        golden("ls", 0.95, List.of(), "ls", "-la", dir.resolve("data").toString());
    }

    @Test
    void catFile() throws Exception {
        golden("cat", 0.98, List.of(), "cat", dir.resolve("data/a.txt").toString());
    }

    @Test
    void catNonexistentFails() throws Exception {
        golden("catfail", 0.98, List.of(), "cat", "/nonexistent");
    }

    @Test
    void shellPipeAndRedirect() throws Exception {
        golden("shpipe", 0.9, List.of("-f"), "sh", "-c", "cat " + dir.resolve("data/a.txt") + " | cat > "
                + dir.resolve("out.txt"));
    }

    @Test
    void shellThatForks() throws Exception {
        golden("shfork", 0.9, List.of("-f"), "sh", "-c", "ls " + dir.resolve("data") + " >/dev/null; cat /nonexistent; true");
    }

    @Test
    void sleepInterruptedBySignal() throws Exception {
        golden("sleep", 0.95, 700, List.of(), "sleep", "5");
    }

    @Test
    void statFileSystem() throws Exception {
        golden("statfs", 0.95, List.of(), "stat", "-f", "/");
    }

    @Test
    void pythonEpollSelectSocketsAndThread() throws Exception {
        assumeTrue(new File("/usr/bin/python3").canExecute(), "no /usr/bin/python3");
        golden("python", 0.8, List.of("-f", "-e", "trace=epoll_create1,epoll_ctl,epoll_wait,pselect6,select,"
                + "socketpair,sendmsg,recvmsg,clone3,prctl,exit_group"), "/usr/bin/python3", "-S", "-c",
                "import select,os,socket,threading\n"
                + "e=select.epoll(); r,w=os.pipe(); e.register(r, select.EPOLLIN|select.EPOLLET)\n"
                + "os.write(w,b'x'); e.poll(1); select.select([r],[],[],0)\n"
                + "a,b=socket.socketpair(); a.sendmsg([b'hi']); b.recvmsg(10)\n"
                + "t=threading.Thread(target=lambda:0); t.start(); t.join()");
    }

    @Test
    void stringLimitAndFilter() throws Exception {
        golden("filter", 1.0, List.of("-s", "8", "-e", "trace=%file,read"), "cat", dir.resolve("data/b.txt").toString());
    }
}
