package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

import java.util.Arrays;
import java.util.List;

/**
 * {@code union bpf_attr} of bpf(2) for the common commands, as strace prints it: the fields of the command's
 * member that start within the size given (a cut field reads as zeros past it), then {@code ...} when a byte after them (within the size) is not zero.
 * Layouts from linux/bpf.h (the same on every architecture: fixed-width fields, pointers as {@code __u64}).
 */
final class BpfAttr {
    /** The most bytes read: the union is 144 bytes in Linux 6.1. */
    private static final int MAX_SIZE = 1024;
    private static final long BPF_F_NUMA_NODE = 4;

    /** One field: its name, offset, width in bytes, and how its value is printed. */
    private record Field(String name, int offset, int width, Value value) {
    }

    @FunctionalInterface
    private interface Value {
        void print(DecodeContext ctx, StringBuilder o, byte[] b, int off);
    }

    /**
     * The fields of one command; the wrapper name strace prints around them ({@code info=}), or null; where they
     * end; how many of the first ones are printed whatever the size (the command's first fields: the later ones
     * only when they start within the size).
     */
    private record Layout(String wrapper, List<Field> fields, int end, int always) {
    }

    private BpfAttr() {
    }

    private static Field u32(String name, int off) {
        return new Field(name, off, 4, (c, o, b, i) -> o.append(Bytes.getInt(b, i) & 0xffffffffL));
    }

    private static Field ptr(String name, int off) {
        return new Field(name, off, 8, (c, o, b, i) -> Fmt.ptr(o, Bytes.getLong(b, i)));
    }

    private static Field hex64(String name, int off) {
        return new Field(name, off, 8, (c, o, b, i) -> Fmt.hexOrZero(o, Bytes.getLong(b, i)));
    }

    private static Field hex32(String name, int off) {
        return new Field(name, off, 4, (c, o, b, i) -> Fmt.hexOrZero(o, Bytes.getInt(b, i) & 0xffffffffL));
    }

    private static Field enumv(String name, int off, ConstantFamily family, String prefix) {
        return new Field(name, off, 4, (c, o, b, i) -> Fmt.enumValue(c, o, family, Bytes.getInt(b, i) & 0xffffffffL,
                prefix));
    }

    private static Field flags(String name, int off, ConstantFamily family) {
        return new Field(name, off, 4, (c, o, b, i) -> Fmt.flags(c, o, family, Bytes.getInt(b, i) & 0xffffffffL));
    }

    private static Field name(String name, int off) {
        return new Field(name, off, 16, (c, o, b, i) -> {
            int n = 0;
            while (n < 16 && b[i + n] != 0) {
                n++;
            }
            StringQuoter.quote(o, Arrays.copyOfRange(b, i, i + n), n, c.stringsInHex());
        });
    }

    private static Field string(String name, int off) {
        return new Field(name, off, 8, (c, o, b, i) -> Fmt.string(c, o, Bytes.getLong(b, i)));
    }

    private static final Field ATTACH_TYPE_8 = enumv("attach_type", 8, BPF_ATTACH_TYPE, "BPF_");

