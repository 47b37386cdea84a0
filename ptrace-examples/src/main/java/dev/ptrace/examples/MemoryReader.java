package dev.ptrace.examples;

import dev.ptrace.Memory;
import dev.ptrace.MemoryMapping;
import dev.ptrace.ProcMaps;
import dev.ptrace.Ptrace;
import dev.ptrace.Tracee;
import dev.ptrace.Tracer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Attaches to a running process, lists its memory mappings, hex-dumps a region and searches its memory for a
 * string or bytes, then detaches and leaves it running as it was.
 *
 * <pre>{@code
 * java -cp ptrace-examples/target/jstrace.jar dev.ptrace.examples.MemoryReader -p 1234                  # mappings
 * java -cp ptrace-examples/target/jstrace.jar dev.ptrace.examples.MemoryReader -p 1234 --dump '[stack]' -n 64
 * java -cp ptrace-examples/target/jstrace.jar dev.ptrace.examples.MemoryReader -p 1234 --search password
 * }</pre>
 *
 * <p>What it shows about the API: {@link Tracer#attach(int)} stops the process, so that what is read is one
 * consistent snapshot; {@link Tracee#memoryMaps()} parses {@code /proc/<pid>/maps};
 * {@link Memory#readPartial(long, byte[], int, int)} reads as far as memory is readable without throwing, which is
 * what a scanner wants. Every read is bounded by an option, never by something the process controls, and bytes
 * are printed escaped.
 */
@Command(name = "memory-reader", mixinStandardHelpOptions = true, version = "memory-reader (ptrace-java)",
        description = "Attach to process PID, list its memory mappings (the default), dump a region in hex, or "
                + "search its memory; then detach.")
public final class MemoryReader implements Callable<Integer> {

    private static final int MAX_DUMP = 1 << 20;
    private static final int CHUNK = 64 * 1024;

    @Option(names = "-p", paramLabel = "PID", required = true, description = "The process to read.")
    int pid;

    @Option(names = "--maps", description = "List the memory mappings (the default when nothing else is asked).")
    boolean maps;

    @Option(names = "--dump", paramLabel = "WHERE",
            description = "Hex-dump memory at WHERE: an address (0x7ffc...), a pseudo-mapping ([heap], [stack]) "
                    + "or the end of a mapped file's path (libc.so.6).")
    String dump;

    @Option(names = {"-n", "--length"}, paramLabel = "BYTES", defaultValue = "256",
            description = "How many bytes --dump shows (default: ${DEFAULT-VALUE}, at most 1 MiB).")
    int length;

    @Option(names = "--search", paramLabel = "TEXT", description = "Find TEXT (UTF-8) in the readable mappings.")
    String searchText;

    @Option(names = "--search-hex", paramLabel = "HEX", description = "Find these bytes, given in hex (deadbeef).")
    String searchHex;

    @Option(names = "--in", paramLabel = "WHERE", description = "Search only this mapping (as for --dump).")
    String searchIn;

    @Option(names = "--max-matches", paramLabel = "N", defaultValue = "20",
            description = "Stop after N matches (default: ${DEFAULT-VALUE}).")
    int maxMatches;

    @Option(names = "--max-scan", paramLabel = "MIB", defaultValue = "512",
            description = "Read at most MIB mebibytes while searching (default: ${DEFAULT-VALUE}).")
    long maxScanMib;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    private MemoryReader(PrintStream out) {
        this.out = out;
    }

    /** Runs the tool and exits with 0, or 1 for a usage error or when the process cannot be read. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the tool with its output on the given streams; returns its exit status. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return Cli.run(new MemoryReader(out), false, out, err, args);
    }

    @Override
    public Integer call() {
        if (length <= 0 || length > MAX_DUMP) {
            return Cli.usage(spec, "--length must be 1.." + MAX_DUMP);
        }
        if (searchText != null && searchHex != null) {
            return Cli.usage(spec, "give --search or --search-hex, not both");
        }
        byte[] needle = null;
        if (searchText != null) {
            needle = searchText.getBytes(StandardCharsets.UTF_8);
        } else if (searchHex != null) {
            try {
                needle = HexFormat.of().parseHex(searchHex.startsWith("0x") ? searchHex.substring(2) : searchHex);
            } catch (IllegalArgumentException e) {
                return Cli.usage(spec, "--search-hex: " + e.getMessage());
            }
        }
        if (needle != null && (needle.length == 0 || needle.length > CHUNK)) {
            return Cli.usage(spec, "the search string must have 1.." + CHUNK + " bytes");
        }
        try (Tracer tracer = Ptrace.open()) {
            Tracee tracee = tracer.attach(pid); // stopped from here on: a consistent snapshot
            try {
                ProcMaps mappings = tracee.memoryMaps();
                if (maps || (dump == null && needle == null)) {
                    printMaps(mappings);
                }
                if (dump != null) {
                    long address = where(mappings, dump);
                    hexDump(tracee.memory(), address, length);
                }
                if (needle != null) {
                    search(tracee.memory(), mappings, needle);
                }
            } finally {
                tracee.detach(); // running again, as it was; closing the tracer would do it too
            }
        }
        out.flush();
        return 0;
    }

    private void printMaps(ProcMaps mappings) {
        for (MemoryMapping m : mappings.mappings()) {
            out.printf("%016x-%016x %s %8x %10s  %s%n", m.start(), m.end(), m.permissions(), m.offset(),
                    size(m.size()), Cli.escape(m.path()));
        }
    }

    /** An address, or the start of the first mapping named {@code where}. */
    private static long where(ProcMaps mappings, String where) {
        if (where.startsWith("0x")) {
            try {
                return Long.parseUnsignedLong(where.substring(2), 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a hex address: " + where);
            }
        }
        return mapping(mappings, where).start();
    }

    private static MemoryMapping mapping(ProcMaps mappings, String name) {
        for (MemoryMapping m : mappings.mappings()) {
            if (m.path().equals(name) || (!m.isPseudo() && !m.isAnonymous() && m.path().endsWith(name))) {
                return m;
            }
        }
        throw new IllegalArgumentException("no mapping named '" + name + "'");
    }

    /** {@code hexdump -C} style: address, 16 bytes in hex, the same bytes as ASCII ({@code .} if not printable). */
    private void hexDump(Memory memory, long address, int len) {
        byte[] buf = new byte[len];
        int n = memory.readPartial(address, buf, 0, len);
        for (int line = 0; line < n; line += 16) {
            StringBuilder sb = new StringBuilder(80).append(String.format("%016x ", address + line));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = line; i < line + 16; i++) {
                if (i % 8 == 0) {
                    sb.append(' ');
                }
                if (i < n) {
                    int b = buf[i] & 0xff;
                    sb.append(String.format("%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    sb.append("   ");
                }
            }
            out.println(sb.append(" |").append(ascii).append('|'));
        }
        if (n < len) {
            out.printf("(unreadable from 0x%x: %d of %d bytes read)%n", address + n, n, len);
        }
    }

    /**
     * Reads each readable mapping in chunks, keeping the last {@code needle.length - 1} bytes of a chunk so that
     * a match across two chunks is found.
     */
    private void search(Memory memory, ProcMaps mappings, byte[] needle) {
        List<MemoryMapping> where = searchIn == null ? mappings.mappings()
                : List.of(mapping(mappings, searchIn));
        long budget = maxScanMib << 20;
        int matches = 0;
        byte[] buf = new byte[CHUNK + needle.length - 1];
        for (MemoryMapping m : where) {
            if (!m.readable() || m.path().equals("[vvar]") || m.path().equals("[vsyscall]")) {
                continue;
            }
            int carried = 0;
            for (long at = m.start(); Long.compareUnsigned(at, m.end()) < 0 && budget > 0; ) {
                int want = (int) Math.min(Math.min(CHUNK, m.end() - at), budget);
                int got = memory.readPartial(at, buf, carried, want);
                budget -= got;
                int valid = carried + got;
                long base = at - carried;
                for (int i = indexOf(buf, valid, needle, 0); i >= 0; i = indexOf(buf, valid, needle, i + 1)) {
                    printMatch(memory, m, base + i, needle.length);
                    if (++matches >= maxMatches) {
                        out.printf("(stopped after %d matches)%n", matches);
                        return;
                    }
                }
                if (got < want) {
                    break; // the rest of this mapping is not readable
                }
                carried = Math.min(needle.length - 1, valid);
                System.arraycopy(buf, valid - carried, buf, 0, carried);
                at += got;
            }
            if (budget <= 0) {
                out.printf("(stopped after reading %d MiB; raise --max-scan)%n", maxScanMib);
                break;
            }
        }
        out.printf("%d match%s%n", matches, matches == 1 ? "" : "es");
    }

    private void printMatch(Memory memory, MemoryMapping m, long address, int len) {
        byte[] context = new byte[len + 16];
        int n = memory.readPartial(address, context, 0, context.length);
        String name = m.isAnonymous() ? "anonymous" : m.path();
        out.printf("0x%016x %s+0x%x %s%n", address, Cli.escape(name), address - m.start(),
                Cli.quote(Arrays.copyOf(context, n), n == context.length));
    }

    private static int indexOf(byte[] hay, int hayLength, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hayLength - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + "M" : bytes >= 1 << 10 ? (bytes >> 10) + "K" : bytes + "B";
    }
}
