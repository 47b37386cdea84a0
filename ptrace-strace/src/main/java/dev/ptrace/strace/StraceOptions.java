package dev.ptrace.strace;

import dev.ptrace.Signal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What {@link Strace} traces and how it decodes. Immutable; start from {@link #defaults()} and change it with the
 * {@code with...} methods.
 *
 * @param followChildren trace forked children, vforked children and threads too (strace {@code -f})
 * @param yieldSeccomp report {@code PTRACE_EVENT_SECCOMP} stops as {@link StraceEvent.SeccompEvent}s
 * @param syscallFilter which syscalls produce events ({@code -e trace=})
 * @param signalFilter which signals produce events ({@code -e signal=})
 * @param stringLimit how many bytes of a string or buffer are printed before {@code ...} ({@code -s})
 * @param fdPaths print the path of each file descriptor argument ({@code -y})
 * @param constantStyle how flags and named constants are printed ({@code -X})
 * @param environment the environment of a spawned command, or empty for the JVM's own
 * @param directory the working directory of a spawned command, or empty for the JVM's own
 * @param seccompBpf with a syscall filter and {@code followChildren}, let a seccomp filter stop a spawned command
 *     only at the traced syscalls, so the others run at full speed (strace {@code --seccomp-bpf}); the events
 *     are the same. Needs {@code followChildren}: untraced children would inherit the filter and fail the
 *     filtered syscalls with ENOSYS.
 * @param cpu when set, the tracer thread and the tracees run on this one CPU ({@link dev.ptrace.Tracer#pinToCpu})
 */
public record StraceOptions(boolean followChildren, boolean yieldSeccomp, SyscallFilter syscallFilter,
                            Predicate<Signal> signalFilter, int stringLimit, boolean fdPaths,
                            ConstantStyle constantStyle, Optional<Map<String, String>> environment,
                            Optional<Path> directory, boolean seccompBpf,
                            java.util.OptionalInt cpu) {

    /** strace's default string limit. */
    public static final int DEFAULT_STRING_LIMIT = 32;

    public StraceOptions {
        Objects.requireNonNull(syscallFilter, "syscallFilter");
        Objects.requireNonNull(signalFilter, "signalFilter");
        Objects.requireNonNull(constantStyle, "constantStyle");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(cpu, "cpu");
        if (stringLimit < 0) {
            throw new IllegalArgumentException("string limit must be >= 0, was " + stringLimit);
        }
    }

    /** strace's defaults: only the traced process, all syscalls and signals, 32-byte strings, names. */
    public static StraceOptions defaults() {
        return new StraceOptions(false, false, SyscallFilter.all(), s -> true, DEFAULT_STRING_LIMIT, false,
                ConstantStyle.ABBREV, Optional.empty(), Optional.empty(), true,
                java.util.OptionalInt.empty());
    }

    public StraceOptions withFollowChildren(boolean follow) {
        return new StraceOptions(follow, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu);
    }

    public StraceOptions withYieldSeccomp(boolean yield) {
        return new StraceOptions(followChildren, yield, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu);
    }

    public StraceOptions withSyscallFilter(SyscallFilter filter) {
        return new StraceOptions(followChildren, yieldSeccomp, filter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu);
    }

    public StraceOptions withSignalFilter(Predicate<Signal> filter) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, filter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu);
    }

    public StraceOptions withStringLimit(int limit) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, limit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu);
    }

    public StraceOptions withFdPaths(boolean show) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, show,
                constantStyle, environment, directory, seccompBpf, cpu);
    }

    public StraceOptions withConstantStyle(ConstantStyle style) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                style, environment, directory, seccompBpf, cpu);
    }

    public StraceOptions withEnvironment(Map<String, String> env) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, Optional.of(Map.copyOf(env)), directory, seccompBpf, cpu);
    }

    public StraceOptions withDirectory(Path dir) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, Optional.of(dir), seccompBpf, cpu);
    }

    /** Turns seccomp-bpf acceleration on (the default) or off (jstrace {@code --no-seccomp-bpf}). */
    public StraceOptions withSeccompBpf(boolean use) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, use, cpu);
    }

    /** Runs the tracer thread and the tracees on one CPU (jstrace {@code --pin-cpu}); empty leaves them free. */
    public StraceOptions withCpu(java.util.OptionalInt pinTo) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, pinTo);
    }
}
