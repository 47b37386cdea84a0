package dev.ptrace.core.unwind;

import dev.ptrace.MemoryMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link UnwindFile}s of the files tracees have mapped, least recently used dropped first. A file is known by
 * its path, device and inode as {@code /proc/PID/maps} shows them, so a file replaced on disk (a new inode) is
 * read again, and the bytes read are those of the mapped file: when the path now names another file, the mapping
 * itself is read through {@code /proc/PID/map_files}.
 */
final class UnwindFileCache {
    private static final int MAX_FILES = 128;

    private record Key(String path, String device, long inode) {
    }

    private final Function<Path, UnwindFile> reader;
    private final Map<Key, UnwindFile> files = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, UnwindFile> eldest) {
            return size() > MAX_FILES;
        }
    };

    UnwindFileCache(Function<Path, UnwindFile> reader) {
        this.reader = reader;
    }

    /** {@return the file mapped at {@code m} in process {@code pid}} */
    synchronized UnwindFile get(int pid, MemoryMapping m, String file) {
        Key key = new Key(file, m.device(), m.inode());
        UnwindFile f = files.get(key);
        if (f == null) {
            f = reader.apply(source(pid, m, file));
            files.put(key, f);
        }
        return f;
    }

    private static Path source(int pid, MemoryMapping m, String file) {
        Path path = Path.of(file);
        try {
            Object inode = Files.getAttribute(path, "unix:ino");
            if (inode instanceof Long l && l == m.inode()) {
                return path;
            }
        } catch (IOException | RuntimeException e) {
            // gone or unreadable under that name: read the mapping itself
        }
        return Path.of("/proc/" + pid + "/map_files/" + Long.toHexString(m.start()) + "-" + Long.toHexString(m.end()));
    }

    synchronized int size() {
        return files.size();
    }
}
