package dev.ptrace.examples;

import dev.ptrace.BpfDisassembler;
import dev.ptrace.Ptrace;
import dev.ptrace.PtraceException;
import dev.ptrace.Seccomp;
import dev.ptrace.SeccompMetadata;
import dev.ptrace.Tracee;
import dev.ptrace.Tracer;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the seccomp filters of running processes, disassembled, with syscall numbers shown by name: what a
 * container runtime, a browser sandbox or systemd's {@code SystemCallFilter=} really installed.
 *
 * <pre>{@code
 * java -cp ptrace-examples/target/jstrace.jar dev.ptrace.examples.SeccompDump -p 1234
 * }</pre>
 *
 * <p>It attaches ({@link Tracer#attach(int)}), reads each filter with {@link Seccomp#filter(int)} (the kernel's
 * {@code PTRACE_SECCOMP_GET_FILTER}, oldest filter first), lists it with {@link BpfDisassembler} and detaches. That
 * request needs {@code CAP_SYS_ADMIN} and a tracer that runs without a seccomp filter of its own: inside a
 * container with the default profile it is refused, and the message says so.
 */
@Command(name = "seccomp-dump", mixinStandardHelpOptions = true, version = "seccomp-dump (ptrace-java)",
        description = "Print the seccomp mode and filters of the processes PID, disassembled.")
public final class SeccompDump implements Callable<Integer> {

    @Option(names = "-p", paramLabel = "PID", required = true, description = "A process to inspect (repeatable).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--numbers", description = "Show syscall numbers instead of names.")
    boolean numbers;

    private final PrintStream out;
    private final PrintStream err;

    private SeccompDump(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the tool and exits with 0, or 1 if a process could not be inspected or for a usage error. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the tool with its output on the given streams; returns its exit status. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return Cli.run(new SeccompDump(out, err), false, out, err, args);
    }

    @Override
    public Integer call() {
        int status = 0;
        try (Tracer tracer = Ptrace.open()) {
            SyscallTable table = SyscallTable.of(tracer.arch());
            for (int pid : pids) {
                try {
                    Tracee tracee = tracer.attach(pid); // the filters can only be read from a stopped tracee
                    try {
                        dump(tracee, table);
                    } finally {
                        tracee.detach();
                    }
                } catch (PtraceException e) {
                    err.println("seccomp-dump: " + pid + ": " + e.getMessage());
                    status = Cli.FAILURE;
                }
            }
        }
        out.flush();
        return status;
    }

    private void dump(Tracee tracee, SyscallTable table) {
        Seccomp seccomp = tracee.seccomp();
        int mode = seccomp.mode();
        String modeName = mode == 0 ? "disabled" : mode == 1 ? "strict" : mode == 2 ? "filter" : "unknown";
        if (mode != 2) {
            out.printf("pid %d (%s): seccomp mode %d (%s)%n", tracee.pid(), comm(tracee.pid()), mode, modeName);
            return;
        }
        int count = seccomp.filterCount();
        out.printf("pid %d (%s): seccomp mode 2 (filter), %d filter%s%n", tracee.pid(), comm(tracee.pid()), count,
                count == 1 ? "" : "s");
        for (int i = 0; i < count; i++) {
            SeccompMetadata metadata = seccomp.metadata(i);
            String age = count == 1 ? "" : i == 0 ? " (oldest, runs last)" : i == count - 1 ? " (newest, runs first)"
                    : "";
            out.printf("%nfilter %d%s, flags %s:%n", i, age,
                    metadata.flags() == 0 ? "none" : String.join(",", metadata.flagNames()));
            out.print(BpfDisassembler.disassemble(seccomp.filter(i),
                    numbers ? nr -> null : nr -> table.byNumber(nr).map(Syscall::name).orElse(null)));
        }
    }

    /** The process's command name, escaped: a process chooses its own name. */
    private static String comm(int pid) {
        try {
            return Cli.escape(Files.readString(Path.of("/proc/" + pid + "/comm")).strip());
        } catch (IOException e) {
            return "?";
        }
    }
}
