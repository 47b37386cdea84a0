package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ptrace.core.it.TestPrograms;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One purpose-built C program per decoder topic (in {@code topics/*.c} next to this class), traced by the
 * installed strace and by jstrace; after {@link GoldenDiff}'s normalisation (addresses, pids) every line must be
 * the same. The programs avoid what differs between two runs (ephemeral ports, times, pids in structs).
 */
@Tag("native")
class JstraceTopicsGoldenIT {
    private static final List<String> REPORT = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsStrace() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "ptrace needs Linux");
        assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
    }

    @AfterAll
    static void report() {
        System.out.println("Topic programs, jstrace against strace (lines identical after normalisation):");
        REPORT.forEach(System.out::println);
    }

    /**
     * Builds topic {@code name}, traces it under both tracers with {@code options} ({@code -f} where lines show
     * the tracee's pid: GoldenDiff names the pids of {@code -f} lines), and asserts every line is the same.
     */
    private static void golden(String name, List<String> options, String... args) throws Exception {
        golden(name, name, options, args);
    }

    /** {@link #golden(String, List, String...)} under {@code label} (the same program with other options). */
    private static void golden(String name, String label, List<String> options, String... args) throws Exception {
        golden(name, label, null, options, args);
    }

    /**
     * {@link #golden(String, String, List, String...)} with what matches {@code mask} (numbers that differ in every
     * run, such as key serials) replaced by {@code N} in both outputs; null for none.
     */
    private static void golden(String name, String label, String mask, List<String> options, String... args)
            throws Exception {
        Path exe = TestPrograms.build("topic-" + name, source(name));
        Path s = dir.resolve(label + ".strace");
        Path j = dir.resolve(label + ".jstrace");
        List<String> st = new ArrayList<>(List.of("strace"));
        List<String> jt = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Jstrace.class.getName()));
        for (List<String> t : List.of(st, jt)) {
            t.addAll(options);
            t.addAll(List.of("-o", (t == st ? s : j).toString(), exe.toString()));
            t.addAll(List.of(args));
        }
        assertEquals(run(st), run(jt), label + ": exit status");
        GoldenDiff.Result r = GoldenDiff.compare(masked(GoldenDiff.load(s, 0), mask), masked(GoldenDiff.load(j, 0), mask));
        REPORT.add(String.format("  %-10s %3d/%3d lines identical", label, r.exact(), r.strace().size()));
        r.differing().forEach(d -> REPORT.add("      " + d));
        assertEquals(List.of(), r.differing(), label + ": lines that differ (- strace, + jstrace)");
    }

    private static List<GoldenDiff.Line> masked(List<GoldenDiff.Line> lines, String mask) {
        return mask == null ? lines : lines.stream().map(l -> new GoldenDiff.Line(l.text().replaceAll(mask, "N"))).toList();
    }

    private static int run(List<String> command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start()
                .waitFor();
    }

    private static String source(String name) throws IOException {
        try (InputStream in = JstraceTopicsGoldenIT.class.getResourceAsStream("topics/" + name + ".c")) {
            if (in == null) {
                throw new IOException("no topic program topics/" + name + ".c");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A port P such that P to P + 3 are free on the loopback address now. */
    private static int freePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p + 3 < 65536 && bindable(p + 1) && bindable(p + 2) && bindable(p + 3)) {
                return p;
            }
        }
        throw new IOException("no four consecutive free ports");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void sockets() throws Exception {
        golden("sockets", List.of(), Integer.toString(freePorts()));
    }

    @Test
    void time() throws Exception {
        golden("time", List.of());
    }

    @Test
    void signals() throws Exception {
        golden("signals", List.of("-f"));
    }

    @Test
    void processes() throws Exception {
        golden("processes", List.of("-f"));
    }

    @Test
    void memory() throws Exception {
        golden("memory", List.of());
    }

    @Test
    void files() throws Exception {
        Path scratch = java.nio.file.Files.createDirectories(dir.resolve("files-scratch"));
        golden("files", List.of(), scratch.toString());
    }

    /** {@code -X raw}: every named constant of the constants topic printed as strace prints its number. */
    @Test
    void constantsRaw() throws Exception {
        golden("constants", "X-raw", List.of("-f", "-X", "raw"), Integer.toString(freePorts()));
    }

    /** {@code -X verbose}: the numbers with their names in comments, as strace prints them. */
    @Test
    void constantsVerbose() throws Exception {
        golden("constants", "X-verbose", List.of("-f", "-X", "verbose"), Integer.toString(freePorts()));
    }

    @Test
    void misc() throws Exception {
        golden("misc", List.of());
    }

    /** Control messages (SCM_RIGHTS, SCM_CREDENTIALS), sendmmsg/recvmmsg; -f names the pid in the credentials. */
    @Test
    void messages() throws Exception {
        golden("messages", List.of("-f"));
    }

    /** capget/capset, personality, kcmp (pids named by -f), seccomp operations. */
    @Test
    void credentials() throws Exception {
        golden("credentials", List.of("-f"));
    }

    /** openat2's struct open_how and the extended attribute calls, on a file in a scratch directory. */
    @Test
    void fileattrs() throws Exception {
        Path scratch = java.nio.file.Files.createDirectories(dir.resolve("fileattrs-scratch"));
        golden("fileattrs", List.of(), scratch.toString());
    }

    /** System V message queues, semaphores, shared memory and POSIX message queues. */
    @Test
    void ipc() throws Exception {
        golden("ipc", List.of());
    }

    /** mount/umount2 flags, the descriptor based mount API, fanotify. */
    @Test
    void mounts() throws Exception {
        golden("mounts", List.of());
    }

    /** io_uring_setup's params, io_uring_enter's signal mask, io_uring_register opcodes. */
    @Test
    void uring() throws Exception {
        golden("uring", List.of());
    }

    /** add_key, request_key and keyctl commands; key serial numbers (random, six digits or more) are masked. */
    @Test
    void keys() throws Exception {
        golden("keys", "keys", "\\b[0-9]{6,}\\b", List.of());
    }

    /** bpf(2): map, program, query, attach, BTF and link commands with their attr; an unknown command. */
    @Test
    void bpf() throws Exception {
        golden("bpf", List.of());
    }

    /** perf_event_open(2): software and hardware events, unknown type and flag, NULL attr. */
    @Test
    void perf() throws Exception {
        golden("perf", List.of());
    }
}
