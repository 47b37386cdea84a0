package dev.ptrace.examples;

import dev.ptrace.Ptrace;
import dev.ptrace.Stop;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeMemoryException;
import dev.ptrace.Tracer;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallArg;
import dev.ptrace.syscalls.SyscallTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The shortest useful tracer, on the raw API: runs a command and prints each of its syscalls with arguments and
 * result, one line per call, like a very small strace.
 *
 * <pre>{@code
 * java -cp ptrace-examples/target/jstrace.jar dev.ptrace.examples.SimpleStrace cat /etc/hostname
 * }</pre>
 *
 * <p>What it shows about the API:
 * <ul>
 *   <li>{@link Tracer#spawn(List)} returns a tracee stopped at its own {@code execve}: nothing runs untraced;</li>
 *   <li>one loop of {@link Tracer#waitAny()} and {@link Tracee#syscall()} sees every syscall entry and exit;</li>
 *   <li>pointer arguments are read at the <em>entry</em> stop: by the exit the call may have changed the buffer,
 *       or, for {@code execve}, replaced the whole address space;</li>
 *   <li>strings read from the tracee are bounded and escaped before they are printed;</li>
 *   <li>running the loop inside {@link Tracer#execute} makes every ptrace call a direct call on the tracer
 *       thread.</li>
 * </ul>
 * The exit status is the command's, or 128 + the signal that killed it.
 */
@Command(name = "simple-strace", mixinStandardHelpOptions = true, version = "simple-strace (ptrace-java)",
        description = "Run COMMAND and print each of its system calls with its arguments and result.")
public final class SimpleStrace implements Callable<Integer> {

    @Option(names = "-o", paramLabel = "FILE", description = "Write the trace to FILE instead of standard error.")
    Path output;

    @Option(names = "-s", paramLabel = "N", defaultValue = "32",
            description = "Print at most N bytes of each string argument (default: ${DEFAULT-VALUE}).")
    int stringLimit;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The program to run and its arguments.")
    List<String> command;

    private final PrintStream err;

    private SimpleStrace(PrintStream err) {
        this.err = err;
    }

    /** Runs the tool and exits with the traced command's status. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the tool with its output on the given streams (the trace goes to {@code err} unless {@code -o}).
     *
     * @return the traced command's exit status, 128 + signal if it was killed, or 1 for a usage error
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return Cli.run(new SimpleStrace(err), true, out, err, args);
    }

    @Override
    public Integer call() throws IOException {
        if (stringLimit < 0) {
            throw new IllegalArgumentException("-s must not be negative");
        }
        if (output == null) {
            return trace(err);
        }
        try (PrintStream file = new PrintStream(Files.newOutputStream(output), false, StandardCharsets.UTF_8)) {
            return trace(file);
        }
    }

    private int trace(PrintStream out) {
        SyscallTable table = SyscallTable.current();
        try (Tracer tracer = Ptrace.open()) {
            // The whole loop runs on the tracer thread: no hand-off per ptrace call.
            return tracer.execute(() -> {
                Tracee main = tracer.spawn(command); // stopped at the entry of its execve
                Map<Integer, String> callsInProgress = new HashMap<>();
                int status = 0;
                while (!tracer.tracees().isEmpty()) {
                    Stop stop = tracer.waitAny();
                    int pid = stop.tracee().pid();
                    if (stop instanceof Stop.SyscallEntry) {
                        Stop.SyscallEntry entry = (Stop.SyscallEntry) stop;
                        callsInProgress.put(pid, describe(table, entry));
                    } else if (stop instanceof Stop.SyscallExit) {
                        Stop.SyscallExit exit = (Stop.SyscallExit) stop;
                        String call = callsInProgress.remove(pid);
                        out.println((call != null ? call : table.nameOf(exit.number()) + "(...)")
                                + " = " + result(exit));
                    } else if (stop instanceof Stop.SignalDelivery) {
                        out.println("--- " + ((Stop.SignalDelivery) stop).signal().name() + " ---");
                    } else if (stop.isTerminal() && callsInProgress.containsKey(pid)) {
                        // exit_group, or a call the tracee died in: it never returns (strace prints "= ?")
                        out.println(callsInProgress.remove(pid) + " = ?");
                    }
                    if (stop instanceof Stop.Exited) {
                        int code = ((Stop.Exited) stop).status();
                        out.println("+++ exited with " + code + " +++");
                        status = pid == main.pid() ? code : status;
                    } else if (stop instanceof Stop.Killed) {
                        Stop.Killed killed = (Stop.Killed) stop;
                        out.println("+++ killed by " + killed.signal().name() + " +++");
                        status = pid == main.pid() ? 128 + killed.signal().number() : status;
                    }
                    if (!stop.isTerminal()) {
                        // Resume to the next syscall stop; a pending signal is delivered, not swallowed.
                        stop.tracee().syscall();
                    }
                }
                out.flush();
                return status;
            });
        }
    }

    /** {@code name(arg, ...)} at syscall entry, with string arguments read from the tracee. */
    private String describe(SyscallTable table, Stop.SyscallEntry entry) {
        Optional<Syscall> syscall = table.byNumber(entry.number());
        StringBuilder sb = new StringBuilder(table.nameOf(entry.number())).append('(');
        if (syscall.isEmpty() || !syscall.get().hasPrototype()) {
            return sb.append("...)").toString(); // the number of arguments is unknown
        }
        List<SyscallArg> args = syscall.get().args();
        SyscallArgs values = entry.args();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(argument(entry.tracee(), args.get(i), values.get(i)));
        }
        return sb.append(')').toString();
    }

    private String argument(Tracee tracee, SyscallArg arg, long value) {
        if (arg.isPointer()) {
            if (value == 0) {
                return "NULL";
            }
            // A NUL-terminated input string: a path, a name. (write's "const char *buf" is not one: its length is
            // the next argument, and reading it as a C string could run past the end of the data.)
            if (arg.type().equals("const char *") && !arg.name().equals("buf")) {
                try {
                    // One byte more than we print tells whether the string goes on.
                    byte[] s = tracee.memory().readCString(value, stringLimit + 1);
                    boolean cut = s.length > stringLimit;
                    return Cli.quote(cut ? Arrays.copyOf(s, stringLimit) : s, cut);
                } catch (TraceeMemoryException unreadable) {
                    return "0x" + Long.toHexString(value); // as strace: a bad pointer is printed as a number
                }
            }
            return "0x" + Long.toHexString(value);
        }
        if (arg.type().equals("int") || arg.type().equals("unsigned int")) {
            return arg.type().equals("int") ? Integer.toString((int) value) : Integer.toUnsignedString((int) value);
        }
        return value >= 0 && value < 0x10000 ? Long.toString(value) : "0x" + Long.toHexString(value);
    }

    private static String result(Stop.SyscallExit exit) {
        if (exit.isError()) {
            return "-1 " + exit.errno().map(e -> e.name() + " (" + e.description() + ")")
                    .orElse("errno " + exit.errnoNumber());
        }
        long r = exit.returnValue();
        return r >= 0 && r < 0x10000 ? Long.toString(r) : "0x" + Long.toHexString(r);
    }
}
