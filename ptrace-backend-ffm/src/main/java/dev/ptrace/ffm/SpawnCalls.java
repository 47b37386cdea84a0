package dev.ptrace.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.ptrace.core.NativeCallException;
import dev.ptrace.core.SpawnRequest;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * {@code posix_spawn} and the calls that prepare it, all the spawn-related bindings of this backend in one place.
 * These functions return an error number instead of setting errno. Everything they point to lives in a confined
 * arena that one spawn opens and closes.
 */
final class SpawnCalls {
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int ENOSYS = 38;
    /** Bytes reserved for each of glibc's opaque spawn structs (80 and 336 bytes on glibc 2.36): generous. */
    private static final long OPAQUE_STRUCT_BYTES = 1024;
    /** glibc's {@code sigset_t} is 1024 bits. */
    private static final long SIGSET_BYTES = 128;

    private static final FunctionDescriptor ONE_POINTER = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor TWO_POINTERS = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

    private static final MethodHandle SPAWN = Downcalls.required("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle ACTIONS_INIT = Downcalls.required("posix_spawn_file_actions_init", ONE_POINTER);
    private static final MethodHandle ACTIONS_DESTROY =
            Downcalls.required("posix_spawn_file_actions_destroy", ONE_POINTER);
    private static final MethodHandle ADD_OPEN = Downcalls.required("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_DUP2 = Downcalls.required("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_CLOSE = Downcalls.required("posix_spawn_file_actions_addclose",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** glibc 2.29+; empty before, and the chdir action then fails with ENOSYS. */
    private static final Optional<MethodHandle> ADD_CHDIR =
            Downcalls.optional("posix_spawn_file_actions_addchdir_np", TWO_POINTERS);
    private static final MethodHandle ATTR_INIT = Downcalls.required("posix_spawnattr_init", ONE_POINTER);
    private static final MethodHandle ATTR_DESTROY = Downcalls.required("posix_spawnattr_destroy", ONE_POINTER);
    private static final MethodHandle ATTR_SETFLAGS = Downcalls.required("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK =
            Downcalls.required("posix_spawnattr_setsigmask", TWO_POINTERS);
    private static final MethodHandle ATTR_SETSIGDEFAULT =
            Downcalls.required("posix_spawnattr_setsigdefault", TWO_POINTERS);

    private SpawnCalls() {
    }

    /** Forces initialisation (and so the binding). */
    static void bind() {
    }

    /** See {@link dev.ptrace.core.NativeCalls#posixSpawn}. */
    static int spawn(SpawnRequest request) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(JAVA_BYTE, SpawnRequest.cString(request.path()));
            MemorySegment argv = cStringArray(arena, request.argv());
            MemorySegment envp = cStringArray(arena, request.envp());
            MemorySegment attr = arena.allocate(OPAQUE_STRUCT_BYTES, Long.BYTES);
            MemorySegment actions = arena.allocate(OPAQUE_STRUCT_BYTES, Long.BYTES);
            MemorySegment childMask = arena.allocate(SIGSET_BYTES, Long.BYTES);
            MemorySegment defaults = arena.allocate(SIGSET_BYTES, Long.BYTES);
            MemorySegment pid = arena.allocate(JAVA_INT);
            childMask.set(JAVA_LONG, 0, request.signalMask());
            defaults.set(JAVA_LONG, 0, request.defaultSignals());

            check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
            try {
                check("posix_spawnattr_setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, childMask));
                check("posix_spawnattr_setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(attr, defaults));
                check("posix_spawnattr_setflags", (int) ATTR_SETFLAGS.invokeExact(attr,
                        (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
                check("posix_spawn_file_actions_init", (int) ACTIONS_INIT.invokeExact(actions));
                try {
                    request.addFileActions(new FileActions(arena, actions));
                    check("posix_spawn", (int) SPAWN.invokeExact(pid, path, actions, attr, argv, envp));
                    return pid.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) ACTIONS_DESTROY.invokeExact(actions);
                }
            } finally {
                int ignored = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
    }

    /** posix_spawn* functions return an error number instead of setting errno. */
    private static void check(String call, int rc) {
        if (rc != 0) {
            throw new NativeCallException(call, rc);
        }
    }

    /** A NULL-terminated {@code char *[]} and the NUL-terminated strings it points to. */
    private static MemorySegment cStringArray(Arena arena, List<byte[]> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L); // zeroed: the last entry is NULL
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(JAVA_BYTE, SpawnRequest.cString(strings.get(i))));
        }
        return array;
    }

    /** The file-action calls, on one {@code posix_spawn_file_actions_t}; paths are copied into the spawn's arena. */
    private record FileActions(Arena arena, MemorySegment actions) implements SpawnRequest.FileActionCalls {
        @Override
        public int addOpen(int fd, byte[] path, int flags, int mode) {
            try {
                return (int) ADD_OPEN.invokeExact(actions, fd, arena.allocateFrom(JAVA_BYTE, path), flags, mode);
            } catch (Throwable t) {
                throw Downcalls.unchecked(t);
            }
        }

        @Override
        public int addDup2(int fd, int newFd) {
            try {
                return (int) ADD_DUP2.invokeExact(actions, fd, newFd);
            } catch (Throwable t) {
                throw Downcalls.unchecked(t);
            }
        }

        @Override
        public int addClose(int fd) {
            try {
                return (int) ADD_CLOSE.invokeExact(actions, fd);
            } catch (Throwable t) {
                throw Downcalls.unchecked(t);
            }
        }

        @Override
        public int addChdir(byte[] path) {
            if (ADD_CHDIR.isEmpty()) {
                return ENOSYS;
            }
            try {
                return (int) ADD_CHDIR.get().invokeExact(actions, arena.allocateFrom(JAVA_BYTE, path));
            } catch (Throwable t) {
                throw Downcalls.unchecked(t);
            }
        }
    }
}
