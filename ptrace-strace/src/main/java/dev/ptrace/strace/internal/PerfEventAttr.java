package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/**
 * {@code struct perf_event_attr} of perf_event_open(2) as strace prints it by default: type, size, config (named
 * for hardware, software and cache events), sample period or frequency, sample and read formats, the flag bits that are
 * set up to {@code precise_ip}, {@code precise_ip} with its meaning, then {@code ...}. Layout from
 * linux/perf_event.h.
 */
final class PerfEventAttr {
    /** The bytes read: through the flag bits, all within the first published size (64). */
    private static final int READ = 48;
    private static final long TYPE_HARDWARE = 0;
    private static final long TYPE_SOFTWARE = 1;
    private static final long TYPE_TRACEPOINT = 2;
    private static final long TYPE_HW_CACHE = 3;
    /** The single-bit fields before {@code precise_ip}, from bit 0. */
    private static final String[] BITS = {"disabled", "inherit", "pinned", "exclusive", "exclude_user",
        "exclude_kernel", "exclude_hv", "exclude_idle", "mmap", "comm", "freq", "inherit_stat", "enable_on_exec",
        "task", "watermark"};
    private static final int FREQ_BIT = 10;
    private static final int PRECISE_IP_SHIFT = 15;
    private static final String[] PRECISE_IP = {"arbitrary skid", "constant skid", "requested to have 0 skid",
        "must have 0 skid"};

    private PerfEventAttr() {
    }

    /** The attr at {@code addr}: NULL, its address when unreadable, else its fields. */
    static void print(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = addr == 0 ? null : ctx.read(addr, READ);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        long type = Bytes.getInt(b, 0) & 0xffffffffL;
        o.append("{type=");
        Fmt.enumValue(ctx, o, PERF_TYPE, type, "PERF_TYPE_");
        o.append(", size=");
        named(ctx, o, PERF_ATTR_SIZE, Bytes.getInt(b, 4) & 0xffffffffL, "PERF_ATTR_SIZE_");
        o.append(", config=");
        config(ctx, o, type, Bytes.getLong(b, 8));
        long bits = Bytes.getLong(b, 40);
        o.append((bits & (1L << FREQ_BIT)) != 0 ? ", sample_freq=" : ", sample_period=")
                .append(Long.toUnsignedString(Bytes.getLong(b, 16)));
        o.append(", sample_type=");
        Fmt.flags(ctx, o, PERF_SAMPLE_FORMAT, Bytes.getLong(b, 24));
        o.append(", read_format=");
        Fmt.flags(ctx, o, PERF_READ_FORMAT, Bytes.getLong(b, 32));
        for (int i = 0; i < BITS.length; i++) {
            if ((bits & (1L << i)) != 0) {
                o.append(", ").append(BITS[i]).append("=1");
            }
        }
        int precise = (int) (bits >>> PRECISE_IP_SHIFT) & 3;
        o.append(", precise_ip=").append(precise).append(" /* ").append(PRECISE_IP[precise]).append(" */, ...}");
    }

    /**
     * The config: a hardware or software event by name, a cache event as its three fields (bits 0-7, 8-15,
     * 16-23; bits above printed shifted), a tracepoint id in decimal, anything else in hex.
     */
    private static void config(DecodeContext ctx, StringBuilder o, long type, long config) {
        if (type == TYPE_HARDWARE) {
            named(ctx, o, PERF_HW_ID, config, "PERF_COUNT_HW_");
        } else if (type == TYPE_SOFTWARE) {
            named(ctx, o, PERF_SW_ID, config, "PERF_COUNT_SW_");
        } else if (type == TYPE_TRACEPOINT) {
            o.append(Long.toUnsignedString(config));
        } else if (type == TYPE_HW_CACHE) {
            if (config >>> 32 != 0) {
                o.append("0x").append(Long.toHexString(config >>> 32)).append("<<32|");
            }
            if ((config >>> 24 & 0xff) != 0) {
                o.append("0x").append(Long.toHexString(config >>> 24 & 0xff)).append("<<24|");
            }
            named(ctx, o, PERF_CACHE_RESULT, config >>> 16 & 0xff, "PERF_COUNT_HW_CACHE_RESULT_");
            o.append("<<16|");
            named(ctx, o, PERF_CACHE_OP, config >>> 8 & 0xff, "PERF_COUNT_HW_CACHE_OP_");
            o.append("<<8|");
            named(ctx, o, PERF_CACHE_ID, config & 0xff, "PERF_COUNT_HW_CACHE_");
        } else {
            Fmt.hexOrZero(o, config);
        }
    }

    /** A value by its name, else in hex (plain 0) with a {@code PREFIX???} comment. */
    private static void named(DecodeContext ctx, StringBuilder o, ConstantFamily family, long v, String prefix) {
        if (v == 0 && ctx.xlat(family).name(0) == null) {
            o.append("0 /* ").append(prefix).append("??? */");
        } else {
            Fmt.enumValue(ctx, o, family, v, prefix);
        }
    }

    /** perf_event_open's flags: names, or hex with a {@code PERF_FLAG_???} comment when none is known. */
    static void flags(DecodeContext ctx, StringBuilder o, long flags) {
        long known = 0;
        for (Xlat.Entry e : ctx.xlat(PERF_FLAGS).entries()) {
            known |= e.value();
        }
        if (flags != 0 && (flags & known) == 0) {
            Fmt.hex(o, flags);
            o.append(" /* PERF_FLAG_??? */");
        } else {
            Fmt.flags(ctx, o, PERF_FLAGS, flags);
        }
    }
}
