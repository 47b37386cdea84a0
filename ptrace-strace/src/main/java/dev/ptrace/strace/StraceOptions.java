package dev.ptrace.strace;

import dev.ptrace.ExecStrings;
import dev.ptrace.Signal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What {@link Strace} traces and how it decodes. Immutable; start from {@link #defaults()} and change it with the
 * {@code with...} methods.
 *
 * @param followChildren trace forked children, vforked children and threads too (strace {@code -f})
 * @param yieldSeccomp report {@code PTRACE_EVENT_SECCOMP} stops as {@link SeccompEvent}s
 * @param syscallFilter which syscalls produce events ({@code -e trace=})
 * @param signalFilter which signals produce events ({@code -e signal=})
 * @param stringLimit how many bytes of a string or buffer are printed before {@code ...} ({@code -s})
 * @param fdPaths print the path of each file descriptor argument ({@code -y})
 * @param constantStyle how flags and named constants are printed ({@code -X})
 * @param environment the environment of a spawned command as its {@code envp} (entries {@code NAME=VALUE}, bytes, in
 *     order), or empty for the JVM's own
 * @param directory the working directory of a spawned command, or empty for the JVM's own
 * @param seccompBpf with a syscall filter and {@code followChildren}, let a seccomp filter stop a spawned command
 *     only at the traced syscalls, so the others run at full speed (strace {@code --seccomp-bpf}); the events
 *     are the same. Needs {@code followChildren}: untraced children would inherit the filter and fail the
 *     filtered syscalls with ENOSYS.
 * @param cpu when set, the tracer thread and the tracees run on this one CPU ({@link dev.ptrace.Tracer#pinToCpu})
 * @param blockedSignals the signal mask a spawned command starts with (the signals it started with ignored, the
 *     JVM's, stay ignored, as strace's child keeps strace's)
 * @param inheritedDescriptors descriptors from 3 up that a spawned command inherits from the JVM
 *     ({@link dev.ptrace.SpawnOptions#inheritedDescriptors()})
 * @param stringsInHex when strings are printed in hex ({@code -x}, {@code -xx})
 * @param stackTraces attach the tracee's call stack to the events strace prints one with ({@code -k}): syscall
 *     exits, signals, and the end of a tracee inside {@code exit}/{@code exit_group}
 * @param detachOnExecve detach from a process once an execve of it succeeds, except the first of a spawned
 *     command (strace {@code -b execve})
 * @param user the user a spawned command runs as ({@code -u USER}), or empty for the JVM's
 * @param systemCpuTimes whether the tracer asks the kernel for the tracees' CPU times at each stop, so that
 *     {@link dev.ptrace.Tracee#systemCpuMicros()} is known when events are handled (for strace's {@code -c})
 * @param injections the tampering rules ({@code -e inject=}, {@code -e fault=}); for a syscall in several sets the
 *     last applies
 * @param rawSyscalls the syscalls whose arguments and result are printed raw, in hex ({@code -e raw=})
 */
public record StraceOptions(boolean followChildren, boolean yieldSeccomp, SyscallFilter syscallFilter,
                            Predicate<Signal> signalFilter, int stringLimit, boolean fdPaths,
                            ConstantStyle constantStyle, Optional<List<byte[]>> environment,
                            Optional<Path> directory, boolean seccompBpf,
                            java.util.OptionalInt cpu, java.util.Set<Signal> blockedSignals,
                            java.util.Set<Integer> inheritedDescriptors, StringsInHex stringsInHex,
                            boolean stackTraces, boolean detachOnExecve, Optional<dev.ptrace.Credentials> user,
                            boolean systemCpuTimes, List<SyscallInjection> injections,
                            SyscallFilter rawSyscalls) {

    /** strace's default string limit. */
    public static final int DEFAULT_STRING_LIMIT = 32;

    /**
     * Checks the options.
     *
     * @param followChildren trace forked children, vforked children and threads too
     * @param yieldSeccomp report {@code PTRACE_EVENT_SECCOMP} stops
     * @param syscallFilter which syscalls produce events
     * @param signalFilter which signals produce events
     * @param stringLimit how many bytes of a string or buffer are printed, 0 or more
     * @param fdPaths print the path of each file descriptor argument
     * @param constantStyle how flags and named constants are printed
     * @param environment the environment of a spawned command, or empty for the JVM's own
     * @param directory the working directory of a spawned command, or empty for the JVM's own
     * @param seccompBpf with a syscall filter and {@code followChildren}, let a seccomp filter stop a spawned
     *     command only at the traced syscalls
     * @param cpu when set, the tracer thread and the tracees run on this one CPU
     * @param blockedSignals the signal mask a spawned command starts with
     * @param inheritedDescriptors descriptors from 3 up that a spawned command inherits
     * @param stringsInHex when strings are printed in hex
     * @param stackTraces attach call stacks to the events ({@code -k})
     * @param detachOnExecve detach from a process once an execve of it succeeds, except the first of a spawned command
     * @param user the user a spawned command runs as, or empty for the JVM's
     * @param systemCpuTimes whether the tracees' system CPU time is recorded at each stop
     * @param injections the tampering rules
     * @param rawSyscalls the syscalls printed raw
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the string limit is negative
     */
    public StraceOptions {
        Objects.requireNonNull(syscallFilter, "syscallFilter");
        Objects.requireNonNull(signalFilter, "signalFilter");
        Objects.requireNonNull(constantStyle, "constantStyle");
        environment = environment.map(StraceOptions::copyEntries);
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(cpu, "cpu");
        blockedSignals = java.util.Set.copyOf(blockedSignals);
        inheritedDescriptors = java.util.Set.copyOf(inheritedDescriptors);
        Objects.requireNonNull(stringsInHex, "stringsInHex");
        Objects.requireNonNull(user, "user");
        injections = List.copyOf(injections);
        Objects.requireNonNull(rawSyscalls, "rawSyscalls");
        if (stringLimit < 0) {
            throw new IllegalArgumentException("string limit must be >= 0, was " + stringLimit);
        }
    }

    /** {@return strace's defaults: only the traced process, all syscalls and signals, 32-byte strings, names} */
    public static StraceOptions defaults() {
        return new StraceOptions(false, false, SyscallFilter.all(), s -> true, DEFAULT_STRING_LIMIT, false,
                ConstantStyle.ABBREV, Optional.empty(), Optional.empty(), true,
                java.util.OptionalInt.empty(), java.util.Set.of(), java.util.Set.of(),
                StringsInHex.NONE, false, false, Optional.empty(), false, List.of(), SyscallFilter.none());
    }

    /**
     * {@return a copy with children, vforked children and threads traced too, or not}
     *
     * @param follow whether to follow (strace {@code -f})
     */
    public StraceOptions withFollowChildren(boolean follow) {
        return new StraceOptions(follow, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy with seccomp stops reported, or not}
     *
     * @param yield whether to report {@code PTRACE_EVENT_SECCOMP} stops as {@link SeccompEvent}s
     */
    public StraceOptions withYieldSeccomp(boolean yield) {
        return new StraceOptions(followChildren, yield, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy with this syscall filter}
     *
     * @param filter which syscalls produce events ({@code -e trace=})
     */
    public StraceOptions withSyscallFilter(SyscallFilter filter) {
        return new StraceOptions(followChildren, yieldSeccomp, filter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy with this signal filter}
     *
     * @param filter which signals produce events ({@code -e signal=})
     */
    public StraceOptions withSignalFilter(Predicate<Signal> filter) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, filter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy with this string limit}
     *
     * @param limit how many bytes of a string or buffer are printed ({@code -s}), 0 or more
     */
    public StraceOptions withStringLimit(int limit) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, limit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy with file descriptor paths shown, or not}
     *
     * @param show whether to print the path of each file descriptor ({@code -y})
     */
    public StraceOptions withFdPaths(boolean show) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, show,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy with this constant style}
     *
     * @param style how flags and named constants are printed ({@code -X})
     */
    public StraceOptions withConstantStyle(ConstantStyle style) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                style, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy with this environment for a spawned command, each entry {@code NAME=VALUE} encoded with the
     * platform charset ({@link ExecStrings#platformCharset()}), in the map's order}
     *
     * @param env the whole environment, names to values
     */
    public StraceOptions withEnvironment(Map<String, String> env) {
        return withEnvironmentEntries(ExecStrings.environmentEntries(env));
    }

    /**
     * {@return a copy with this environment for a spawned command: its {@code envp}, byte for byte}
     *
     * @param entries the entries, usually {@code NAME=VALUE}, in order; none may contain NUL
     */
    public StraceOptions withEnvironmentEntries(List<byte[]> entries) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, Optional.of(entries), directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /** {@return a copy of the environment entries, so that the options stay immutable} */
    @Override
    public Optional<List<byte[]>> environment() {
        return environment.map(StraceOptions::copyEntries);
    }

    private static List<byte[]> copyEntries(List<byte[]> entries) {
        return entries.stream().map(byte[]::clone).toList();
    }

    /**
     * {@return a copy with this working directory for a spawned command}
     *
     * @param dir the directory the command starts in
     */
    public StraceOptions withDirectory(Path dir) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, Optional.of(dir), seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy with seccomp-bpf acceleration on (the default) or off (jstrace {@code --no-seccomp-bpf})}
     *
     * @param use whether a seccomp filter may stop the command only at the traced syscalls
     */
    public StraceOptions withSeccompBpf(boolean use) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, use, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy that runs the tracer thread and the tracees on one CPU (jstrace {@code --pin-cpu}), or
     * leaves them free}
     *
     * @param pinTo the CPU number, or empty for no pinning
     */
    public StraceOptions withCpu(java.util.OptionalInt pinTo) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, pinTo, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy whose spawned command starts with these signals blocked (jstrace passes on its own mask)}
     *
     * @param signals the signal mask
     */
    public StraceOptions withBlockedSignals(java.util.Set<Signal> signals) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, signals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy whose spawned command inherits these descriptors (jstrace passes on those it was given)}
     *
     * @param fds descriptors from 3 up, open in the JVM
     */
    public StraceOptions withInheritedDescriptors(java.util.Set<Integer> fds) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, fds, stringsInHex,
                stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy that prints strings with hex escapes as {@code hex} says}
     *
     * @param hex when strings are printed in hex ({@code -x}, {@code -xx}, {@code --strings-in-hex=})
     */
    public StraceOptions withStringsInHex(StringsInHex hex) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors, hex,
                stackTraces, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy that unwinds the tracee's stack for each printed syscall and signal (strace {@code -k})}
     *
     * @param unwind whether events carry a {@link StackTrace}
     */
    public StraceOptions withStackTraces(boolean unwind) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, unwind, detachOnExecve, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy that detaches from each process when it calls execve, or not}: the first execve of a spawned
     * command is traced, as strace's {@code -b execve} does
     *
     * @param detach whether to detach at execve
     */
    public StraceOptions withDetachOnExecve(boolean detach) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detach, user, systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy whose spawned command runs as this user (strace {@code -u}, see
     * {@link dev.ptrace.SpawnOptions#withCredentials})}
     *
     * @param credentials the user, group and supplementary groups
     */
    public StraceOptions withUser(dev.ptrace.Credentials credentials) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, Optional.of(credentials), systemCpuTimes, injections, rawSyscalls);
    }

    /**
     * {@return a copy that records the tracees' system CPU time at each stop (strace's {@code -c} sums it), or not}
     *
     * @param record whether to record it ({@link dev.ptrace.Tracer#recordCpuTimes(boolean)})
     */
    public StraceOptions withSystemCpuTimes(boolean record) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, record, injections, rawSyscalls);
    }

    /**
     * {@return a copy with these tampering rules}
     *
     * @param rules the rules, in the order given ({@code -e inject=}, {@code -e fault=})
     */
    public StraceOptions withInjections(List<SyscallInjection> rules) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, rules, rawSyscalls);
    }

    /**
     * {@return a copy that prints these syscalls' arguments and results raw, in hex}
     *
     * @param raw the syscalls ({@code -e raw=SET}); {@link SyscallFilter#none()} for strace's default
     */
    public StraceOptions withRawSyscalls(SyscallFilter raw) {
        return new StraceOptions(followChildren, yieldSeccomp, syscallFilter, signalFilter, stringLimit, fdPaths,
                constantStyle, environment, directory, seccompBpf, cpu, blockedSignals, inheritedDescriptors,
                stringsInHex, stackTraces, detachOnExecve, user, systemCpuTimes, injections, raw);
    }
}
