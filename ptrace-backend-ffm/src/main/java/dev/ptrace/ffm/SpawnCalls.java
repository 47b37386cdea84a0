package dev.ptrace.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ptrace.core.NativeCallException;
import dev.ptrace.core.SpawnRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * {@code posix_spawn} and the calls that prepare it: all the spawn-related bindings of this backend, in one place.
 * These functions return an error number instead of setting errno. Each is bound with the six-{@code long} shape of
 * {@link Downcalls#function}: arguments are addresses and sign-extended numbers, results the low 32 bits. What they
 * point to lives in a confined arena that one spawn opens and closes.
 */
final class SpawnCalls {
    private static final long POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final long POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int ENOSYS = 38;
    /** Bytes reserved for each of glibc's opaque spawn structs (80 and 336 bytes on glibc 2.36): generous. */
    private static final long OPAQUE_STRUCT_BYTES = 1024;
    /** glibc's {@code sigset_t} is 1024 bits. */
    private static final long SIGSET_BYTES = 128;

    private static final MethodHandle SPAWN = required("posix_spawn");
    private static final MethodHandle ACTIONS_INIT = required("posix_spawn_file_actions_init");
    private static final MethodHandle ACTIONS_DESTROY = required("posix_spawn_file_actions_destroy");
    private static final MethodHandle ADD_OPEN = required("posix_spawn_file_actions_addopen");
    private static final MethodHandle ADD_DUP2 = required("posix_spawn_file_actions_adddup2");
    private static final MethodHandle ADD_CLOSE = required("posix_spawn_file_actions_addclose");
    /** glibc 2.29+; empty before, and the chdir action then fails with ENOSYS. */
    private static final Optional<MethodHandle> ADD_CHDIR =
            Downcalls.function("posix_spawn_file_actions_addchdir_np");
    private static final MethodHandle ATTR_INIT = required("posix_spawnattr_init");
    private static final MethodHandle ATTR_DESTROY = required("posix_spawnattr_destroy");
    private static final MethodHandle ATTR_SETFLAGS = required("posix_spawnattr_setflags");
    private static final MethodHandle ATTR_SETSIGMASK = required("posix_spawnattr_setsigmask");
    private static final MethodHandle ATTR_SETSIGDEFAULT = required("posix_spawnattr_setsigdefault");

    private SpawnCalls() {
    }

    /** Forces initialisation (and so the binding). */
    static void bind() {
    }

    private static MethodHandle required(String name) {
        return Downcalls.function(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no function " + name));
    }

    /** Calls a bound function; its {@code int} result. */
    private static int call(MethodHandle function, long a, long b, long c, long d, long e, long f) {
        try {
            return (int) (long) function.invokeExact(a, b, c, d, e, f);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
    }

    /** posix_spawn* functions return an error number instead of setting errno. */
    private static void check(String name, int rc) {
        if (rc != 0) {
            throw new NativeCallException(name, rc);
        }
    }

    /** See {@link dev.ptrace.core.NativeCalls#posixSpawn}. */
    static int spawn(SpawnRequest request) {
        try (Arena arena = Arena.ofConfined()) {
            long path = cString(arena, SpawnRequest.cString(request.path()));
            long argv = cStringArray(arena, request.argv());
            long envp = cStringArray(arena, request.envp());
            long attr = arena.allocate(OPAQUE_STRUCT_BYTES, Long.BYTES).address();
            long actions = arena.allocate(OPAQUE_STRUCT_BYTES, Long.BYTES).address();
            MemorySegment childMask = arena.allocate(SIGSET_BYTES, Long.BYTES);
            MemorySegment defaults = arena.allocate(SIGSET_BYTES, Long.BYTES);
            MemorySegment pid = arena.allocate(Long.BYTES, Long.BYTES);
            childMask.set(JAVA_LONG, 0, request.signalMask());
            defaults.set(JAVA_LONG, 0, request.defaultSignals());

            check("posix_spawnattr_init", call(ATTR_INIT, attr, 0, 0, 0, 0, 0));
            try {
                check("posix_spawnattr_setsigmask", call(ATTR_SETSIGMASK, attr, childMask.address(), 0, 0, 0, 0));
                check("posix_spawnattr_setsigdefault",
                        call(ATTR_SETSIGDEFAULT, attr, defaults.address(), 0, 0, 0, 0));
                check("posix_spawnattr_setflags",
                        call(ATTR_SETFLAGS, attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF, 0, 0, 0, 0));
                check("posix_spawn_file_actions_init", call(ACTIONS_INIT, actions, 0, 0, 0, 0, 0));
                try {
                    request.addFileActions(new FileActions(arena, actions));
                    check("posix_spawn", call(SPAWN, pid.address(), path, actions, attr, argv, envp));
                    return pid.get(JAVA_INT, 0);
                } finally {
                    call(ACTIONS_DESTROY, actions, 0, 0, 0, 0, 0);
                }
            } finally {
                call(ATTR_DESTROY, attr, 0, 0, 0, 0, 0);
            }
        }
    }

    /** The address of a copy of a NUL-terminated string in the arena. */
    private static long cString(Arena arena, byte[] terminated) {
        return arena.allocateFrom(JAVA_BYTE, terminated).address();
    }

    /** The address of a NULL-terminated {@code char *[]} of NUL-terminated copies of the strings. */
    private static long cStringArray(Arena arena, List<byte[]> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L); // zeroed: the last entry is NULL
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(JAVA_LONG, i, cString(arena, SpawnRequest.cString(strings.get(i))));
        }
        return array.address();
    }

    /** The file-action calls on one {@code posix_spawn_file_actions_t}; paths are copied into the spawn's arena. */
    private record FileActions(Arena arena, long actions) implements SpawnRequest.FileActionCalls {
        @Override
        public int addOpen(int fd, byte[] path, int flags, int mode) {
            return call(ADD_OPEN, actions, fd, cString(arena, path), flags, mode, 0);
        }

        @Override
        public int addDup2(int fd, int newFd) {
            return call(ADD_DUP2, actions, fd, newFd, 0, 0, 0);
        }

        @Override
        public int addClose(int fd) {
            return call(ADD_CLOSE, actions, fd, 0, 0, 0, 0);
        }

        @Override
        public int addChdir(byte[] path) {
            return ADD_CHDIR.map(f -> call(f, actions, cString(arena, path), 0, 0, 0, 0)).orElse(ENOSYS);
        }
    }
}
