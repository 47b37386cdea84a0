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
 * @param tracedSyscalls when not empty, the only syscall numbers that stop the tracee after the spawn's first stop:
 *     a seccomp filter installed before the program starts lets every other syscall run at full speed. New
 *     children, execs and exits are still reported (as ptrace events and exit statuses, which the filter does not
 *     touch). Stops look the same as without it. Forces kill-on-exit, since the filter cannot be removed. Ignored
 *     (everything is traced) on kernels before 4.8.
 */
public record SpawnOptions(Optional<Map<String, String>> environment, Optional<Path> directory, Redirect stdin,
                           Redirect stdout, Redirect stderr, Set<PtraceOption> ptraceOptions,
                           boolean killOnExit, Set<Integer> tracedSyscalls) {

    /**
     * Copies the collections and checks that nothing is null.
     *
     * @param environment the environment, or empty to pass on the JVM's own
     * @param directory the working directory, or empty for the JVM's
     * @param stdin where standard input comes from
     * @param stdout where standard output goes
     * @param stderr where standard error goes
     * @param ptraceOptions ptrace options (TRACESYSGOOD and TRACEEXEC are always added)
     * @param killOnExit whether the process is killed when the tracer goes away, rather than detached
     * @param tracedSyscalls when not empty, the only syscall numbers that stop the tracee
     * @throws NullPointerException if a component is null
     */
    public SpawnOptions {
        environment = environment.map(Map::copyOf);
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        ptraceOptions = ptraceOptions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ptraceOptions));
        tracedSyscalls = Set.copyOf(tracedSyscalls);
    }

    /**
     * Options without a syscall filter.
     *
     * @param environment the environment, or empty to pass on the JVM's own
     * @param directory the working directory, or empty for the JVM's
     * @param stdin where standard input comes from
     * @param stdout where standard output goes
     * @param stderr where standard error goes
     * @param ptraceOptions ptrace options (TRACESYSGOOD and TRACEEXEC are always added)
     * @param killOnExit whether the process is killed when the tracer goes away, rather than detached
     */
    public SpawnOptions(Optional<Map<String, String>> environment, Optional<Path> directory, Redirect stdin,
                        Redirect stdout, Redirect stderr, Set<PtraceOption> ptraceOptions, boolean killOnExit) {
        this(environment, directory, stdin, stdout, stderr, ptraceOptions, killOnExit, Set.of());
    }

    /** {@return the JVM's environment, directory and streams; no extra ptrace options; killed on exit} */
    public static SpawnOptions defaults() {
        return new SpawnOptions(Optional.empty(), Optional.empty(), Redirect.INHERIT, Redirect.INHERIT,
                Redirect.INHERIT, Set.of(), true, Set.of());
    }

    /**
     * {@return a copy with this environment instead of the JVM's}
     *
     * @param env the whole environment of the program, names to values
     */
    public SpawnOptions withEnvironment(Map<String, String> env) {
        return new SpawnOptions(Optional.of(env), directory, stdin, stdout,
                stderr, ptraceOptions, killOnExit, tracedSyscalls);
    }

    /**
     * {@return a copy with this working directory}
     *
     * @param dir the directory the program starts in
     */
    public SpawnOptions withDirectory(Path dir) {
        return new SpawnOptions(environment, Optional.of(dir), stdin, stdout,
                stderr, ptraceOptions, killOnExit, tracedSyscalls);
    }

    /**
     * {@return a copy with standard input taken from {@code r}}
     *
     * @param r where standard input comes from
     */
    public SpawnOptions withStdin(Redirect r) {
        return new SpawnOptions(environment, directory, r, stdout, stderr, ptraceOptions, killOnExit, tracedSyscalls);
    }

    /**
     * {@return a copy with standard output sent to {@code r}}
     *
     * @param r where standard output goes
     */
    public SpawnOptions withStdout(Redirect r) {
        return new SpawnOptions(environment, directory, stdin, r, stderr, ptraceOptions, killOnExit, tracedSyscalls);
    }

    /**
     * {@return a copy with standard error sent to {@code r}}
     *
     * @param r where standard error goes
     */
    public SpawnOptions withStderr(Redirect r) {
        return new SpawnOptions(environment, directory, stdin, stdout, r, ptraceOptions, killOnExit, tracedSyscalls);
    }

    /**
     * {@return a copy with these ptrace options}
     *
     * @param options the options; TRACESYSGOOD and TRACEEXEC are always added
     */
    public SpawnOptions withPtraceOptions(Set<PtraceOption> options) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, options, killOnExit, tracedSyscalls);
    }

    /** {@return a copy that adds fork, vfork and clone tracing: every child and thread becomes a tracee too} */
    public SpawnOptions followingChildren() {
        EnumSet<PtraceOption> o = ptraceOptions.isEmpty() ? EnumSet.noneOf(PtraceOption.class)
                : EnumSet.copyOf(ptraceOptions);
        o.addAll(PtraceOption.followChildren());
        return withPtraceOptions(o);
    }

    /**
     * Stops the tracee only at these syscall numbers (see {@link #tracedSyscalls()}); an empty set traces all.
     *
     * @param numbers syscall numbers of the tracee's architecture
     * @return a copy with this filter
     */
    public SpawnOptions withTracedSyscalls(Set<Integer> numbers) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, ptraceOptions, killOnExit, numbers);
    }

    /**
     * {@return a copy with the kill-on-exit choice changed}
     *
     * @param kill whether the process is killed when the tracer goes away, rather than detached
     */
    public SpawnOptions withKillOnExit(boolean kill) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, ptraceOptions, kill, tracedSyscalls);
    }
}
