package dev.ptrace.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The C library's {@code strerror(3)} text of errno numbers, which is what strace, perror(3) and most tools
 * print. It is asked from the C library of this machine through perl ({@code $!} in string context calls
 * strerror), in the C locale, so the text is glibc's own English wording ("Input/output error"), not a
 * translation. Kernel-internal numbers (512 and up) get whatever the C library says ("Unknown error 512").
 */
final class Strerror {
    /** The perl program: prints "number TAB text" for each number on the command line. */
    static final String PROGRAM = "for (@ARGV) { $! = $_; print \"$_\\t$!\\n\" }";

    /**
     * The messages and the C library they came from.
     *
     * @param messages text by errno number
     * @param libc     the C library and its package, e.g. "glibc 2.36 libc6 2.36-9+deb12u14"
     */
    record Result(Map<Integer, String> messages, String libc) {
    }

    private Strerror() {
    }

    /** The messages of these numbers, or null (with the reason in {@code problems}) when perl cannot run. */
    static Result read(Collection<Integer> numbers, List<String> problems) {
        List<String> cmd = new ArrayList<>(List.of("perl", "-e", PROGRAM));
        for (int n : numbers) {
            cmd.add(Integer.toString(n));
        }
        String out;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
            env.put("LC_ALL", "C");
            Process p = pb.start();
            p.getOutputStream().close();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroy();
                problems.add("perl did not finish");
                return null;
            }
            if (p.exitValue() != 0) {
                problems.add("perl failed (exit " + p.exitValue() + ")");
                return null;
            }
        } catch (IOException e) {
            problems.add("cannot run perl: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
            return null;
        }
        Map<Integer, String> messages = new TreeMap<>();
        for (String line : out.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                messages.put(Integer.parseInt(line.substring(0, tab)), line.substring(tab + 1));
            }
        }
        if (!messages.keySet().containsAll(numbers)) {
            problems.add("perl printed no text for some numbers: " + out);
            return null;
        }
        return new Result(messages, libcVersion());
    }

    /** "glibc 2.36 libc6 2.36-9+deb12u14": the C library's own version and, where dpkg knows, its package. */
    static String libcVersion() {
        String v = HeaderVersion.run("getconf", "GNU_LIBC_VERSION");
        String lib = v == null || v.isBlank() ? "unknown C library" : v.strip();
        String pkg = HeaderVersion.run("dpkg-query", "-W", "-f=${Version}", "libc6");
        return pkg == null || pkg.isBlank() ? lib : lib + " libc6 " + pkg.strip();
    }
}
