package dev.ptrace.strace.internal;

/** Factories for the argument printers used in {@link Decoders}; {@code i} is the argument's index. */
final class A {
    private A() {
    }

    /** Prints a struct or array found at an address. */
    @FunctionalInterface
    interface At {
        void print(DecodeContext ctx, StringBuilder out, long addr);
    }

    static Arg fd(int i) {
        return (c, o) -> Fmt.fd(c.ctx, o, c.arg(i));
    }

    static Arg dirfd(int i) {
        return (c, o) -> Fmt.dirfd(c.ctx, o, c.arg(i));
    }

    static Arg path(int i) {
        return (c, o) -> Fmt.path(c.ctx, o, c.arg(i));
    }

    static Arg str(int i) {
        return (c, o) -> Fmt.string(c.ctx, o, c.arg(i));
    }

    static Arg ptr(int i) {
        return (c, o) -> Fmt.ptr(o, c.arg(i));
    }

    static Arg hex(int i) {
        return (c, o) -> Fmt.hexOrZero(o, c.arg(i));
    }

    static Arg dec(int i) {
        return (c, o) -> Fmt.dec(o, c.arg(i));
    }

    static Arg udec(int i) {
        return (c, o) -> Fmt.udec(o, c.arg(i));
    }

    static Arg i32(int i) {
        return (c, o) -> Fmt.integer(o, c.arg(i));
    }

    static Arg u32(int i) {
        return (c, o) -> Fmt.uinteger(o, c.arg(i));
    }

    static Arg oct(int i) {
        return (c, o) -> Fmt.octal(o, c.arg(i));
    }

    static Arg flags(int i, ConstantFamily family) {
        return (c, o) -> Fmt.flags(c.ctx, o, family, c.arg(i));
    }

    static Arg flags32(int i, ConstantFamily family) {
        return (c, o) -> Fmt.flags(c.ctx, o, family, c.arg(i) & 0xffffffffL);
    }

    static Arg enumv(int i, ConstantFamily family, String unknownPrefix) {
        return (c, o) -> Fmt.enumValue(c.ctx, o, family, (int) c.arg(i), unknownPrefix);
    }

    static Arg sig(int i) {
        return (c, o) -> Fmt.signal(c.ctx, o, c.arg(i));
    }

    /** An input buffer whose length is argument {@code len}. */
    static Arg bufIn(int i, int len) {
        return (c, o) -> Fmt.buffer(c.ctx, o, c.arg(i), c.arg(len));
    }

    /** An output buffer filled with as many bytes as the call returned; the pointer on error. */
    static Arg bufOut(int i) {
        return (c, o) -> {
            if (c.succeeded()) {
                Fmt.buffer(c.ctx, o, c.arg(i), c.returnValue());
            } else {
                Fmt.ptr(o, c.arg(i));
            }
        };
    }

    /** A struct read at entry; NULL or its pointer when it cannot be read. */
    static Arg in(int i, At printer) {
        return (c, o) -> {
            long addr = c.arg(i);
            if (addr == 0) {
                o.append("NULL");
            } else {
                printer.print(c.ctx, o, addr);
            }
        };
    }

    /** A struct the kernel fills: printed after a successful call, else its pointer. */
    static Arg out(int i, At printer) {
        return (c, o) -> {
            long addr = c.arg(i);
            if (addr == 0) {
                o.append("NULL");
            } else if (c.succeeded()) {
                printer.print(c.ctx, o, addr);
            } else {
                Fmt.hex(o, addr);
            }
        };
    }

    /** Literal text in place of an argument. */
    static Arg text(String s) {
        return (c, o) -> o.append(s);
    }
}
