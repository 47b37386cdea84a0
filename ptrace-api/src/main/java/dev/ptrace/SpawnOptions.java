package dev.ptrace;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link Tracer#spawn(java.util.List, SpawnOptions)} starts a program. Immutable; change it with the
 * {@code with...} methods.
 *
 * @param environment the environment as {@code envp}: entries {@code NAME=VALUE} as bytes, in order; or empty to
 *     pass on the JVM's own, as it was when the JVM started ({@code /proc/self/environ})
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
 * @param blockedSignals the program's initial signal mask (by default none: the JVM thread's mask is not passed on)
 * @param keepIgnoredSignals whether the signals the JVM ignores stay ignored in the program, as a shell's child
 *     keeps them; by default every signal starts at its default action. The JVM handles some signals itself
 *     (SIGPIPE, SIGXFSZ, SIGUSR2, SIGQUIT among them): those start at their default action even when the JVM was
 *     started with them ignored.
 * @param inheritedDescriptors descriptors from 3 up that the program inherits as they are open in the JVM (for a
 *     tool passing on what it was started with); every other descriptor of the JVM is closed in the program
 * @param credentials the user, group and supplementary groups the program runs as, or empty for the JVM's
 */
public record SpawnOptions(Optional<List<byte[]>> environment, Optional<Path> directory, Redirect stdin,
                           Redirect stdout, Redirect stderr, Set<PtraceOption> ptraceOptions,
                           boolean killOnExit, Set<Integer> tracedSyscalls, Set<Signal> blockedSignals,
                           boolean keepIgnoredSignals, Set<Integer> inheritedDescriptors,
                           Optional<Credentials> credentials) {

    /**
     * Copies the collections (and the environment's byte arrays) and checks that nothing is null.
     *
     * @param environment the environment entries {@code NAME=VALUE}, or empty to pass on the JVM's own
     * @param directory the working directory, or empty for the JVM's
     * @param stdin where standard input comes from
     * @param stdout where standard output goes
     * @param stderr where standard error goes
     * @param ptraceOptions ptrace options (TRACESYSGOOD and TRACEEXEC are always added)
     * @param killOnExit whether the process is killed when the tracer goes away, rather than detached
     * @param tracedSyscalls when not empty, the only syscall numbers that stop the tracee
     * @param blockedSignals the program's initial signal mask
     * @param keepIgnoredSignals whether the signals the JVM ignores stay ignored in the program
     * @param inheritedDescriptors descriptors from 3 up that the program inherits
     * @param credentials the user the program runs as, or empty for the JVM's
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if an inherited descriptor is below 3 or above 65534
     */
    public SpawnOptions {
        environment = environment.map(SpawnOptions::copyEntries);
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        ptraceOptions = ptraceOptions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ptraceOptions));
        tracedSyscalls = Set.copyOf(tracedSyscalls);
        blockedSignals = Set.copyOf(blockedSignals);
        inheritedDescriptors = Set.copyOf(inheritedDescriptors);
        Objects.requireNonNull(credentials, "credentials");
        for (int fd : inheritedDescriptors) {
            if (fd < 3 || fd > 65534) {
                throw new IllegalArgumentException("inherited descriptor out of range (3 to 65534): " + fd);
            }
        }
    }

    /**
     * Options without a syscall filter.
     *
     * @param environment the environment entries {@code NAME=VALUE}, or empty to pass on the JVM's own
     * @param directory the working directory, or empty for the JVM's
     * @param stdin where standard input comes from
     * @param stdout where standard output goes
     * @param stderr where standard error goes
     * @param ptraceOptions ptrace options (TRACESYSGOOD and TRACEEXEC are always added)
     * @param killOnExit whether the process is killed when the tracer goes away, rather than detached
     */
    public SpawnOptions(Optional<List<byte[]>> environment, Optional<Path> directory, Redirect stdin,
                        Redirect stdout, Redirect stderr, Set<PtraceOption> ptraceOptions, boolean killOnExit) {
        this(environment, directory, stdin, stdout, stderr, ptraceOptions, killOnExit, Set.of(), Set.of(),
                false, Set.of(), Optional.empty());
    }

    /** {@return the JVM's environment, directory and streams; no extra ptrace options; killed on exit} */
    public static SpawnOptions defaults() {
        return new SpawnOptions(Optional.empty(), Optional.empty(), Redirect.INHERIT, Redirect.INHERIT,
                Redirect.INHERIT, Set.of(), true, Set.of(), Set.of(), false, Set.of(), Optional.empty());
    }

    /**
     * {@return a copy with this environment instead of the JVM's, each entry {@code NAME=VALUE} encoded with the
     * platform charset ({@link ExecStrings#platformCharset()}), in the map's order}
     *
     * @param env the whole environment of the program, names to values
     */
    public SpawnOptions withEnvironment(Map<String, String> env) {
        return withEnvironmentEntries(ExecStrings.environmentEntries(env));
    }

    /**
     * {@return a copy with this environment instead of the JVM's: the program's {@code envp}, byte for byte}
     *
     * @param entries the entries, usually {@code NAME=VALUE}, in order; none may contain NUL
     */
    public SpawnOptions withEnvironmentEntries(List<byte[]> entries) {
        return new SpawnOptions(Optional.of(entries), directory, stdin, stdout,
                stderr, ptraceOptions, killOnExit, tracedSyscalls, blockedSignals, keepIgnoredSignals,
                inheritedDescriptors, credentials);
    }

    /**
     * {@return a copy whose program starts with these signals blocked}
     *
     * @param signals the initial signal mask
     */
    public SpawnOptions withBlockedSignals(Set<Signal> signals) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, ptraceOptions, killOnExit,
                tracedSyscalls, signals, keepIgnoredSignals, inheritedDescriptors, credentials);
    }

    /**
     * {@return a copy with the choice about ignored signals changed (see {@link #keepIgnoredSignals()})}
     *
     * @param keep whether the signals the JVM ignores stay ignored in the program
     */
    public SpawnOptions withIgnoredSignalsKept(boolean keep) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, ptraceOptions, killOnExit,
                tracedSyscalls, blockedSignals, keep, inheritedDescriptors, credentials);
    }

    /**
     * {@return a copy whose program inherits these descriptors (see {@link #inheritedDescriptors()})}
     *
     * @param fds descriptors from 3 up, open in the JVM
     */
    public SpawnOptions withInheritedDescriptors(Set<Integer> fds) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, ptraceOptions, killOnExit,
                tracedSyscalls, blockedSignals, keepIgnoredSignals, fds, credentials);
    }

    /** {@return a copy of the environment entries, so that the options stay immutable} */
    @Override
    public Optional<List<byte[]>> environment() {
        return environment.map(SpawnOptions::copyEntries);
    }

    private static List<byte[]> copyEntries(List<byte[]> entries) {
        return entries.stream().map(byte[]::clone).toList();
    }

    /** Equal when every component is, the environment compared byte by byte. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SpawnOptions other && sameEntries(environment, other.environment)
                && directory.equals(other.directory) && stdin.equals(other.stdin) && stdout.equals(other.stdout)
                && stderr.equals(other.stderr) && ptraceOptions.equals(other.ptraceOptions)
                && killOnExit == other.killOnExit && tracedSyscalls.equals(other.tracedSyscalls)
                && blockedSignals.equals(other.blockedSignals) && keepIgnoredSignals == other.keepIgnoredSignals
                && inheritedDescriptors.equals(other.inheritedDescriptors) && credentials.equals(other.credentials);
    }

    @Override
    public int hashCode() {
        int env = environment.map(l -> l.stream().mapToInt(Arrays::hashCode).reduce(1, (a, b) -> 31 * a + b))
                .orElse(0);
        return Objects.hash(env, directory, stdin, stdout, stderr, ptraceOptions, killOnExit, tracedSyscalls,
                blockedSignals, keepIgnoredSignals, inheritedDescriptors, credentials);
    }

    private static boolean sameEntries(Optional<List<byte[]>> a, Optional<List<byte[]>> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() == b.isEmpty();
        }
        List<byte[]> x = a.get();
        List<byte[]> y = b.get();
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!Arrays.equals(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return a copy with this working directory}
     *
     * @param dir the directory the program starts in
     */
    public SpawnOptions withDirectory(Path dir) {
        return new SpawnOptions(environment, Optional.of(dir), stdin, stdout,
                stderr, ptraceOptions, killOnExit, tracedSyscalls, blockedSignals, keepIgnoredSignals,
                inheritedDescriptors, credentials);
    }

    /**
     * {@return a copy with standard input taken from {@code r}}
     *
     * @param r where standard input comes from
     */
    public SpawnOptions withStdin(Redirect r) {
        return new SpawnOptions(environment, directory, r, stdout, stderr, ptraceOptions, killOnExit,
                tracedSyscalls, blockedSignals, keepIgnoredSignals,
                inheritedDescriptors, credentials);
    }

    /**
     * {@return a copy with standard output sent to {@code r}}
     *
     * @param r where standard output goes
     */
    public SpawnOptions withStdout(Redirect r) {
        return new SpawnOptions(environment, directory, stdin, r, stderr, ptraceOptions, killOnExit,
                tracedSyscalls, blockedSignals, keepIgnoredSignals,
                inheritedDescriptors, credentials);
    }

    /**
     * {@return a copy with standard error sent to {@code r}}
     *
     * @param r where standard error goes
     */
    public SpawnOptions withStderr(Redirect r) {
        return new SpawnOptions(environment, directory, stdin, stdout, r, ptraceOptions, killOnExit,
                tracedSyscalls, blockedSignals, keepIgnoredSignals,
                inheritedDescriptors, credentials);
    }

    /**
     * {@return a copy with these ptrace options}
     *
     * @param options the options; TRACESYSGOOD and TRACEEXEC are always added
     */
    public SpawnOptions withPtraceOptions(Set<PtraceOption> options) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, options, killOnExit,
                tracedSyscalls, blockedSignals, keepIgnoredSignals,
                inheritedDescriptors, credentials);
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
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, ptraceOptions, killOnExit,
                numbers, blockedSignals, keepIgnoredSignals,
                inheritedDescriptors, credentials);
    }

    /**
     * {@return a copy with the kill-on-exit choice changed}
     *
     * @param kill whether the process is killed when the tracer goes away, rather than detached
     */
    public SpawnOptions withKillOnExit(boolean kill) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, ptraceOptions, kill,
                tracedSyscalls, blockedSignals, keepIgnoredSignals,
                inheritedDescriptors, credentials);
    }

    /**
     * {@return a copy whose program runs as this user (see {@link Credentials})}
     *
     * @param user the user, group and supplementary groups
     */
    public SpawnOptions withCredentials(Credentials user) {
        return new SpawnOptions(environment, directory, stdin, stdout, stderr, ptraceOptions, killOnExit,
                tracedSyscalls, blockedSignals, keepIgnoredSignals, inheritedDescriptors, Optional.of(user));
    }
}
