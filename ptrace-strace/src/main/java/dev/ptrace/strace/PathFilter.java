package dev.ptrace.strace;

import dev.ptrace.ExecStrings;
import dev.ptrace.PtraceException;
import dev.ptrace.SyscallArgs;
import dev.ptrace.Tracee;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * strace's {@code -P PATH}: passes on only the syscalls that touch one of the paths, decided at each syscall's
 * entry as strace decides it: a path argument equal to one of them, or a descriptor argument whose
 * {@code /proc/PID/fd} link reads as one of them. Which arguments are paths or descriptors depends on the syscall
 * (strace's rules: file syscalls by their path, descriptor and network syscalls by their first argument, and the
 * exceptions such as {@code openat}, {@code renameat}, {@code mmap}, {@code poll} and {@code select}). Every event
 * that is not a syscall passes.
 *
 * <p>Use it around the handler given to {@link Strace}: it runs on the tracer thread, where the tracee is stopped
 * at the entry event. Paths are compared as text exactly; reads of tracee memory and of {@code /proc} are bounded.
 */
public final class PathFilter implements Consumer<StraceEvent> {
    private static final int PATH_MAX = 4096;
    /** The most poll entries or select bits looked at. */
    private static final int MAX_DESCRIPTORS = 1 << 16;

    /** File, descriptor and network syscalls that have neither a path nor a descriptor to look at. */
    private static final Set<String> NOTHING_TO_MATCH = Set.of("accept", "accept4", "bpf", "epoll_create",
            "epoll_create1", "eventfd", "eventfd2", "fanotify_init", "inotify_init", "inotify_init1",
            "io_uring_enter", "io_uring_register", "io_uring_setup", "memfd_create", "memfd_secret",
            "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive", "mq_timedsend", "perf_event_open",
            "pidfd_open", "pipe", "pipe2", "signalfd", "signalfd4", "socket", "socketpair", "timerfd_create",
            "timerfd_gettime", "timerfd_settime", "userfaultfd");
    private static final Set<String> FD_FD = Set.of("dup2", "dup3", "kexec_file_load", "sendfile", "tee");
    private static final Set<String> FD_PATH = Set.of("execveat", "faccessat", "faccessat2", "fchmodat",
            "fchownat", "fspick", "futimesat", "inotify_add_watch", "mkdirat", "mknodat", "name_to_handle_at",
            "newfstatat", "open_tree", "openat", "openat2", "readlinkat", "statx", "unlinkat", "utimensat");
    private static final Set<String> PATH_PATH = Set.of("link", "mount", "pivot_root");
    private static final Set<String> FD_PATH_FD_PATH = Set.of("linkat", "move_mount", "renameat", "renameat2");

    private final Set<String> paths;
    private final Consumer<StraceEvent> next;
    /** The threads whose syscall in progress touched a path: their exit passes too. */
    private final Set<Integer> matching = new HashSet<>();

    /**
     * @param paths the paths, as given and as resolved (strace keeps both when they differ)
     * @param next receives the events that pass
     */
    public PathFilter(Set<String> paths, Consumer<StraceEvent> next) {
        this.paths = Set.copyOf(paths);
        this.next = next;
    }

    @Override
    public void accept(StraceEvent event) {
        if (event instanceof SyscallEvent s) {
            if (s.isEnter()) {
                if (!touches(s.tracee(), s.syscall(), s.args())) {
                    matching.remove(s.pid());
                    return;
                }
                matching.add(s.pid());
            } else if (!matching.remove(s.pid())) {
                return;
            }
        } else if (event instanceof ExitEvent x && x.kind() == ExitEvent.Kind.SUPERSEDED
                && matching.remove(x.formerPid())) {
            matching.add(x.pid()); // the exec'ing thread's execve ends under the process id
        }
        next.accept(event);
    }

