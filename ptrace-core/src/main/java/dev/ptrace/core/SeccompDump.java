package dev.ptrace.core;

import dev.ptrace.BpfDisassembler;
import dev.ptrace.Seccomp;
import dev.ptrace.SeccompMetadata;
import dev.ptrace.Tracee;

import java.io.PrintStream;
import java.util.function.IntFunction;

/**
 * Prints the seccomp filters of a stopped tracee's process, disassembled. Needs CAP_SYS_ADMIN (see
 * {@link Seccomp}). The command-line tool is {@code dev.ptrace.examples.SeccompDump} in ptrace-examples.
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
}
