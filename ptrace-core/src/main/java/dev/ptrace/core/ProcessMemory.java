package dev.ptrace.core;

import dev.ptrace.Memory;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeMemoryException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Tracee memory: {@code process_vm_readv/writev} from the calling thread (they need no attachment), with
 * {@code /proc/<pid>/mem} and then {@code PTRACE_PEEKDATA/POKEDATA} (on the tracer thread) as fallbacks.
 * Writes to read-only pages (program text) go through the fallbacks, which the kernel lets a tracer force.
 */
final class ProcessMemory implements Memory {
    private static final int PAGE = 4096;
    private static final int SCRATCH = 64 * 1024;
    private static final ThreadLocal<ByteBuffer> SCRATCH_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH).order(ByteOrder.nativeOrder()));

    private final Kernel kernel;
    private final int pid;
    /** Set when process_vm_* is refused here (ENOSYS, EPERM under some seccomp profiles): skip it next time. */
    private volatile boolean vmCallsUnavailable;

    ProcessMemory(Kernel kernel, int pid) {
        this.kernel = kernel;
        this.pid = pid;
    }

    @Override
    public int readPartial(long address, byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        int done = 0;
        while (done < length) {
            int chunk = Math.min(length - done, SCRATCH);
            int n = readChunk(address + done, buffer, offset + done, chunk);
            done += n;
            if (n < chunk) {
                break;
            }
        }
        return done;
    }

    /** Reads up to {@code length <= SCRATCH} bytes; short at the first unreadable page. */
    private int readChunk(long address, byte[] dst, int off, int length) {
        if (!vmCallsUnavailable) {
            ByteBuffer buf = SCRATCH_BUFFER.get();
            try {
                long n = kernel.calls().processVmReadv(pid, buf, length, address);
                buf.get(0, dst, off, (int) n);
                if (n == length) {
                    return length;
                }
                // a short read ends at a page the kernel could not read; pages are tried one by one below
                return (int) n + readByPages(address + n, dst, off + (int) n, length - (int) n, buf);
            } catch (NativeCallException e) {
                if (e.errno() == Linux.EFAULT || e.errno() == Linux.EIO) {
                    return readByPages(address, dst, off, length, buf);
                }
                if (e.errno() == Linux.ESRCH) {
                    throw Kernel.fail(e, pid);
                }
                vmCallsUnavailable = true;
            }
        }
        return readFallback(address, dst, off, length);
    }

    /** One page-bounded process_vm_readv after another, stopping at the first page that fails. */
    private int readByPages(long address, byte[] dst, int off, int length, ByteBuffer buf) {
        int done = 0;
        while (done < length) {
            long a = address + done;
            int chunk = (int) Math.min(length - done, PAGE - Long.remainderUnsigned(a, PAGE));
            long n;
            try {
                n = kernel.calls().processVmReadv(pid, buf, chunk, a);
            } catch (NativeCallException e) {
                if (e.errno() == Linux.ESRCH) {
                    throw Kernel.fail(e, pid);
                }
                return done;
            }
            buf.get(0, dst, off + done, (int) n);
            done += (int) n;
            if (n < chunk) {
                return done;
            }
        }
        return done;
    }

    private int readFallback(long address, byte[] dst, int off, int length) {
        int n = readProcMem(address, dst, off, length);
        if (n >= 0) {
            return n;
        }
        return peekRead(address, dst, off, length);
    }

    /** Reads through /proc/pid/mem; -1 if that file cannot be used at all. */
    private int readProcMem(long address, byte[] dst, int off, int length) {
        if (address < 0) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(Path.of("/proc/" + pid + "/mem"), StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.wrap(dst, off, length);
            int done = 0;
            while (done < length) {
                int n;
                try {
                    n = ch.read(bb, address + done);
                } catch (IOException e) {
                    return done; // EIO at the first unreadable byte
                }
                if (n <= 0) {
                    return done;
                }
                done += n;
            }
            return done;
        } catch (NoSuchFileException e) {
            throw new TraceeGoneException("open /proc/" + pid + "/mem", pid, Linux.ESRCH, "no such process", e);
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    private int peekRead(long address, byte[] dst, int off, int length) {
        return kernel.onTracer(() -> {
            int done = 0;
            while (done < length) {
                long a = address + done;
                long aligned = a & ~7L;
                long word;
                try {
                    word = kernel.calls().peek(Linux.PTRACE_PEEKDATA, pid, aligned);
                } catch (NativeCallException e) {
                    if (e.errno() == Linux.ESRCH) {
                        throw Kernel.fail(e, pid);
                    }
                    return done;
                }
                for (int i = (int) (a - aligned); i < 8 && done < length; i++) {
                    dst[off + done++] = (byte) (word >>> (8 * i));
                }
            }
            return done;
        });
    }

    @Override
    public byte[] read(long address, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        byte[] out = new byte[length];
        int n = readPartial(address, out, 0, length);
        if (n < length) {
            throw new TraceeMemoryException("read(" + length + " bytes)", pid, Linux.EFAULT, address + n, null);
        }
        return out;
    }

    @Override
    public byte[] readCString(long address, int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("negative maxLength " + maxLength);
        }
        byte[] out = new byte[Math.min(maxLength, PAGE)];
        int done = 0;
        while (done < maxLength) {
            long a = address + done;
            int chunk = (int) Math.min(maxLength - done, PAGE - Long.remainderUnsigned(a, PAGE));
            if (done + chunk > out.length) {
                out = java.util.Arrays.copyOf(out, Math.min(maxLength, Math.max(out.length * 2, done + chunk)));
            }
            int n = readPartial(a, out, done, chunk);
            for (int i = done; i < done + n; i++) {
                if (out[i] == 0) {
                    return java.util.Arrays.copyOf(out, i);
                }
            }
            done += n;
            if (n < chunk) {
                throw new TraceeMemoryException("read C string", pid, Linux.EFAULT, address + done, null);
            }
        }
        return java.util.Arrays.copyOf(out, done);
    }

    @Override
    public void write(long address, byte[] data) {
        if (data.length == 0) {
            return;
        }
        if (!vmCallsUnavailable && writeVm(address, data)) {
            return;
        }
        if (writeProcMem(address, data)) {
            return;
        }
        pokeWrite(address, data);
    }

    /** process_vm_writev in scratch-sized pieces; false if a fallback must take over. */
    private boolean writeVm(long address, byte[] data) {
        ByteBuffer buf = SCRATCH_BUFFER.get();
        int done = 0;
        while (done < data.length) {
            int chunk = Math.min(data.length - done, SCRATCH);
            buf.put(0, data, done, chunk);
            try {
                long n = kernel.calls().processVmWritev(pid, buf, chunk, address + done);
                if (n < chunk) {
                    return false;
                }
            } catch (NativeCallException e) {
                if (e.errno() == Linux.ESRCH) {
                    throw Kernel.fail(e, pid);
                }
                if (e.errno() != Linux.EFAULT && e.errno() != Linux.EIO) {
                    vmCallsUnavailable = true;
                }
                return false;
            }
            done += chunk;
        }
        return true;
    }

    private boolean writeProcMem(long address, byte[] data) {
        if (address < 0) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(Path.of("/proc/" + pid + "/mem"), StandardOpenOption.WRITE)) {
            ByteBuffer bb = ByteBuffer.wrap(data);
            while (bb.hasRemaining()) {
                if (ch.write(bb, address + bb.position()) <= 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private void pokeWrite(long address, byte[] data) {
        kernel.onTracer(() -> {
            int done = 0;
            while (done < data.length) {
                long a = address + done;
                long aligned = a & ~7L;
                int skip = (int) (a - aligned);
                try {
                    long word = 0;
                    if (skip != 0 || data.length - done < 8) {
                        word = kernel.calls().peek(Linux.PTRACE_PEEKDATA, pid, aligned);
                    }
                    for (int i = skip; i < 8 && done < data.length; i++) {
                        word &= ~(0xffL << (8 * i));
                        word |= (data[done++] & 0xffL) << (8 * i);
                    }
                    kernel.calls().ptrace(Linux.PTRACE_POKEDATA, pid, aligned, word);
                } catch (NativeCallException e) {
                    throw Errors.translateMemory(e, pid, aligned);
                }
            }
            return null;
        });
    }

    @Override
    public void writeLong(long address, long value) {
        byte[] b = new byte[8];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        write(address, b);
    }

    @Override
    public String toString() {
        return "Memory[pid=" + pid + "]";
    }

}
