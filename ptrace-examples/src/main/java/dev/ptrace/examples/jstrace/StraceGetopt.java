package dev.ptrace.examples.jstrace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * strace's command-line syntax (getopt_long with a "+" option string): clustered short options, a short option's
 * value attached or in the next argument, long options and their unambiguous prefixes with {@code --name=value}
 * or {@code --name value}, optional values only after {@code =}, and the first non-option argument (or
 * {@code --}) ending the options. {@link #normalise} rewrites such a command line into one spelling per option,
 * which the picocli model of {@link JstraceOptions} binds; the messages for malformed command lines are getopt's.
 *
 * <p>Picocli alone would accept {@code -s=8} as {@code -s 8} and take the program as the value of an option with
 * an optional value; strace does neither.
 */
final class StraceGetopt {

    /** Whether an option takes a value. */
    enum Arg { NONE, REQUIRED, OPTIONAL }

    /**
     * A long option: its name, whether it takes a value, and the canonical token(s) it becomes. For a value, the
     * value is appended to {@code token} ({@code "-s="} + value); a bare option with an optional value becomes
     * {@code bare} instead.
     */
    private record Long(String name, Arg arg, String token, String... bare) {
    }

    /** Short options that take a value (strace's option string: every letter followed by ':'). */
    static final String SHORT_WITH_VALUE = "abeEIoOpPsSuUX";
    /** Short options without a value. */
    static final String SHORT_FLAGS = "ACcdDfFhiknqrtTvVwxyYzZ";

    /** strace 6.1's long options in the order of its table (getopt lists ambiguous candidates so), then jstrace's. */
    private static final List<Long> LONGS = List.of(
            new Long("attach", Arg.REQUIRED, "-p="),
            new Long("absolute-timestamps", Arg.OPTIONAL, "--absolute-timestamps:=", "-t"),
            new Long("abbrev", Arg.REQUIRED, "-e=abbrev="),
            new Long("columns", Arg.REQUIRED, "-a="),
            new Long("const-print-style", Arg.REQUIRED, "-X="),
            new Long("detach-on", Arg.REQUIRED, "-b="),
            new Long("debug", Arg.NONE, "", "-d"),
            new Long("daemonize", Arg.OPTIONAL, "--daemonize:=", "--daemonize:=grandchild"),
            new Long("daemonised", Arg.OPTIONAL, "--daemonize:=", "--daemonize:=grandchild"),
            new Long("daemonized", Arg.OPTIONAL, "--daemonize:=", "--daemonize:=grandchild"),
            new Long("decode-fds", Arg.OPTIONAL, "-e=decode-fds=", "-y"),
            new Long("decode-pids", Arg.REQUIRED, "--decode-pids="),
            new Long("env", Arg.REQUIRED, "-E="),
            new Long("follow-forks", Arg.NONE, "", "-f"),
            new Long("failed-only", Arg.NONE, "", "-Z"),
            new Long("failing-only", Arg.NONE, "", "-Z"),
            new Long("fault", Arg.REQUIRED, "-e=fault="),
            new Long("help", Arg.NONE, "", "-h"),
            new Long("instruction-pointer", Arg.NONE, "", "-i"),
            new Long("interruptible", Arg.REQUIRED, "-I="),
            new Long("inject", Arg.REQUIRED, "-e=inject="),
            new Long("kvm", Arg.REQUIRED, "-e=kvm="),
            new Long("no-abbrev", Arg.NONE, "", "-v"),
            new Long("output-append-mode", Arg.NONE, "", "-A"),
            new Long("output-separately", Arg.NONE, "", "--output-separately"),
            new Long("output", Arg.REQUIRED, "-o="),
            new Long("pidns-translation", Arg.NONE, "", "--decode-pids=pidns"),
            new Long("quiet", Arg.OPTIONAL, "-e=quiet=", "-q"),
            new Long("relative-timestamps", Arg.OPTIONAL, "--relative-timestamps:=", "-r"),
            new Long("raw", Arg.REQUIRED, "-e=raw="),
            new Long("read", Arg.REQUIRED, "-e=read="),
            new Long("summary-only", Arg.NONE, "", "-c"),
            new Long("summary", Arg.NONE, "", "-C"),
            new Long("stack-traces", Arg.NONE, "", "-k"),
            new Long("syscall-number", Arg.NONE, "", "-n"),
            new Long("summary-syscall-overhead", Arg.REQUIRED, "-O="),
            new Long("string-limit", Arg.REQUIRED, "-s="),
            new Long("summary-sort-by", Arg.REQUIRED, "-S="),
            new Long("syscall-times", Arg.OPTIONAL, "--syscall-times:=", "-T"),
            new Long("summary-columns", Arg.REQUIRED, "-U="),
            new Long("summary-wall-clock", Arg.NONE, "", "-w"),
            new Long("strings-in-hex", Arg.OPTIONAL, "--strings-in-hex:=", "-x", "-x"),
            new Long("successful-only", Arg.NONE, "", "-z"),
            new Long("seccomp-bpf", Arg.NONE, "", "--seccomp-bpf"),
            new Long("signals", Arg.REQUIRED, "-e=signal="),
            new Long("status", Arg.REQUIRED, "-e=status="),
            new Long("silent", Arg.REQUIRED, "-e=quiet="),
            new Long("silence", Arg.REQUIRED, "-e=quiet="),
            new Long("secontext", Arg.OPTIONAL, "--secontext:=", "--secontext:="),
            new Long("trace-path", Arg.REQUIRED, "-P="),
            new Long("timestamps", Arg.OPTIONAL, "--absolute-timestamps:=", "-t"),
            new Long("tips", Arg.OPTIONAL, "--tips:=", "--tips:="),
            new Long("trace", Arg.REQUIRED, "-e=trace="),
            new Long("user", Arg.REQUIRED, "-u="),
            new Long("version", Arg.NONE, "", "-V"),
            new Long("verbose", Arg.REQUIRED, "-e=verbose="),
            new Long("write", Arg.REQUIRED, "-e=write="),
            new Long("json", Arg.NONE, "", "--json"),
            new Long("no-seccomp-bpf", Arg.NONE, "", "--no-seccomp-bpf"),
            new Long("pin-cpu", Arg.REQUIRED, "--pin-cpu="),
            // no --trace-event alias: it would make strace's --trace- (--trace-path) ambiguous
            new Long("perfetto", Arg.REQUIRED, "--perfetto="));

    private StraceGetopt() {
    }

    /**
     * {@return every long option name jstrace reads (strace's and its own), without the dashes, in the table's
     * order, each mapped to whether it takes a value}; the shell completion offers them.
     */
    static Map<String, Arg> longOptions() {
        Map<String, Arg> names = new LinkedHashMap<>();
        for (Long l : LONGS) {
            names.put(l.name, l.arg);
        }
        return names;
    }

    /**
     * Rewrites a command line into canonical tokens: {@code -x} for each flag, {@code -s=VALUE} for a short option
     * with a value, {@code --name=VALUE} for jstrace's long-only ones, then {@code --} and the program with its
     * arguments untouched.
     *
     * @param args the command line as given
     * @param warnings receives getopt's warnings (deprecated {@code -F})
     * @return the canonical tokens
     * @throws UsageError with getopt's message for an unknown, ambiguous or incomplete option
     */
    static List<String> normalise(String[] args, List<String> warnings) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            i++;
            if (a.startsWith("--")) {
                i = longOption(a.substring(2), args, i, out);
                continue;
            }
            for (int k = 1; k < a.length(); k++) {
                char c = a.charAt(k);
                if (SHORT_WITH_VALUE.indexOf(c) >= 0) {
                    String value;
                    if (k + 1 < a.length()) {
                        value = a.substring(k + 1);
                    } else if (i < args.length) {
                        value = args[i++];
                    } else {
                        throw new UsageError("option requires an argument -- '" + c + "'", true);
                    }
                    StraceValues.check("-" + c, "-" + c, value);
                    out.add(refusedOr("-" + c, "-" + c + "=" + value));
                    break;
                }
                if (SHORT_FLAGS.indexOf(c) < 0) {
                    throw new UsageError("invalid option -- '" + c + "'", true);
                }
                if (c == 'F') {
                    warnings.add("option -F is deprecated, please use -f/--follow-forks instead");
                    c = 'f';
                }
                out.add(refusedOr("-" + c, "-" + c));
            }
        }
        out.add("--");
        for (; i < args.length; i++) {
            out.add(args[i]);
        }
        return out;
    }

    private static int longOption(String spelled, String[] args, int i, List<String> out) {
        int eq = spelled.indexOf('=');
        String name = eq < 0 ? spelled : spelled.substring(0, eq);
        Long opt = find(name, spelled);
        if (opt.arg == Arg.NONE && eq >= 0) {
            throw new UsageError("option '--" + opt.name + "' doesn't allow an argument", true);
        }
        if (eq >= 0) {
            out.add(valued(opt, spelled.substring(eq + 1)));
            return i;
        }
        if (opt.arg == Arg.REQUIRED) {
            if (i >= args.length) {
                throw new UsageError("option '--" + opt.name + "' requires an argument", true);
            }
            out.add(valued(opt, args[i]));
            return i + 1;
        }
        for (String bare : opt.bare) {
            out.add(refusedOr(bare.endsWith(":=") ? bare.substring(0, bare.length() - 2) : bare, bare));
        }
        return i;
    }

    /** The canonical token for a long option with a value, the value checked as strace checks it. */
    private static String valued(Long opt, String value) {
        String canonical = opt.token.substring(0, opt.token.length() - (opt.token.endsWith(":=") ? 2 : 1));
        StraceValues.check(canonical, "--" + opt.name, value);
        return refusedOr(canonical, opt.token + value);
    }

    /**
     * {@code token}, or for an option jstrace refuses ({@link OptionChecks#REASONS}) {@code --refused=NAME}, one
     * option for all of them in the picocli model.
     */
    private static String refusedOr(String canonical, String token) {
        return OptionChecks.REASONS.containsKey(canonical) ? "--refused=" + canonical : token;
    }

    /**
     * The long option named exactly so, or the only one this is a prefix of, as getopt_long finds it; its messages
     * quote the argument as spelt, with any {@code =value}.
     */
    private static Long find(String name, String spelled) {
        List<Long> candidates = new ArrayList<>();
        for (Long l : LONGS) {
            if (l.name.equals(name)) {
                return l;
            }
            if (!name.isEmpty() && l.name.startsWith(name)) {
                candidates.add(l);
            }
        }
        // getopt_long: prefixes of several spellings of one option (--silent, --silence) are not ambiguous
        if (!candidates.isEmpty() && candidates.stream().allMatch(c -> c.token.equals(candidates.get(0).token)
                && c.arg == candidates.get(0).arg && java.util.Arrays.equals(c.bare, candidates.get(0).bare))) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new UsageError("unrecognized option '--" + spelled + "'", true);
        }
        StringBuilder m = new StringBuilder("option '--" + spelled + "' is ambiguous; possibilities:");
        for (Long c : candidates) {
            m.append(" '--").append(c.name).append('\'');
        }
        throw new UsageError(m.toString(), true);
    }
}
