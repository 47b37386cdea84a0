package dev.ptrace.strace.internal;

/**
 * One syscall being decoded: its number, name, raw arguments, and at exit its result. Decoders read it; the
 * session fills it at the entry stop and completes it at the exit stop.
 */
public final class SyscallCall {
    final DecodeContext ctx;
    final int number;
    final String name;
    final long[] args;
    final long stackPointer;
    boolean exiting;
    long returnValue;
    /** What a decoder keeps from the entry stop for the exit stop (recvmsg's name length...). */
    long saved;
    /** Text a decoder renders at the entry stop for the exit stop (recvmmsg's timeout as given). */
    String savedText;
    boolean error;

    /** A call seen at its entry stop. */
    public SyscallCall(DecodeContext ctx, int number, String name, long[] args, long stackPointer) {
        this.ctx = ctx;
        this.number = number;
        this.name = name;
        this.args = args;
        this.stackPointer = stackPointer;
    }

    /** Records the result seen at the exit stop. */
    public void exit(long returnValue, boolean error) {
        this.exiting = true;
        this.returnValue = returnValue;
        this.error = error;
    }

    public DecodeContext ctx() {
        return ctx;
    }

    public String name() {
        return name;
    }

    public int number() {
        return number;
    }

    public long arg(int i) {
        return args[i];
    }

    public long returnValue() {
        return returnValue;
    }

    /** Whether the syscall has returned successfully (output arguments are only printed as structs then). */
    public boolean succeeded() {
        return exiting && !error;
    }

    public boolean isError() {
        return error;
    }
}
