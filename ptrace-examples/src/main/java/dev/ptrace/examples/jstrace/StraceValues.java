package dev.ptrace.examples.jstrace;

import dev.ptrace.strace.ConstantStyle;
import dev.ptrace.strace.StringsInHex;
import java.util.List;

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
}
