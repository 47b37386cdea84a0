package dev.ptrace;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link Tracer#spawn(java.util.List, SpawnOptions)} starts a program. Immutable; change it with the
 * {@code with...} methods.
 *
 * @param environment the environment, or empty to pass on the JVM's own
 * @param directory the working directory, or empty for the JVM's
 * @param stdin where standard input comes from
 * @param stdout where standard output goes
 * @param stderr where standard error goes
 * @param ptraceOptions ptrace options ({@link PtraceOption#TRACESYSGOOD} and {@link PtraceOption#TRACEEXEC} are
 *     always added)
 * @param killOnExit whether the process is killed when the tracer goes away ({@link PtraceOption#EXITKILL}, and
 *     {@link Tracer#close()} kills it), rather than detached
 */
public record SpawnOptions(Optional<Map<String, String>> environment, Optional<Path> directory, Redirect stdin,
                           Redirect stdout, Redirect stderr, Set<PtraceOption> ptraceOptions,
                           boolean killOnExit) {

    public SpawnOptions {
        environment = environment.map(Map::copyOf);
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        ptraceOptions = ptraceOptions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ptraceOptions));
    }

    /** The JVM's environment, directory and streams; no extra ptrace options; killed on exit. */
    public static SpawnOptions defaults() {
        return new SpawnOptions(Optional.empty(), Optional.empty(), Redirect.INHERIT, Redirect.INHERIT,
                Redirect.INHERIT, Set.of(), true);
    }

    public SpawnOptions withEnvironment(Map<String, String> env) {
        return new SpawnOptions(Optional.of(env), directory, stdin, stdout, stderr, ptraceOptions, killOnExit);
    }

    public SpawnOptions withDirectory(Path dir) {
        return new SpawnOptions(environment, Optional.of(dir), stdin, stdout, stderr, ptraceOptions, killOnExit);
    }

    public SpawnOptions withStdin(Redirect r) {
        return new SpawnOptions(environment, directory, r, stdout, stderr, ptraceOptions, killOnExit);
    }

    public SpawnOptions withStdout(Redirect r) {
        return new SpawnOptions(environment, directory, stdin, r, stderr, ptraceOptions, killOnExit);
    }

    public SpawnOptions withStderr(Redirect r) {
        return new SpawnOptions(environment, directory, stdin, stdout, r, ptraceOptions, killOnExit);
    }

    public SpawnOptions withPtraceOptions(Set<PtraceOption> options) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, options, killOnExit);
    }

    /** Adds fork, vfork and clone tracing: every child and thread becomes a tracee too. */
    public SpawnOptions followingChildren() {
        EnumSet<PtraceOption> o = ptraceOptions.isEmpty() ? EnumSet.noneOf(PtraceOption.class)
                : EnumSet.copyOf(ptraceOptions);
        o.addAll(PtraceOption.followChildren());
        return withPtraceOptions(o);
    }

    public SpawnOptions withKillOnExit(boolean kill) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, ptraceOptions, kill);
    }
}
