package dev.ptrace.strace.internal;

/**
 * strace's {@code -e raw=SET}: every argument and a successful result as the raw register value in hex
 * ({@code 0} stays {@code 0}), as many arguments as the syscall takes.
 */
public final class RawDecoder implements SyscallDecoder {
    private final int count;

    /** @param count the number of arguments the syscall takes */
    public RawDecoder(int count) {
        this.count = count;
    }

    @Override
    public void enter(SyscallCall call, StringBuilder out) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(", ");
            }
            hex(out, call.arg(i));
        }
    }

    @Override
    public void result(SyscallCall call, StringBuilder out) {
        hex(out, call.returnValue());
    }

    private static void hex(StringBuilder out, long v) {
        out.append(v == 0 ? "0" : "0x" + Long.toHexString(v));
    }
}
