package dev.ptrace.examples.jstrace;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * jstrace's manual page, {@code jstrace(1)} in troff's man macros, rendered from the options table that
 * {@code --help} prints ({@link JstraceOptions}) and the reasons of the refused options ({@link OptionChecks}), so
 * that page and help cannot disagree. The build writes it into the archives (see {@link InstallFiles}).
 */
final class ManPage {

    private ManPage() {
    }

    /** {@return the page for the options of {@code spec}} */
    static String render(CommandSpec spec) {
        StringBuilder page = new StringBuilder();
        page.append(".TH JSTRACE 1 \"\" \"").append(text(spec.version()[0])).append("\" \"User Commands\"\n");
        String summary = lowerFirst(spec.usageMessage().description()[0]).replaceAll("\\.$", "");
        page.append(".SH NAME\njstrace \\- ").append(text(summary)).append('\n');
        page.append(".SH SYNOPSIS\n.B jstrace\n[\\fIOPTION\\fR]... \\fIPROG\\fR [\\fIARG\\fR]...\n.br\n")
                .append(".B jstrace\n[\\fIOPTION\\fR]... \\fB\\-p\\fR \\fIPID\\fR...\n");
        page.append(".SH DESCRIPTION\n").append(text("jstrace runs PROG, or attaches to the processes PID, and"
                + " prints each system call they make and each signal they receive, as strace(1) 6.1 prints them;"
                + " it is written in Java on ptrace-java. It reads strace's whole command line as strace does:"
                + " clustered short options, -s8 or -s 8, --string-limit=8 or --string-limit 8, unambiguous"
                + " prefixes of long options, options end at PROG. An option of strace that jstrace does not"
                + " implement is refused with a one-line reason (see REFUSED OPTIONS), never ignored.")).append('\n');
        page.append(".SH OPTIONS\n");
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                page.append(".TP\n").append(names(option)).append('\n')
                        .append(text(String.join(" ", option.description()))).append('\n');
            }
        }
        page.append(".SH REFUSED OPTIONS\n");
        for (String reason : new TreeSet<>(OptionChecks.REASONS.values())) {
            page.append(".IP \\(bu 2\n").append(text(reason)).append(".\n");
        }
        page.append(".SH EXIT STATUS\n").append(text("The traced command's exit status, or 128+N when signal N"
                + " killed it; 1 for a usage error or when tracing cannot start.")).append('\n');
        page.append(".SH ENVIRONMENT\n");
        definition(page, "JAVA", "The java command to run on; by default the runtime that comes with jstrace,"
                + " if it has one, else java on PATH.");
        definition(page, "JSTRACE_JAVA_OPTS", "More options for the JVM, such as -XX:TieredStopAtLevel=4"
                + " -XX:CICompilerCount=2 for long traces (C2's code costs less per system call, more at"
                + " start-up).");
        definition(page, "XDG_CACHE_HOME", "Where an installed jstrace keeps the files it makes on its first"
                + " run (a class-data archive for a faster start, JNA's native library): $XDG_CACHE_HOME/jstrace,"
                + " else ~/.cache/jstrace.");
        page.append(".SH SEE ALSO\n.BR strace (1),\n.BR ptrace (2)\n");
        return page.toString();
    }

    private static void definition(StringBuilder page, String term, String meaning) {
        page.append(".TP\n.B ").append(term).append('\n').append(text(meaning)).append('\n');
    }

    /** {@code -s STRSIZE, --string-limit=STRSIZE} in bold and italics; flags without a value. */
    private static String names(OptionSpec option) {
        boolean value = option.arity().max() > 0;
        List<String> names = new ArrayList<>();
        for (String name : option.names()) {
            String shown = "\\fB" + text(name) + "\\fR";
            if (value) {
                shown += (name.startsWith("--") ? "=" : " ") + "\\fI" + text(option.paramLabel()) + "\\fR";
            }
            names.add(shown);
        }
        return String.join(", ", names);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * {@code s} as troff text: backslashes and dashes escaped ({@code -} would print as a hyphen), a line that
     * would start with a control character guarded.
     */
    static String text(String s) {
        String escaped = s.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
