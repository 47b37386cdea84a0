/* Keys: a session keyring of its own, a user key added, read, described, updated, searched, revoked; request_key
   failing; an unknown keyctl command. Serial numbers are random: the test masks them. */
#define _GNU_SOURCE
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, "jstrace-ring");
    long k = syscall(SYS_add_key, "user", "jstrace", "secret", 6, KEY_SPEC_SESSION_KEYRING);
    char buf[64];
    syscall(SYS_keyctl, KEYCTL_READ, k, buf, sizeof buf);
    syscall(SYS_keyctl, KEYCTL_DESCRIBE, k, buf, sizeof buf);
    syscall(SYS_keyctl, KEYCTL_UPDATE, k, "other", 5);
    syscall(SYS_keyctl, KEYCTL_SETPERM, k, 0x3f010000);
    syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, k, 100);
    syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, "user", "jstrace", 0);
    syscall(SYS_keyctl, KEYCTL_REVOKE, k);
    syscall(SYS_keyctl, KEYCTL_UNLINK, k, KEY_SPEC_SESSION_KEYRING);
    syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 1);
    syscall(SYS_keyctl, KEYCTL_CLEAR, KEY_SPEC_THREAD_KEYRING);
    syscall(SYS_request_key, "user", "jstrace-none", NULL, 0);
    syscall(SYS_request_key, "user", "jstrace-none", "callout", KEY_SPEC_USER_KEYRING);
    syscall(SYS_keyctl, 999, 1, 2, 3, 4);
    return 0;
}
