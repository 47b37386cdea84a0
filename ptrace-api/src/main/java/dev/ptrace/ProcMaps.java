package dev.ptrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed contents of {@code /proc/<pid>/maps}, in address order.
 *
 * @param mappings the mappings, one per line
 */
public record ProcMaps(List<MemoryMapping> mappings) {

    /**
     * Copies the list.
     *
     * @param mappings the mappings, one per line
     */
    public ProcMaps {
        mappings = List.copyOf(mappings);
    }

    /**
     * Parses the text of a maps file. Paths may contain spaces; lines that do not have the maps format are
     * reported, not skipped.
     *
     * @param text the whole content of a {@code /proc/<pid>/maps} file
     * @return the mappings in file order
     * @throws IllegalArgumentException naming the line that is malformed
     */
    public static ProcMaps parse(String text) {
        List<MemoryMapping> list = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                list.add(parseLine(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed maps line " + lineNo + ": '" + abbreviate(line)
                        + "' (" + e.getMessage() + ")", e);
            }
        }
        return new ProcMaps(list);
    }

    /**
     * {@return the mapping that contains the address, if any}
     *
     * @param address any address
     */
    public Optional<MemoryMapping> find(long address) {
        for (MemoryMapping m : mappings) {
            if (m.contains(address)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * {@return the mappings of one file, in address order}
     *
     * @param path the file's path, without the {@code (deleted)} suffix
     */
    public List<MemoryMapping> ofFile(String path) {
        List<MemoryMapping> out = new ArrayList<>();
        for (MemoryMapping m : mappings) {
            if (m.file().filter(path::equals).isPresent()) {
                out.add(m);
            }
        }
        return out;
    }

    private static MemoryMapping parseLine(String line) {
        int[] pos = {0};
        String range = field(line, pos);
        String perms = field(line, pos);
        String offset = field(line, pos);
        String dev = field(line, pos);
        String inode = field(line, pos);
        while (pos[0] < line.length() && line.charAt(pos[0]) == ' ') {
            pos[0]++;
        }
        String path = line.substring(pos[0]);
        int dash = range.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("no address range");
        }
        if (perms.length() != 4) {
            throw new IllegalArgumentException("permissions must be 4 characters");
        }
        for (int i = 0; i < 4; i++) {
            char c = perms.charAt(i);
            if (c != "rwxp".charAt(i) && c != '-' && !(i == 3 && c == 's')) {
                throw new IllegalArgumentException("bad permission character '" + c + "'");
            }
        }
        if (dev.indexOf(':') < 0) {
            throw new IllegalArgumentException("bad device");
        }
        long start = Long.parseUnsignedLong(range.substring(0, dash), 16);
        long end = Long.parseUnsignedLong(range.substring(dash + 1), 16);
        if (Long.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException("range ends before it starts");
        }
        return new MemoryMapping(start, end, perms, Long.parseUnsignedLong(offset, 16), dev,
                Long.parseUnsignedLong(inode), path);
    }

    private static String field(String line, int[] pos) {
        int i = pos[0];
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        int start = i;
        while (i < line.length() && line.charAt(i) != ' ') {
            i++;
        }
        if (start == i) {
            throw new IllegalArgumentException("missing field");
        }
        pos[0] = i;
        return line.substring(start, i);
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