    private static final Layout MAP_CREATE = new Layout(null, List.of(
            enumv("map_type", 0, BPF_MAP_TYPE, "BPF_MAP_TYPE_"), u32("key_size", 4), u32("value_size", 8),
            u32("max_entries", 12), flags("map_flags", 16, BPF_MAP_FLAGS), u32("inner_map_fd", 20),
            u32("numa_node", 24), name("map_name", 28), u32("map_ifindex", 44), u32("btf_fd", 48),
            u32("btf_key_type_id", 52), u32("btf_value_type_id", 56), u32("btf_vmlinux_value_type_id", 60),
            hex64("map_extra", 64)), 72, 4);
    private static final Field MAP_FD = u32("map_fd", 0);
    private static final Field KEY = ptr("key", 8);
    private static final Field UPDATE_FLAGS = new Field("flags", 24, 8,
            (c, o, b, i) -> Fmt.enumValue(c, o, BPF_UPDATE_FLAGS, Bytes.getLong(b, i), "BPF_"));
    private static final List<Field> MAP_ELEM = List.of(MAP_FD, KEY, ptr("value", 16), UPDATE_FLAGS);
    private static final Layout MAP_LOOKUP = new Layout(null, MAP_ELEM, 32, 3);
    private static final Layout MAP_UPDATE = new Layout(null, MAP_ELEM, 32, 4);
    private static final Layout MAP_DELETE = new Layout(null, List.of(MAP_FD, KEY), 16, 2);
    private static final Layout MAP_NEXT_KEY = new Layout(null, List.of(MAP_FD, KEY, ptr("next_key", 16)), 24, 3);
    private static final Layout PROG_LOAD = new Layout(null, List.of(
            enumv("prog_type", 0, BPF_PROG_TYPE, "BPF_PROG_TYPE_"), u32("insn_cnt", 4), ptr("insns", 8),
            string("license", 16), u32("log_level", 24), u32("log_size", 28), string("log_buf", 32),
            new Field("kern_version", 40, 4, (c, o, b, i) -> {
                int v = Bytes.getInt(b, i);
                o.append("KERNEL_VERSION(").append(v >>> 16).append(", ").append((v >>> 8) & 0xff).append(", ")
                        .append(v & 0xff).append(')');
            }),
            flags("prog_flags", 44, BPF_PROG_FLAGS), name("prog_name", 48), u32("prog_ifindex", 64),
            enumv("expected_attach_type", 68, BPF_ATTACH_TYPE, "BPF_"), u32("prog_btf_fd", 72),
            u32("func_info_rec_size", 76), ptr("func_info", 80), u32("func_info_cnt", 88),
            u32("line_info_rec_size", 92), ptr("line_info", 96), u32("line_info_cnt", 104),
            u32("attach_btf_id", 108), u32("attach_prog_fd", 112), ptr("fd_array", 120)), 128, 4);
    private static final Layout OBJ_INFO = new Layout("info", List.of(u32("bpf_fd", 0), u32("info_len", 4),
            ptr("info", 8)), 16, 3);
    private static final Layout PROG_QUERY = new Layout("query", List.of(u32("target_fd", 0),
            enumv("attach_type", 4, BPF_ATTACH_TYPE, "BPF_"), flags("query_flags", 8, BPF_QUERY_FLAGS),
            flags("attach_flags", 12, BPF_ATTACH_FLAGS), ptr("prog_ids", 16), u32("prog_cnt", 24)), 28, 6);
    private static final Layout PROG_ATTACH = new Layout(null, List.of(u32("target_fd", 0),
            u32("attach_bpf_fd", 4), ATTACH_TYPE_8, flags("attach_flags", 12, BPF_ATTACH_FLAGS),
            u32("replace_bpf_fd", 16)), 20, 4);
    private static final Layout PROG_DETACH = new Layout(null, List.of(u32("target_fd", 0), ATTACH_TYPE_8), 12, 2);
    private static final Layout LINK_CREATE = new Layout("link_create", List.of(u32("prog_fd", 0),
            u32("target_fd", 4), ATTACH_TYPE_8, hex32("flags", 12)), 16, 4);

    /** BPF_BTF_LOAD: the BTF data is a buffer of {@code btf_size} bytes. */
    private static final Layout BTF_LOAD = new Layout(null, List.of(
            new Field("btf", 0, 8, (c, o, b, i) -> {
                long addr = Bytes.getLong(b, i);
                if (addr == 0) {
                    o.append("NULL");
                } else {
                    Fmt.buffer(c, o, addr, Bytes.getInt(b, 16) & 0xffffffffL);
                }
            }),
            ptr("btf_log_buf", 8), u32("btf_size", 16), u32("btf_log_size", 20), u32("btf_log_level", 24)), 28, 5);

    /** The layout strace decodes for a command, or null for the commands printed as a pointer. */
    private static Layout layout(String command) {
        switch (command) {
            case "BPF_MAP_CREATE": return MAP_CREATE;
            case "BPF_MAP_LOOKUP_ELEM": return MAP_LOOKUP;
            case "BPF_MAP_UPDATE_ELEM": return MAP_UPDATE;
            case "BPF_MAP_DELETE_ELEM": return MAP_DELETE;
            case "BPF_MAP_GET_NEXT_KEY": return MAP_NEXT_KEY;
            case "BPF_PROG_LOAD": return PROG_LOAD;
            case "BPF_OBJ_GET_INFO_BY_FD": return OBJ_INFO;
            case "BPF_PROG_QUERY": return PROG_QUERY;
            case "BPF_PROG_ATTACH": return PROG_ATTACH;
            case "BPF_PROG_DETACH": return PROG_DETACH;
            case "BPF_LINK_CREATE": return LINK_CREATE;
            case "BPF_BTF_LOAD": return BTF_LOAD;
            default: return null;
        }
    }