    /**
     * {@return whether a syscall, at its entry, touches one of the paths}
     *
     * @param t the tracee, stopped at the entry
     * @param name the syscall's name
     * @param a its arguments
     */
    boolean touches(Tracee t, String name, SyscallArgs a) {
        boolean file = SyscallClass.FILE.contains(name);
        if (!file && !SyscallClass.DESC.contains(name) && !SyscallClass.NETWORK.contains(name)) {
            return false;
        }
        if (FD_FD.contains(name)) {
            return fd(t, a.get(0)) || fd(t, a.get(1));
        }
        if (FD_PATH.contains(name)) {
            return fd(t, a.get(0)) || path(t, a.get(1));
        }
        if (PATH_PATH.contains(name)) {
            return path(t, a.get(0)) || path(t, a.get(1));
        }
        if (FD_PATH_FD_PATH.contains(name)) {
            return fd(t, a.get(0)) || path(t, a.get(1)) || fd(t, a.get(2)) || path(t, a.get(3));
        }
        switch (name) {
            case "quotactl": case "symlink":
                return path(t, a.get(1));
            case "symlinkat":
                return fd(t, a.get(1)) || path(t, a.get(2));
            case "mmap":
                return fd(t, a.get(4));
            case "copy_file_range": case "splice":
                return fd(t, a.get(0)) || fd(t, a.get(2));
            case "epoll_ctl":
                return fd(t, a.get(2));
            case "fanotify_mark":
                return fd(t, a.get(3)) || path(t, a.get(4));
            case "poll": case "ppoll":
                return pollFds(t, a.get(0), a.get(1));
            case "select": case "pselect6":
                return selectFds(t, a);
            default:
                break;
        }
        if (NOTHING_TO_MATCH.contains(name)) {
            return false;
        }
        return file ? path(t, a.get(0)) : fd(t, a.get(0));
    }

    private boolean path(Tracee t, long address) {
        if (address == 0) {
            return false;
        }
        try {
            byte[] p = t.memory().readCString(address, PATH_MAX);
            return paths.contains(new String(p, ExecStrings.platformCharset()));
        } catch (PtraceException unreadable) {
            return false;
        }
    }

    private boolean fd(Tracee t, long value) {
        int fd = (int) value;
        if (fd < 0) {
            return false;
        }
        try {
            return paths.contains(Files.readSymbolicLink(Path.of("/proc", Integer.toString(t.pid()), "fd",
                    Integer.toString(fd))).toString());
        } catch (IOException | RuntimeException notOpen) {
            return false;
        }
    }

    /** poll's {@code struct pollfd[nfds]}: 8 bytes each, the descriptor first. */
    private boolean pollFds(Tracee t, long address, long count) {
        int n = (int) Math.min(Math.max(count, 0), MAX_DESCRIPTORS);
        if (address == 0 || n == 0) {
            return false;
        }
        byte[] raw;
        try {
            raw = t.memory().read(address, n * 8);
        } catch (PtraceException unreadable) {
            return false;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            if (fd(t, b.getInt(i * 8))) {
                return true;
            }
        }
        return false;
    }

    /** select's three descriptor sets of {@code nfds} bits each. */
    private boolean selectFds(Tracee t, SyscallArgs a) {
        int nfds = (int) Math.min(Math.max((int) a.get(0), 0), MAX_DESCRIPTORS);
        int bytes = (nfds + 63) / 64 * 8;
        if (bytes == 0) {
            return false;
        }
        for (long set : List.of(a.get(1), a.get(2), a.get(3))) {
            if (set == 0) {
                continue;
            }
            byte[] raw;
            try {
                raw = t.memory().read(set, bytes);
            } catch (PtraceException unreadable) {
                continue;
            }
            for (int fd = 0; fd < nfds; fd++) {
                if ((raw[fd / 8] & (1 << (fd % 8))) != 0 && fd(t, fd)) {
                    return true;
                }
            }
        }
        return false;
    }
}
