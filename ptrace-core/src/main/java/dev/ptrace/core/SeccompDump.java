package dev.ptrace.core;

import dev.ptrace.BpfDisassembler;
import dev.ptrace.Ptrace;
import dev.ptrace.Seccomp;
import dev.ptrace.SeccompMetadata;
import dev.ptrace.Tracee;
import dev.ptrace.Tracer;

import java.io.PrintStream;
import java.util.function.IntFunction;

/**
 * Prints the seccomp filters of a process, disassembled. From Java, {@link #dump(Tracee, PrintStream, IntFunction)}
 * on a stopped tracee; from the command line:
 *
 * <pre>java -cp ptrace-api.jar:ptrace-core.jar:ptrace-backend-jna.jar:jna.jar dev.ptrace.core.SeccompDump PID</pre>
 *
 * which attaches to the process, prints its filters and detaches. Needs CAP_SYS_ADMIN (see {@link Seccomp}).
 */
public final class SeccompDump {
    private SeccompDump() {
    }

    /**
     * Prints the seccomp mode and every filter of a stopped tracee's process, oldest (first installed) first.
     *
     * @param syscallName syscall names for the listing (null for unknown numbers)
     * @return the number of filters
     */
    public static int dump(Tracee tracee, PrintStream out, IntFunction<String> syscallName) {
        Seccomp seccomp = tracee.seccomp();
        int mode = seccomp.mode();
        out.println("pid " + tracee.pid() + ": seccomp mode " + mode + " ("
                + (mode == 0 ? "disabled" : mode == 1 ? "strict" : mode == 2 ? "filter" : "unknown") + ")");
        if (mode != 2) {
            return 0;
        }
        int count = seccomp.filterCount();
        for (int i = 0; i < count; i++) {
            SeccompMetadata md = seccomp.metadata(i);
            out.println();
            out.println("filter " + i + (count == 1 ? "" : i == 0 ? " (oldest)" : i == count - 1 ? " (newest)" : "") + ", flags "
                    + (md.flags() == 0 ? "none" : String.join(",", md.flagNames())) + ":");
            out.print(BpfDisassembler.disassemble(seccomp.filter(i), syscallName));
        }
        return count;
    }

    /**
     * {@code SeccompDump PID}: attaches, prints the filters, detaches. Exit status 0, or 1 with a message on
     * failure, 2 for a usage error.
     */
    public static void main(String[] args) {
        if (args.length != 1 || !args[0].matches("[0-9]+")) {
            System.err.println("usage: SeccompDump PID");
            System.exit(2);
        }
        int pid = Integer.parseInt(args[0]);
        try (Tracer tracer = Ptrace.open()) {
            Tracee t = tracer.attach(pid);
            try {
                dump(t, System.out, nr -> null);
            } finally {
                t.detach();
            }
        } catch (RuntimeException e) {
            System.err.println("SeccompDump: " + e.getMessage());
            System.exit(1);
        }
    }
}