    /**
     * bpf(2): the command, its attr, the size, all at entry, except that BPF_OBJ_GET_INFO_BY_FD stops after
     * {@code info_len} and prints the rest at exit, with {@code => N} when the kernel changed the length.
     */
    static final SyscallDecoder DECODER = new SyscallDecoder() {
        @Override
        public void enter(SyscallCall c, StringBuilder o) {
            long cmd = c.arg(0) & 0xffffffffL;
            Fmt.enumValue(c.ctx, o, BPF_CMD, cmd, "BPF_");
            o.append(", ");
            String name = c.ctx.xlat(BPF_CMD).name(cmd);
            byte[] b = read(c);
            Layout l = b == null || name == null ? null : layout(name);
            if (c.arg(1) == 0) {
                o.append("NULL");
            } else if (l == null) {
                Fmt.ptr(o, c.arg(1));
            } else if (l == OBJ_INFO) {
                b = Arrays.copyOf(b, Math.max(b.length, OBJ_INFO.end()));
                long infoLen = Bytes.getInt(b, 4) & 0xffffffffL;
                o.append("{info={bpf_fd=").append(Bytes.getInt(b, 0) & 0xffffffffL).append(", info_len=")
                        .append(infoLen);
                c.saved = infoLen + 1; // the rest is printed at exit
                return;
            } else {
                fields(c.ctx, o, l, b);
            }
            o.append(", ").append(c.arg(2) & 0xffffffffL);
        }

        @Override
        public void exit(SyscallCall c, StringBuilder o) {
            if (c.saved == 0) {
                return;
            }
            byte[] b = read(c);
            if (b != null) {
                int size = b.length;
                b = Arrays.copyOf(b, Math.max(size, OBJ_INFO.end()));
                long infoLen = Bytes.getInt(b, 4) & 0xffffffffL;
                if (c.succeeded() && infoLen != c.saved - 1) {
                    o.append(" => ").append(infoLen);
                }
                o.append(", info=");
                Fmt.ptr(o, Bytes.getLong(b, 8));
                o.append('}');
                tail(o, Arrays.copyOf(b, size), OBJ_INFO.end());
            } else {
                o.append(", ...}}");
            }
            o.append(", ").append(c.arg(2) & 0xffffffffL);
        }
    };

    /** The attr's bytes within the size given (at most {@link #MAX_SIZE}), or null when NULL or unreadable. */
    private static byte[] read(SyscallCall c) {
        long size = c.arg(2) & 0xffffffffL;
        return c.arg(1) == 0 || size == 0 ? null : c.ctx.read(c.arg(1), (int) Math.min(size, MAX_SIZE));
    }

    private static void fields(DecodeContext ctx, StringBuilder o, Layout l, byte[] b) {
        o.append('{');
        if (l.wrapper() != null) {
            o.append(l.wrapper()).append("={");
        }
        boolean first = true;
        boolean numa = false;
        byte[] padded = Arrays.copyOf(b, Math.max(b.length, l.end())); // a field cut by the size reads as zeros
        for (int k = 0; k < l.fields().size(); k++) {
            Field f = l.fields().get(k);
            if (k >= l.always() && f.offset() >= b.length) {
                break;
            }
            if (f.name().equals("map_flags")) {
                numa = (Bytes.getInt(padded, f.offset()) & BPF_F_NUMA_NODE) != 0;
            } else if (f.name().equals("numa_node") && !numa) {
                continue;
            }
            o.append(first ? "" : ", ").append(f.name()).append('=');
            f.value().print(ctx, o, padded, f.offset());
            first = false;
        }
        if (l.wrapper() != null) {
            o.append('}');
        }
        tail(o, b, l.end());
    }

    /** {@code , ...} when a byte after the command's fields is set, then the closing brace. */
    private static void tail(StringBuilder o, byte[] b, int end) {
        for (int i = end; i < b.length; i++) {
            if (b[i] != 0) {
                o.append(", ...");
                break;
            }
        }
        o.append('}');
    }
}
