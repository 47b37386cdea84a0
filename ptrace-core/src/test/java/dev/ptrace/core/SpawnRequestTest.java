package dev.ptrace.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpawnRequestTest {

    /** Records each call as text; returns the errno set for a call name, 0 otherwise. */
    private static final class Recorder implements SpawnRequest.FileActionCalls {
        final List<String> calls = new ArrayList<>();
        String failing = "";
        int errno;

        private int rc(String name) {
            return name.equals(failing) ? errno : 0;
        }

        @Override
        public int addOpen(int fd, byte[] path, int flags, int mode) {
            calls.add("open " + fd + " " + text(path) + " " + flags + " " + mode);
            return rc("open");
        }

        @Override
        public int addDup2(int fd, int newFd) {
            calls.add("dup2 " + fd + " " + newFd);
            return rc("dup2");
        }

        @Override
        public int addClose(int fd) {
            calls.add("close " + fd);
            return rc("close");
        }

        @Override
        public int addChdir(byte[] path) {
            calls.add("chdir " + text(path));
            return rc("chdir");
        }

        private static String text(byte[] c) {
            assertEquals(0, c[c.length - 1], "NUL-terminated");
            return new String(c, 0, c.length - 1, StandardCharsets.UTF_8);
        }
    }

    private static SpawnRequest request() {
        return SpawnRequest.ofStrings("/bin/true", List.of("true"), List.of(), List.of(
                new SpawnRequest.Chdir("/tmp/é"), new SpawnRequest.Open(0, "/dev/null", 0, 0),
                new SpawnRequest.Dup2(5, 1), new SpawnRequest.Close(5)));
    }

    @Test
    void fileActionsAreRecordedInOrderWithNulTerminatedUtf8Paths() {
        Recorder r = new Recorder();
        request().addFileActions(r);
        assertEquals(List.of("chdir /tmp/é", "open 0 /dev/null 0 0", "dup2 5 1", "close 5"), r.calls);
    }

    @Test
    void aFailingCallStopsThereAndIsNamedWithItsErrno() {
        Recorder r = new Recorder();
        r.failing = "dup2";
        r.errno = 9;
        NativeCallException e = assertThrows(NativeCallException.class, () -> request().addFileActions(r));
        assertEquals("posix_spawn_file_actions_adddup2", e.call());
        assertEquals(9, e.errno());
        assertEquals(3, r.calls.size(), "nothing after the failure");
        r.calls.clear();
        r.failing = "chdir";
        r.errno = 38;
        assertEquals("posix_spawn_file_actions_addchdir_np",
                assertThrows(NativeCallException.class, () -> request().addFileActions(r)).call());
    }

    @Test
    void cStringsAreUtf8WithANulAndRefuseEmbeddedNul() {
        assertArrayEquals(new byte[] {'a', (byte) 0xc3, (byte) 0xa9, 0}, SpawnRequest.cString("aé"));
        assertThrows(IllegalArgumentException.class, () -> SpawnRequest.cString("a\0b"));
    }
}
