package dev.ptrace.strace.internal;

/**
 * The hand-written decoders of one topic (files, sockets, time...), as strace's sources are grouped. Each group
 * builds a decoder only when its syscall is first seen, so a short trace pays for the few it meets.
 */
abstract class DecoderGroup {

    /** The decoder of a syscall of this group, or null when the syscall is not one of its own. */
    abstract SyscallDecoder create(String name);

    /** A decoder printing the first {@code exitFrom} arguments at entry, the rest at exit. */
    static SyscallDecoder d(int exitFrom, Result result, Arg... args) {
        return new ArgListDecoder(args, exitFrom, result);
    }

    /** A decoder printing all arguments at entry, the result in decimal. */
    static SyscallDecoder d(Arg... args) {
        return d(args.length, Result.DEC, args);
    }
}
