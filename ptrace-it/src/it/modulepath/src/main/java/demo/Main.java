package demo;

import dev.ptrace.Ptrace;
import dev.ptrace.Stop;
import dev.ptrace.Tracer;
import dev.ptrace.strace.Strace;
import dev.ptrace.strace.StraceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Traces /bin/true with the raw API and with Strace, and prints which modules did the work. */
public final class Main {
    public static void main(String[] args) {
        String last = "";
        try (Tracer tracer = Ptrace.open()) {
            tracer.spawn(List.of("/bin/true"));
            while (!tracer.tracees().isEmpty()) {
                Stop stop = tracer.waitAny();
                last = stop.toString();
                if (!stop.isTerminal()) {
                    stop.tracee().syscall();
                }
            }
        }
        List<String> lines = new ArrayList<>();
        int status = Strace.trace(List.of("/bin/true"), StraceOptions.defaults(), event -> lines.add(event.toString()));

        System.out.println("backend: " + Ptrace.selectedBackend());
        System.out.println("api module: " + Ptrace.class.getModule().getName());
        System.out.println("exports: " + ModuleLayer.boot().modules().stream()
                .filter(module -> module.getName().startsWith("dev.ptrace"))
                .map(module -> module.getName() + module.getDescriptor().exports().stream().map(Object::toString)
                        .sorted().collect(Collectors.joining(",", "[", "]")))
                .sorted().collect(Collectors.joining(" ")));
        System.out.println("raw loop: " + last);
        System.out.println("strace: " + lines.get(lines.size() - 1).strip() + " status " + status);
    }
}
