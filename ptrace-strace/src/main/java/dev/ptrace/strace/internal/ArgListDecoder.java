package dev.ptrace.strace.internal;

/**
 * A decoder made of one printer per argument: the first {@code exitFrom} arguments are printed at entry, the rest
 * at exit.
 */
final class ArgListDecoder implements SyscallDecoder {
    private final Arg[] args;
    private final int exitFrom;
    private final Result result;

    ArgListDecoder(Arg[] args, int exitFrom, Result result) {
        this.args = args;
        this.exitFrom = Math.min(exitFrom, args.length);
        this.result = result;
    }

    @Override
    public void enter(SyscallCall call, StringBuilder out) {
        for (int i = 0; i < exitFrom; i++) {
            args[i].print(call, out);
            if (i < args.length - 1) {
                out.append(", ");
            }
        }
    }

    @Override
    public void exit(SyscallCall call, StringBuilder out) {
        for (int i = exitFrom; i < args.length; i++) {
            args[i].print(call, out);
            if (i < args.length - 1) {
                out.append(", ");
            }
        }
    }

    @Override
    public void result(SyscallCall call, StringBuilder out) {
        result.print(call, out);
    }
}
