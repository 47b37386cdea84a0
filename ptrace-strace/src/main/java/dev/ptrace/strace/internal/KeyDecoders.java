package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/** Keys: add_key, request_key, keyctl and its commands (strace's keyctl source). */
final class KeyDecoders extends DecoderGroup {
    /**
     * Key permission bits (keyctl(2), KEYCTL_SETPERM): possessor, user, group and other each have view, read,
     * write, search, link and setattr; only the kernel's (non-uapi) {@code linux/key.h} defines them.
     */
    private static final Xlat PERMISSIONS = permissions();

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "add_key":
                return d(A.str(0), A.str(1), A.bufIn(2, 3), A.udec(3), KeyDecoders.id(4));
            case "request_key":
                return d(A.str(0), A.str(1), A.str(2), KeyDecoders.id(3));
            case "keyctl":
                return new SyscallDecoder() {
                    @Override
                    public void enter(SyscallCall c, StringBuilder o) {
                        int cmd = (int) c.arg(0);
                        Fmt.enumValue(c.ctx, o, KEYCTL_CMD, cmd & 0xffffffffL, "KEYCTL_");
                        String n = c.ctx.xlat(KEYCTL_CMD).name(cmd & 0xffffffffL);
                        if (n == null) {
                            for (int i = 1; i <= 4; i++) {
                                o.append(", ");
                                Fmt.hexOrZero(o, c.arg(i));
                            }
                            return;
                        }
                        switch (n) {
                            case "KEYCTL_JOIN_SESSION_KEYRING":
                                o.append(", ");
                                Fmt.string(c.ctx, o, c.arg(1));
                                break;
                            case "KEYCTL_GET_KEYRING_ID":
                                args(c, o, id(1), A.i32(2));
                                break;
                            case "KEYCTL_UPDATE":
                                args(c, o, id(1), A.bufIn(2, 3), A.udec(3));
                                break;
                            case "KEYCTL_SETPERM":
                                args(c, o, id(1), (cc, oo) -> Fmt.flags(cc.ctx, oo, PERMISSIONS, cc.arg(2) & 0xffffffffL,
                                        "0"));
                                break;
                            case "KEYCTL_SET_TIMEOUT":
                                args(c, o, id(1), A.u32(2));
                                break;
                            case "KEYCTL_CHOWN":
                                args(c, o, id(1), A.i32(2), A.i32(3));
                                break;
                            case "KEYCTL_LINK": case "KEYCTL_UNLINK":
                                args(c, o, id(1), id(2));
                                break;
                            case "KEYCTL_SEARCH":
                                args(c, o, id(1), A.str(2), A.str(3), id(4));
                                break;
                            default: // a key, and for READ, DESCRIBE, GET_SECURITY the buffer at exit
                                args(c, o, id(1));
                        }
                    }

                    @Override
                    public void exit(SyscallCall c, StringBuilder o) {
                        String n = c.ctx.xlat(KEYCTL_CMD).name(c.arg(0) & 0xffffffffL);
                        if ("KEYCTL_READ".equals(n) || "KEYCTL_DESCRIBE".equals(n) || "KEYCTL_GET_SECURITY".equals(n)) {
                            o.append(", ");
                            if (!c.succeeded() || c.arg(2) == 0) {
                                Fmt.ptr(o, c.arg(2));
                            } else if ("KEYCTL_READ".equals(n)) {
                                Fmt.buffer(c.ctx, o, c.arg(2), Math.min(c.returnValue(), c.arg(3)));
                            } else {
                                Fmt.string(c.ctx, o, c.arg(2));
                            }
                            o.append(", ").append(c.arg(3) & 0xffffffffL);
                        }
                    }
                };
            default:
                return null;
        }
    }

    /** The arguments after the command, each after {@code ", "}. */
    private static void args(SyscallCall c, StringBuilder o, Arg... args) {
        for (Arg a : args) {
            o.append(", ");
            a.print(c, o);
        }
    }

    /** A key serial number: {@code KEY_SPEC_SESSION_KEYRING} and the other special ones by name, else decimal. */
    private static Arg id(int i) {
        return (c, o) -> Fmt.enumOrDec(c.ctx, o, KEY_SPEC, (int) c.arg(i));
    }

    private static Xlat permissions() {
        String[] who = {"POS", "USR", "GRP", "OTH"};
        String[] what = {"VIEW", "READ", "WRITE", "SEARCH", "LINK", "SETATTR"};
        Object[] pairs = new Object[2 * who.length * what.length];
        int k = 0;
        for (int w = 0; w < who.length; w++) {
            for (int p = 0; p < what.length; p++) {
                pairs[k++] = "KEY_" + who[w] + "_" + what[p];
                pairs[k++] = 1L << (24 - 8 * w + p);
            }
        }
        return Xlat.of(pairs);
    }
}
