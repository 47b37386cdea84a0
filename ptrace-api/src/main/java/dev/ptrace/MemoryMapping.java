package dev.ptrace;

import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/maps}: an address range [start, end) and what is mapped there.
 *
 * @param start first address
 * @param end address after the last one
 * @param permissions the four permission characters, e.g. {@code "r-xp"}
 * @param offset file offset of {@code start}
 * @param device device as {@code major:minor} in hex
 * @param inode inode of the mapped file, 0 for anonymous maps
 * @param path the file or pseudo-path ({@code [heap]}, {@code [stack]}, {@code [vdso]}); empty for anonymous
 *     maps. A deleted file keeps the kernel's {@code " (deleted)"} suffix here; see {@link #isDeleted()}.
 */
public record MemoryMapping(long start, long end, String permissions, long offset, String device, long inode,
                            String path) {

    private static final String DELETED = " (deleted)";

    /** {@return the size in bytes} */
    public long size() {
        return end - start;
    }

    /**
     * {@return whether the address lies in [start, end) (unsigned comparison)}
     *
     * @param address any address
     */
    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** {@return whether the mapping can be read ({@code r})} */
    public boolean readable() {
        return permissions.charAt(0) == 'r';
    }

    /** {@return whether the mapping can be written ({@code w})} */
    public boolean writable() {
        return permissions.charAt(1) == 'w';
    }

    /** {@return whether the mapping can be executed ({@code x})} */
    public boolean executable() {
        return permissions.charAt(2) == 'x';
    }

    /** {@return whether the mapping is shared ({@code s}) rather than private ({@code p})} */
    public boolean shared() {
        return permissions.charAt(3) == 's';
    }

    /** {@return whether nothing with a name is mapped here} */
    public boolean isAnonymous() {
        return path.isEmpty();
    }

    /** {@return whether this is a kernel pseudo-mapping such as {@code [heap]}, {@code [stack]} or {@code [vdso]}} */
    public boolean isPseudo() {
        return path.startsWith("[") && path.endsWith("]");
    }

    /** {@return whether the mapped file was deleted after it was mapped} */
    public boolean isDeleted() {
        return path.endsWith(DELETED);
    }

    /** {@return the file path without the {@code (deleted)} suffix, for file mappings} */
    public Optional<String> file() {
        if (isAnonymous() || isPseudo()) {
            return Optional.empty();
        }
        return Optional.of(isDeleted() ? path.substring(0, path.length() - DELETED.length()) : path);
    }
}
