package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -u's lookup: getpwnam's uid and gid, initgroups' groups, from passwd and group files. */
class UserAccountTest {
    @TempDir
    Path dir;

    @Test
    void findsTheUserAndTheGroupsThatListIt() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "broken:x:notanumber:1::/:/bin/sh\nalice:x:1001:1002::/home/alice:/bin/sh\n");
        Path group = Files.writeString(dir.resolve("group"), "root:x:0:\nwheel:x:10:bob,alice\nusers:x:100:alice\n"
                + "alice:x:1002:\nother:x:7:bob\n");
        assertEquals(Optional.of(new Credentials(1001, 1002, List.of(1002, 10, 100))),
                UserAccount.lookup("alice", passwd, group));
        assertEquals(Optional.of(new Credentials(0, 0, List.of(0))), UserAccount.lookup("root", passwd, group));
        assertTrue(UserAccount.lookup("broken", passwd, group).isEmpty(), "an unreadable uid is no user");
        assertTrue(UserAccount.lookup("nobody", passwd, group).isEmpty());
        assertTrue(UserAccount.lookup("alice", dir.resolve("missing"), group).isEmpty());
    }
}
