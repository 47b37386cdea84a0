package dev.ptrace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The memory of a tracee's process. Addresses are unsigned 64-bit values held in a {@code long}.
 *
 * <p>Reads use {@code process_vm_readv}, split at page boundaries so that a read running into an unmapped
 * page returns what came before it; where that call is not allowed, {@code /proc/<pid>/mem} or
 * {@code PTRACE_PEEKDATA} is used. Writes fall back to {@code /proc/<pid>/mem} or {@code PTRACE_POKEDATA}, which
 * can write read-only pages such as program text (for breakpoints). Every read is bounded by the length the
 * caller gives: nothing here allocates in proportion to a value the tracee controls.
 */
public interface Memory {

    /**
     * Reads up to {@code length} bytes, stopping at the first address that cannot be read.
     *
     * @param address the first address to read
     * @param buffer where the bytes go
     * @param offset the index in {@code buffer} of the first byte read
     * @param length how many bytes to read at most
     * @return the number of bytes read, from 0 (the first byte is unreadable) to {@code length}
     * @throws TraceeGoneException if the process is gone
     */
    int readPartial(long address, byte[] buffer, int offset, int length);

    /**
     * Reads exactly {@code length} bytes.
     *
     * @param address the first address to read
     * @param length how many bytes to read
     * @return the bytes, {@code length} of them
     * @throws TraceeMemoryException if any of them cannot be read; its address is the first unreadable one
     */
    byte[] read(long address, int length);

    /**
     * Reads a little-endian 64-bit word.
     *
     * @param address the address of the word (need not be aligned)
     * @return the word
     * @throws TraceeMemoryException if unreadable
     */
    default long readLong(long address) {
        return ByteBuffer.wrap(read(address, Long.BYTES)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /**
     * Reads a little-endian 32-bit word.
     *
     * @param address the address of the word (need not be aligned)
     * @return the word
     * @throws TraceeMemoryException if unreadable
     */
    default int readInt(long address) {
        return ByteBuffer.wrap(read(address, Integer.BYTES)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /**
     * Reads a NUL-terminated string of at most {@code maxLength} bytes, without the NUL. When no NUL comes within
     * {@code maxLength} bytes, the first {@code maxLength} bytes are returned; ask for one byte more than you
     * print to tell whether the string was cut.
     *
     * @param address the address of the first character
     * @param maxLength the most bytes to return
     * @return the bytes before the NUL, at most {@code maxLength} of them
     * @throws TraceeMemoryException if unreadable memory comes before the NUL and before {@code maxLength} bytes
     */
    byte[] readCString(long address, int maxLength);

    /**
     * Writes bytes, read-only pages included.
     *
     * @param address the first address to write
     * @param data the bytes to write
     * @throws TraceeMemoryException if an address cannot be written
     */
    void write(long address, byte[] data);

    /**
     * Writes a little-endian 64-bit word.
     *
     * @param address the address of the word (need not be aligned)
     * @param value the word
     * @throws TraceeMemoryException if the address cannot be written
     */
    void writeLong(long address, long value);
}
