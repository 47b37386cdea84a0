package dev.ptrace.examples.testing;

import dev.ptrace.Arch;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeMemoryException;
import dev.ptrace.syscalls.Constants;
import dev.ptrace.syscalls.SyscallTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Decides, at a syscall-entry stop, whether a tracee is about to open a protected file for writing. A tool would
 * call {@link #inspect(Stop)} for every stop of its loop and log, count or refuse what it finds.
 *
 * <p>It is written against the API's interfaces only ({@link Stop}, {@link Tracee}, {@link dev.ptrace.Memory}),
 * so it can be unit tested without a kernel, without root and without a process: see
 * {@code OpenFileAuditorTest}, which mocks {@code Tracee} and {@code Memory} with Mockito and feeds real
 * {@link Stop.SyscallEntry} records.
 */
public final class OpenFileAuditor {

    /** Longest path read from a tracee (PATH_MAX): a tracee cannot make the auditor read more. */
    public static final int PATH_MAX = 4096;

    private static final int AT_FDCWD = -100;

    /**
     * What the auditor found.
     *
     * @param pid the thread that makes the call
     * @param syscall {@code open}, {@code openat} or {@code creat}
     * @param path the path as the tracee passed it (a relative one is relative to its working directory)
     * @param flags the open flags, e.g. {@code O_WRONLY|O_CREAT|O_TRUNC}
     */
    public record Finding(int pid, String syscall, String path, String flags) {
    }

    private final List<String> protectedPrefixes;

    /** @param protectedPrefixes absolute path prefixes no tracee may open for writing, e.g. {@code /etc/} */
    public OpenFileAuditor(List<String> protectedPrefixes) {
        this.protectedPrefixes = List.copyOf(protectedPrefixes);
    }

    /**
     * Looks at one stop. Only syscall-entry stops of {@code open}, {@code openat} and {@code creat} with a write
     * access mode or {@code O_CREAT}/{@code O_TRUNC} are examined; for anything else the tracee is not touched.
     *
     * @return a finding when the path is under a protected prefix; empty otherwise, and also when the path cannot
     *     be read (a bad pointer makes the call fail with EFAULT anyway)
     * @throws TraceeGoneException if the tracee died meanwhile
     */
    public Optional<Finding> inspect(Stop stop) {
        if (!(stop instanceof Stop.SyscallEntry)) {
            return Optional.empty();
        }
        Stop.SyscallEntry entry = (Stop.SyscallEntry) stop;
        Arch arch = entry.arch();
        String name = SyscallTable.of(arch).nameOf(entry.number());
        long pathAddress;
        long flags;
        switch (name) {
            case "open": pathAddress = entry.arg(0); flags = entry.arg(1); break;
            case "creat": pathAddress = entry.arg(0); flags = 01101; break; // O_WRONLY|O_CREAT|O_TRUNC
            case "openat":
                if ((int) entry.arg(0) != AT_FDCWD && !isAbsolute(entry, entry.arg(1))) {
                    return Optional.empty(); // relative to another directory: out of scope for this example
                }
                pathAddress = entry.arg(1);
                flags = entry.arg(2);
                break;
            default:
                return Optional.empty();
        }
        boolean writes = (flags & 3) != 0 || (flags & (0100 | 01000)) != 0; // O_WRONLY/O_RDWR, O_CREAT, O_TRUNC
        if (!writes) {
            return Optional.empty();
        }
        Optional<String> path = readPath(entry.tracee(), pathAddress);
        if (path.isEmpty() || protectedPrefixes.stream().noneMatch(path.get()::startsWith)) {
            return Optional.empty();
        }
        return Optional.of(new Finding(entry.tracee().pid(), name, path.get(),
                Constants.of(arch).openFlags().format(flags)));
    }

    private static boolean isAbsolute(Stop.SyscallEntry entry, long address) {
        return readPath(entry.tracee(), address).filter(p -> p.startsWith("/")).isPresent();
    }

    private static Optional<String> readPath(Tracee tracee, long address) {
        if (address == 0) {
            return Optional.empty();
        }
        try {
            byte[] bytes = tracee.memory().readCString(address, PATH_MAX);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (TraceeMemoryException unreadable) {
            return Optional.empty();
        }
    }
}
