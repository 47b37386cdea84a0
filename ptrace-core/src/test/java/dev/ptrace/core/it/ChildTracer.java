package dev.ptrace.core.it;

import dev.ptrace.Ptrace;
import dev.ptrace.PtraceException;
import dev.ptrace.SpawnOptions;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;
import dev.ptrace.Tracer;

import java.util.List;

/**
 * A tracer run in a child JVM by {@link FaultBehaviour}, so that the test can kill it or run it with fewer
 * privileges. The backend is chosen with {@code -Dptrace.backend}. Modes:
 * <ul>
 *   <li>{@code spawn true|false}: spawns {@code sleep 30} with kill-on-exit on or off, lets it run, prints its
 *       pid and waits to be killed;</li>
 *   <li>{@code attach PID}: attaches to PID and prints {@code ATTACHED}, or {@code FAILED <exception class>:
 *       <message>} and exits 2 if the tracer refuses with a {@link PtraceException}.</li>
 * </ul>
 * Anything else that goes wrong ends the JVM with a stack trace and status 1, which the tests treat as a failure.
 */
public final class ChildTracer {
    private ChildTracer() {
    }

    public static void main(String[] args) throws Exception {
        Tracer tracer = Ptrace.open();
        switch (args[0]) {
            case "spawn": {
                Tracee t = tracer.spawn(List.of("sleep", "30"),
                        SpawnOptions.defaults().withKillOnExit(Boolean.parseBoolean(args[1])));
                t.cont();
                System.out.println(t.pid());
                System.out.flush();
                while (true) { // keep it running: resume it at every stop (the exec event comes first)
                    Stop s = tracer.waitAny();
                    if (!s.isTerminal()) {
                        s.tracee().cont();
                    }
                }
            }
            case "attach": {
                try {
                    Tracee t = tracer.attach(Integer.parseInt(args[1]));
                    System.out.println("ATTACHED");
                    t.detach();
                    tracer.close();
                    System.exit(0);
                } catch (PtraceException e) {
                    System.out.println("FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    tracer.close();
                    System.exit(2);
                }
                break;
            }
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }
}
