/* Mounts and file system notification: mount/umount2 (on a path that does not exist), the descriptor based mount
   API (a detached tmpfs, a clone of /tmp: gone when the program ends), fanotify. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/mount.h>
#include <linux/fanotify.h>
#include <string.h>
int main(void) {
    mount("none", "/nonexistent", NULL, MS_REC | MS_PRIVATE, NULL);
    mount("tmpfs", "/nonexistent", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m");
    mount("/a", "/nonexistent", "ext4", MS_BIND | MS_REMOUNT | MS_RDONLY, "errors=remount-ro");
    mount("/a", "/nonexistent", "ext4", 0xC0ED0000 | MS_MOVE, "x");
    mount("/a", "/nonexistent", "ext4", 0xC0ED0000, "x");
    mount("/a", "/nonexistent", "ext4", MS_SHARED | MS_REC, "x");
    umount2("/nonexistent", MNT_DETACH);
    umount2("/nonexistent", MNT_FORCE | UMOUNT_NOFOLLOW | 0x100);
    int fs = syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", "1m", 0);
    syscall(SYS_fsconfig, fs, FSCONFIG_SET_FLAG, "ro", NULL, 0);
    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
    int m = syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID);
    syscall(SYS_move_mount, m, "", AT_FDCWD, "/nonexistent", MOVE_MOUNT_F_EMPTY_PATH);
    int t = syscall(SYS_open_tree, AT_FDCWD, "/tmp", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    syscall(SYS_fspick, AT_FDCWD, "/nonexistent", FSPICK_CLOEXEC);
    struct mount_attr a = {.attr_set = MOUNT_ATTR_RDONLY, .attr_clr = MOUNT_ATTR_NOEXEC};
    syscall(SYS_mount_setattr, t, "", AT_EMPTY_PATH, &a, sizeof a);
    int fa = syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE);
    syscall(SYS_fanotify_mark, fa, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_WRITE, AT_FDCWD, "/tmp");
    syscall(SYS_fanotify_mark, fa, FAN_MARK_REMOVE | FAN_MARK_MOUNT, FAN_MODIFY, AT_FDCWD, "/tmp");
    return 0;
}
