package dev.ptrace.examples.jstrace;

import dev.ptrace.strace.ConstantStyle;
import dev.ptrace.strace.StringsInHex;
import dev.ptrace.strace.SyscallSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Option values converted as strace converts them, refused with strace's messages. */
final class StraceValues {

    private StraceValues() {
    }

    /**
     * {@return a non-negative decimal int, as strace reads -s and -a}
     *
     * @param option the option, for the message
     * @param value the value as given
     */
    static int number(String option, String value) {
        String digits = value.startsWith("+") ? value.substring(1) : value;
        if (!digits.isEmpty() && digits.length() <= 10 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long n = Long.parseLong(digits);
            if (n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        }
        throw new UsageError("invalid " + option + " argument: '" + value + "'", true);
    }

    /** {@return a process id for -p: a positive decimal int} */
    static Integer pid(String value) {
        try {
            int pid = Integer.parseInt(value.trim());
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageError("Invalid process id: '" + value + "'", false);
    }

    /**
     * Checks the value of an option while the command line is read, so that strace's message names the option
     * as it was spelt ({@code invalid --string-limit argument}).
     *
     * @param canonical the option's canonical name ({@code -s})
     * @param spelling the option as given ({@code -s} or {@code --string-limit})
     * @param value its value
     */
    static void check(String canonical, String spelling, String value) {
        switch (canonical) {
            case "-s": case "-a":
                number(spelling, value);
                break;
            case "-X":
                constantStyle(spelling, value);
                break;
            case "-b":
                if (!value.equals("execve")) {
                    throw new UsageError("Syscall '" + value + "' for -b isn't supported", false);
                }
                break;
            case "--daemonize":
                daemonize(value);
                break;
            case "-S":
                sortBy(value);
                break;
            case "-U":
                summaryColumns(value);
                break;
            case "-O":
                overhead(spelling, value);
                break;
            default:
                break;
        }
    }

    /** {@return the -X style; strace takes the three names in lower case only} */
    static ConstantStyle constantStyle(String value) {
        return constantStyle("-X", value);
    }

    private static ConstantStyle constantStyle(String option, String value) {
        switch (value) {
            case "raw": return ConstantStyle.RAW;
            case "abbrev": return ConstantStyle.ABBREV;
            case "verbose": return ConstantStyle.VERBOSE;
            default: throw new UsageError("invalid " + option + " argument: '" + value + "'", true);
        }
    }

    /** {@return the -D count that {@code --daemonize=VALUE} means: 1 grandchild, 2 pgroup (pgrp), 3 session} */
    static Integer daemonize(String value) {
        switch (value) {
            case "grandchild": return 1;
            case "pgroup": case "pgrp": return 2;
            case "session": return 3;
            default: throw new UsageError("invalid --daemonize argument: '" + value + "'", true);
        }
    }

    /** {@return a precision of -r, -T: s, ms, us or ns} */
    static String precision(String option, String value) {
        if (!List.of("s", "ms", "us", "ns").contains(value)) {
            throw new UsageError("invalid " + option + " argument: '" + value + "'", true);
        }
        return value;
    }

    /**
     * {@return the {@code -t} count that {@code --absolute-timestamps=[[format:]F][,[precision:]P]} means: 0 for
     * none, 1 for time in seconds, 2 for time in microseconds, 3 for unix time in microseconds}
     */
    static Integer absoluteTimestamps(String value) {
        String format = "time";
        String precision = null;
        for (String part : value.split(",", -1)) {
            String p = part.startsWith("format:") ? part.substring(7) : part.startsWith("precision:")
                    ? part.substring(10) : part;
            if (List.of("none", "time", "unix").contains(p) && !part.startsWith("precision:")) {
                format = p;
            } else if (List.of("s", "ms", "us", "ns").contains(p) && !part.startsWith("format:")) {
                precision = p;
            } else {
                throw new UsageError("invalid --absolute-timestamps argument: '" + value + "'", true);
            }
        }
        String p = precision == null ? (format.equals("unix") ? "s" : "s") : precision;
        if (format.equals("none")) {
            return 0;
        }
        if (format.equals("time") && (p.equals("s") || p.equals("us"))) {
            return p.equals("s") ? 1 : 2;
        }
        if (format.equals("unix") && p.equals("us")) {
            return 3;
        }
        throw new UsageError("--absolute-timestamps=" + value + " is not supported: jstrace prints time in"
                + " seconds or microseconds and unix time in microseconds", false);
    }

    /** {@return --strings-in-hex: none, non-ascii-chars, non-ascii or all} */
    static StringsInHex stringsInHex(String value) {
        switch (value) {
            case "none": return StringsInHex.NONE;
            case "non-ascii-chars": return StringsInHex.NON_ASCII_CHARS;
            case "non-ascii": return StringsInHex.NON_ASCII;
            case "all": return StringsInHex.ALL;
            default: throw new UsageError("invalid --strings-in-hex argument: '" + value + "'", true);
        }
    }

    /** strace's names of the summary's columns (-U) and sort keys (-S), each with its spellings. */
    private static final Map<String, SyscallSummary.Column> COLUMNS = Map.ofEntries(
            Map.entry("time", SyscallSummary.Column.TIME_PERCENT),
            Map.entry("time-percent", SyscallSummary.Column.TIME_PERCENT),
            Map.entry("time_percent", SyscallSummary.Column.TIME_PERCENT),
            Map.entry("total-time", SyscallSummary.Column.TOTAL_TIME),
            Map.entry("total_time", SyscallSummary.Column.TOTAL_TIME),
            Map.entry("time-total", SyscallSummary.Column.TOTAL_TIME),
            Map.entry("time_total", SyscallSummary.Column.TOTAL_TIME),
            Map.entry("min-time", SyscallSummary.Column.MIN_TIME),
            Map.entry("min_time", SyscallSummary.Column.MIN_TIME),
            Map.entry("time-min", SyscallSummary.Column.MIN_TIME),
            Map.entry("time_min", SyscallSummary.Column.MIN_TIME),
            Map.entry("shortest", SyscallSummary.Column.MIN_TIME),
            Map.entry("max-time", SyscallSummary.Column.MAX_TIME),
            Map.entry("max_time", SyscallSummary.Column.MAX_TIME),
            Map.entry("time-max", SyscallSummary.Column.MAX_TIME),
            Map.entry("time_max", SyscallSummary.Column.MAX_TIME),
            Map.entry("longest", SyscallSummary.Column.MAX_TIME),
            Map.entry("avg-time", SyscallSummary.Column.AVG_TIME),
            Map.entry("avg_time", SyscallSummary.Column.AVG_TIME),
            Map.entry("time-avg", SyscallSummary.Column.AVG_TIME),
            Map.entry("time_avg", SyscallSummary.Column.AVG_TIME),
            Map.entry("calls", SyscallSummary.Column.CALLS),
            Map.entry("count", SyscallSummary.Column.CALLS),
            Map.entry("errors", SyscallSummary.Column.ERRORS),
            Map.entry("error", SyscallSummary.Column.ERRORS),
            Map.entry("name", SyscallSummary.Column.NAME),
            Map.entry("syscall", SyscallSummary.Column.NAME),
            Map.entry("syscall-name", SyscallSummary.Column.NAME),
            Map.entry("syscall_name", SyscallSummary.Column.NAME));

    /** {@return the -S order: a column's name (the percentage sorts by time) or nothing/none} */
    static SyscallSummary.Order sortBy(String value) {
        if (value.equals("nothing") || value.equals("none")) {
            return SyscallSummary.Order.NOTHING;
        }
        SyscallSummary.Column c = COLUMNS.get(value);
        if (c == null) {
            throw new UsageError("invalid sortby: '" + value + "'", true);
        }
        switch (c) {
            case MIN_TIME: return SyscallSummary.Order.MIN_TIME;
            case MAX_TIME: return SyscallSummary.Order.MAX_TIME;
            case AVG_TIME: return SyscallSummary.Order.AVG_TIME;
            case CALLS: return SyscallSummary.Order.CALLS;
            case ERRORS: return SyscallSummary.Order.ERRORS;
            case NAME: return SyscallSummary.Order.NAME;
            default: return SyscallSummary.Order.TIME;
        }
    }

    /** {@return the -U columns, comma-separated, each once} */
    static List<SyscallSummary.Column> summaryColumns(String value) {
        List<SyscallSummary.Column> columns = new ArrayList<>();
        String[] names = value.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            SyscallSummary.Column c = COLUMNS.get(names[i]);
            if (c == null) {
                throw new UsageError("unknown column name: '" + names[i] + "'", true);
            }
            if (columns.contains(c)) {
                throw new UsageError("call summary column has been provided more than once: '" + names[i]
                        + "' (-U option residual: '" + String.join(",", List.of(names).subList(i, names.length))
                        + "')", true);
            }
            columns.add(c);
        }
        return columns;
    }

    /** A number as strtod reads it (leading blanks, decimals, an exponent), then an optional unit. */
    private static final Pattern OVERHEAD = Pattern.compile(
            "[ \\t\\n]*\\+?((?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(s|ms|us|ns)?");

    /** {@return the -O overhead in nanoseconds: a non-negative number of s, ms, us (the default) or ns} */
    static long overhead(String value) {
        return overhead("-O", value);
    }

    private static long overhead(String option, String value) {
        Matcher m = OVERHEAD.matcher(value);
        if (!m.matches()) {
            throw new UsageError("invalid " + option + " argument: '" + value + "'", true);
        }
        String unit = m.group(2) == null ? "us" : m.group(2);
        double scale = unit.equals("s") ? 1e9 : unit.equals("ms") ? 1e6 : unit.equals("us") ? 1e3 : 1;
        return Math.round(Double.parseDouble(m.group(1)) * scale);
    }
}
