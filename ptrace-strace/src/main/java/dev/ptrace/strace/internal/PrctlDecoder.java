package dev.ptrace.strace.internal;

import dev.ptrace.strace.ConstantStyle;

/** prctl: the option by name; its arguments as the option defines them, the raw rest in hex. */
final class PrctlDecoder implements SyscallDecoder {
    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        long opt = c.arg(0) & 0xffffffffL;
        String name = c.ctx.xlat(ConstantFamily.PRCTL).name(opt);
        if (name == null) {
            Fmt.xlatOrHex(c.ctx, o, Xlat.empty(), opt, "PR_");
            for (int i = 1; i < 5; i++) {
                o.append(", ");
                Fmt.hexOrZero(o, c.arg(i));
            }
            return;
        }
        o.append(c.ctx.style() == ConstantStyle.ABBREV ? name : Long.toString(opt));
        switch (name) {
            case "PR_SET_NAME":
                o.append(", ");
                cString(c, o, c.arg(1), 15);
                break;
            case "PR_SET_PDEATHSIG":
                o.append(", ");
                long s = c.arg(1);
                if (s == 0) {
                    o.append('0');
                } else {
                    Fmt.signal(c.ctx, o, s);
                }
                break;
            case "PR_SET_DUMPABLE":
                o.append(", ");
                Fmt.xlatOrHex(c.ctx, o, c.ctx.xlat(ConstantFamily.SUID_DUMP), c.arg(1), "SUID_DUMP_");
                break;
            case "PR_CAPBSET_READ": case "PR_CAPBSET_DROP":
                o.append(", ");
                capability(c.ctx, o, c.arg(1));
                break;
            case "PR_SET_PTRACER":
                o.append(", ");
                if (c.arg(1) == -1L) {
                    o.append("PR_SET_PTRACER_ANY");
                } else {
                    o.append((int) c.arg(1));
                }
                break;
            case "PR_SET_CHILD_SUBREAPER": case "PR_SET_KEEPCAPS": case "PR_SET_TIMERSLACK":
                o.append(", ");
                Fmt.udec(o, c.arg(1));
                break;
            case "PR_SET_NO_NEW_PRIVS": case "PR_GET_NO_NEW_PRIVS": case "PR_SET_THP_DISABLE":
            case "PR_GET_THP_DISABLE":
                for (int i = 1; i < 5; i++) {
                    o.append(", ");
                    Fmt.udec(o, c.arg(i));
                }
                break;
            case "PR_SET_MM":
                o.append(", ");
                Fmt.xlatOrHex(c.ctx, o, c.ctx.xlat(ConstantFamily.PR_SET_MM), c.arg(1) & 0xffffffffL, "PR_SET_MM_");
                for (int i = 2; i < 5; i++) {
                    o.append(", ");
                    Fmt.hexOrZero(o, c.arg(i));
                }
                break;
            case "PR_GET_DUMPABLE": case "PR_GET_TIMERSLACK": case "PR_GET_SECCOMP": case "PR_GET_KEEPCAPS":
            case "PR_GET_NAME": case "PR_GET_PDEATHSIG": case "PR_GET_CHILD_SUBREAPER":
            case "PR_GET_SECUREBITS": case "PR_GET_TSC": case "PR_GET_TIMING": case "PR_GET_IO_FLUSHER":
                break; // printed at exit, or nothing more
            default:
                for (int i = 1; i < 5; i++) {
                    o.append(", ");
                    Fmt.hexOrZero(o, c.arg(i));
                }
        }
    }

    @Override
    public void exit(SyscallCall c, StringBuilder o) {
        String name = c.ctx.xlat(ConstantFamily.PRCTL).name(c.arg(0) & 0xffffffffL);
        if (name == null) {
            return;
        }
        switch (name) {
            case "PR_GET_NAME":
                o.append(", ");
                if (c.succeeded()) {
                    cString(c, o, c.arg(1), 15);
                } else {
                    Fmt.ptr(o, c.arg(1));
                }
                break;
            case "PR_GET_PDEATHSIG": case "PR_GET_CHILD_SUBREAPER":
                o.append(", ");
                if (c.succeeded() && c.arg(1) != 0) {
                    byte[] b = c.ctx.read(c.arg(1), 4);
                    if (b == null) {
                        Fmt.ptr(o, c.arg(1));
                    } else {
                        int v = Bytes.getInt(b, 0);
                        o.append('[');
                        if (name.equals("PR_GET_PDEATHSIG") && v != 0) {
                            Fmt.signal(c.ctx, o, v);
                        } else {
                            o.append(v);
                        }
                        o.append(']');
                    }
                } else {
                    Fmt.ptr(o, c.arg(1));
                }
                break;
            default:
        }
    }

    @Override
    public void result(SyscallCall c, StringBuilder o) {
        long r = c.returnValue();
        o.append(r);
        String name = c.ctx.xlat(ConstantFamily.PRCTL).name(c.arg(0) & 0xffffffffL);
        if ("PR_GET_DUMPABLE".equals(name)) {
            String n = c.ctx.xlat(ConstantFamily.SUID_DUMP).name(r);
            if (n != null) {
                o.append(" (").append(n).append(')');
            }
        }
    }

    /** A name of at most {@code max} bytes (the kernel's TASK_COMM_LEN less its NUL), cut like a string. */
    private static void cString(SyscallCall c, StringBuilder o, long addr, int max) {
        if (addr == 0) {
            o.append("NULL");
            return;
        }
        int limit = Math.min(max, c.ctx.stringLimit());
        byte[] s = c.ctx.readCString(addr, limit + 1);
        if (s == null) {
            Fmt.hex(o, addr);
            return;
        }
        StringQuoter.quote(o, s, Math.min(s.length, limit), c.ctx.stringsInHex());
        if (s.length > limit) {
            o.append("...");
        }
    }

    static void capability(DecodeContext ctx, StringBuilder o, long v) {
        String name = ctx.xlat(ConstantFamily.CAPABILITY).name(v);
        if (name != null) {
            o.append(name);
        } else {
            Fmt.hex(o, v);
            o.append(" /* CAP_??? */");
        }
    }
}
