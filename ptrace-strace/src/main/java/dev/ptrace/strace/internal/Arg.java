package dev.ptrace.strace.internal;

/** Prints one argument of a syscall; it may look at the other arguments and the result. */
@FunctionalInterface
public interface Arg {
    void print(SyscallCall call, StringBuilder out);
}
