package dev.ptrace.strace;

import dev.ptrace.Memory;
import dev.ptrace.PtraceException;
import java.util.function.IntPredicate;

/**
 * strace's {@code -e read=SET} and {@code -e write=SET}: the lines that follow a successful read or write on one of
 * the chosen descriptors, a hex and ASCII dump of the data ({@code  | 00000  68 65 6c 6c 6f  hello |}). Reads dump
 * what the call returned, writes what they were asked to write (even when they failed, as strace does);
 * vectored calls dump each buffer after a
 * {@code  * N bytes in buffer I} line. The data is read from the tracee, which must still be at the exit stop.
 */
public final class IoDump {

    /** Bytes of one buffer dumped at most: strace dumps everything, jstrace bounds what it reads. */
    static final int MAX_BYTES = 16 << 20;
    /** {@code IOV_MAX}: iovec arrays longer than this are not read. */
    private static final int MAX_IOVECS = 1024;
    private static final int CHUNK = 1 << 16;

    private final IntPredicate reads;
    private final IntPredicate writes;

    /**
     * @param reads the descriptors whose reads are dumped
     * @param writes the descriptors whose writes are dumped
     */
    public IoDump(IntPredicate reads, IntPredicate writes) {
        this.reads = reads;
        this.writes = writes;
    }

    /**
     * {@return the dump lines (each ending with a newline) for a syscall exit, or "" when there are none}
     *
     * @param s a syscall's exit event, its tracee still stopped there
     */
    public String dump(SyscallEvent s) {
        int fd = (int) s.args().a0();
        if (!s.isExit() || !s.returned() || fd < 0) {
            return "";
        }
        boolean read = reads.test(fd) && !s.isError(); // as strace: a write is dumped even when it failed
        boolean write = writes.test(fd);
        long rval = s.returnValue();
        long a1 = s.args().a1();
        long a2 = s.args().a2();
        StringBuilder out = new StringBuilder();
        try {
            Memory m = s.tracee().memory();
            switch (s.syscall()) {
                case "read": case "pread64": case "recvfrom": case "recv":
                    if (read) {
                        buffer(out, m, a1, rval);
                    }
                    break;
                case "readv": case "preadv": case "preadv2":
                    if (read) {
                        iovecs(out, m, a1, a2, rval);
                    }
                    break;
                case "recvmsg":
                    if (read) {
                        msghdr(out, m, a1, rval);
                    }
                    break;
                case "write": case "pwrite64": case "sendto": case "send":
                    if (write) {
                        buffer(out, m, a1, a2);
                    }
                    break;
                case "writev": case "pwritev": case "pwritev2": case "vmsplice":
                    if (write) {
                        iovecs(out, m, a1, a2, Long.MAX_VALUE);
                    }
                    break;
                case "sendmsg":
                    if (write) {
                        msghdr(out, m, a1, Long.MAX_VALUE);
                    }
                    break;
                default:
                    break;
            }
        } catch (PtraceException e) {
            // unreadable memory or a tracee gone: the lines dumped so far stay, as strace's
        }
        return out.toString();
    }

    /** The iovec array of a {@code struct msghdr} ({@code msg_iov} at 16, {@code msg_iovlen} at 24). */
    private static void msghdr(StringBuilder out, Memory m, long addr, long limit) {
        iovecs(out, m, m.readLong(addr + 16), m.readLong(addr + 24), limit);
    }

    private static void iovecs(StringBuilder out, Memory m, long addr, long count, long limit) {
        if (count <= 0 || count > MAX_IOVECS) {
            return;
        }
        byte[] iov = m.read(addr, (int) count * 16);
        long left = limit;
        for (int i = 0; i < count && left > 0; i++) {
            long base = java.nio.ByteBuffer.wrap(iov, i * 16, 16).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            long len = java.nio.ByteBuffer.wrap(iov, i * 16 + 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            long n = Long.compareUnsigned(len, left) < 0 ? len : left;
            out.append(" * ").append(Long.toUnsignedString(n)).append(" bytes in buffer ").append(i).append('\n');
            buffer(out, m, base, n);
            left -= n;
        }
    }

    /** Dumps {@code length} bytes at {@code addr}, 16 to a line. */
    static void buffer(StringBuilder out, Memory m, long addr, long length) {
        int total = (int) Math.min(Math.max(length, 0), MAX_BYTES);
        byte[] chunk = new byte[Math.min(total, CHUNK)];
        for (int done = 0; done < total; ) {
            int want = Math.min(chunk.length, total - done);
            int got = m.readPartial(addr + done, chunk, 0, want);
            for (int i = 0; i < got; i += 16) {
                line(out, done + i, chunk, i, Math.min(16, got - i));
            }
            if (got < want) {
                return;
            }
            done += got;
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** One line: {@code  | OFFSET  16 bytes in hex, a gap after 8  their ASCII |}. */
    static void line(StringBuilder out, int offset, byte[] data, int from, int n) {
        out.append(" | ").append(String.format("%05x", offset)).append("  ");
        for (int i = 0; i < 16; i++) {
            if (i < n) {
                int b = data[from + i] & 0xff;
                out.append(HEX[b >> 4]).append(HEX[b & 15]).append(' ');
            } else {
                out.append("   ");
            }
            if (i == 7 || i == 15) {
                out.append(' ');
            }
        }
        for (int i = 0; i < 16; i++) {
            int b = i < n ? data[from + i] & 0xff : ' ';
            out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        out.append(" |\n");
    }
}
