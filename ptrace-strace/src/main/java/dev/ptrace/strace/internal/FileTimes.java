package dev.ptrace.strace.internal;

import dev.ptrace.strace.ConstantStyle;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The file times of utimensat, utimes, futimesat and utime, each followed by its date in a comment as strace
 * prints it: {@code [{tv_sec=1704164645, tv_nsec=0} /* 2024-01-02T03:04:05+0000 *}{@code /], UTIME_OMIT]}.
 */
final class FileTimes {
    /** utimensat's special tv_nsec values: set to the current time, leave unchanged. */
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx");

    private FileTimes() {
    }

    /** utimensat's two {@code struct timespec}s (access, modification). */
    static void timespecPair(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 32);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append('[');
        for (int i = 0; i < 2; i++) {
            long sec = Bytes.getLong(b, 16 * i);
            long nsec = Bytes.getLong(b, 16 * i + 8);
            if (i > 0) {
                o.append(", ");
            }
            if (nsec == UTIME_NOW || nsec == UTIME_OMIT) {
                special(ctx.style(), o, sec, nsec);
            } else {
                pair(o, "tv_nsec", sec, nsec, 9);
            }
        }
        o.append(']');
    }

    /** UTIME_NOW or UTIME_OMIT: its name; under {@code -X raw} the struct, under verbose both. */
    private static void special(ConstantStyle style, StringBuilder o, long sec, long nsec) {
        String name = nsec == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT";
        if (style == ConstantStyle.ABBREV) {
            o.append(name);
            return;
        }
        o.append("{tv_sec=").append(sec).append(", tv_nsec=").append(nsec).append('}');
        if (style == ConstantStyle.VERBOSE) {
            o.append(" /* ").append(name).append(" */");
        }
    }

    /** utimes' and futimesat's two {@code struct timeval}s. */
    static void timevalPair(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 32);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append('[');
        pair(o, "tv_usec", Bytes.getLong(b, 0), Bytes.getLong(b, 8), 6);
        o.append(", ");
        pair(o, "tv_usec", Bytes.getLong(b, 16), Bytes.getLong(b, 24), 6);
        o.append(']');
    }

    /** utime's {@code struct utimbuf}: two times in seconds. */
    static void utimbuf(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 16);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        String[] names = {"actime", "modtime"};
        o.append('{');
        for (int i = 0; i < 2; i++) {
            long sec = Bytes.getLong(b, 8 * i);
            o.append(i > 0 ? ", " : "").append(names[i]).append('=').append(sec);
            comment(o, date(sec, 0, 0));
        }
        o.append('}');
    }

    private static void pair(StringBuilder o, String fraction, long sec, long part, int digits) {
        o.append("{tv_sec=").append(sec).append(", ").append(fraction).append('=').append(part).append('}');
        comment(o, date(sec, part, digits));
    }

    private static void comment(StringBuilder o, String date) {
        if (date != null) {
            o.append(" /* ").append(date).append(" */");
        }
    }

    /**
     * A time as strace dates it, in the tracer's time zone: {@code 2024-01-02T03:04:05+0000}, with the fraction
     * ({@code digits} wide) before the offset when it is not zero; null when out of range, as strace prints none.
     */
    static String date(long sec, long part, int digits) {
        long max = digits == 9 ? 1_000_000_000L : digits == 6 ? 1_000_000L : 1;
        if (part < 0 || part >= max) {
            return null;
        }
        ZonedDateTime t;
        try {
            t = Instant.ofEpochSecond(sec).atZone(ZoneId.systemDefault());
        } catch (DateTimeException e) {
            return null;
        }
        StringBuilder s = new StringBuilder(SECONDS.format(t));
        if (part != 0) {
            String p = Long.toString(part);
            s.append('.').append("0".repeat(digits - p.length())).append(p);
        }
        return s.append(OFFSET.format(t)).toString();
    }
}
