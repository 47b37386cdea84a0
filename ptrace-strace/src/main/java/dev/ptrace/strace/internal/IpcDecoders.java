package dev.ptrace.strace.internal;

import static dev.ptrace.strace.internal.ConstantFamily.*;

/**
 * Inter-process communication: System V message queues, semaphores and shared memory, and POSIX message queues
 * (strace's ipc_msg, ipc_sem, ipc_shm and mq sources). The {@code *_ds} structs of {@code IPC_STAT} are printed
 * as their pointers.
 */
final class IpcDecoders extends DecoderGroup {
    /** The flag asking msgctl/semctl/shmctl for the 64-bit structs. */
    private static final long IPC_64 = 0x100;

    @Override
    SyscallDecoder create(String name) {
        switch (name) {
            case "msgget":
                return d(IpcDecoders::key, (c, o) -> getFlags(c, o, 1, IPC_FLAGS));
            case "semget":
                return d(IpcDecoders::key, A.i32(1), (c, o) -> getFlags(c, o, 2, IPC_FLAGS));
            case "shmget":
                return d(IpcDecoders::key, A.udec(1), (c, o) -> getFlags(c, o, 2, SHMGET_FLAGS));
            case "msgsnd":
                return d(A.i32(0), (c, o) -> message(c, o, true), A.udec(2), A.flags32(3, MSGRCV_FLAGS));
            case "msgrcv":
                return d(1, Result.DEC, A.i32(0), (c, o) -> message(c, o, c.succeeded()), A.udec(2), A.dec(3),
                        A.flags32(4, MSGRCV_FLAGS));
            case "msgctl":
                return d(A.i32(0), command(1, MSGCTL_CMD), A.ptr(2));
            case "semop":
                return d(A.i32(0), IpcDecoders::sembufs, A.udec(2));
            case "semtimedop":
                return d(A.i32(0), IpcDecoders::sembufs, A.udec(2), A.in(3, Structs::timespec));
            case "semctl":
                return d(A.i32(0), A.i32(1), command(2, SEMCTL_CMD), A.ptr(3));
            case "shmat":
                return d(3, Result.HEX, A.i32(0), A.ptr(1), A.flags32(2, SHMAT_FLAGS));
            case "shmdt":
                return d(A.ptr(0));
            case "shmctl":
                return d(A.i32(0), command(1, SHMCTL_CMD), A.ptr(2));
            case "mq_open":
                return d(4, Result.FD, A.str(0), (c, o) -> {
                    long flags = c.arg(1) & 0xffffffffL;
                    OpenDecoder.openFlags(c.ctx, o, flags);
                    if (OpenDecoder.createsFile(c.ctx, flags)) {
                        o.append(", ");
                        Fmt.octal(o, c.arg(2) & 0xffffffffL);
                        o.append(", ");
                        if (c.arg(3) == 0) {
                            o.append("NULL");
                        } else {
                            mqAttr(c.ctx, o, c.arg(3));
                        }
                    }
                });
            case "mq_timedsend":
                return d(A.fd(0), A.bufIn(1, 2), A.udec(2), A.u32(3), A.in(4, Structs::timespec));
            case "mq_timedreceive":
                return d(1, Result.DEC, A.fd(0), A.bufOut(1), A.udec(2), A.out(3, Structs::intRef),
                        A.in(4, Structs::timespec));
            case "mq_getsetattr":
                return d(2, Result.DEC, A.fd(0), A.in(1, IpcDecoders::mqAttr), A.out(2, IpcDecoders::mqAttr));
            default:
                return null;
        }
    }

    /** An IPC key: {@code IPC_PRIVATE} for 0, else in hex. */
    private static void key(SyscallCall c, StringBuilder o) {
        int key = (int) c.arg(0);
        if (key == 0) {
            Fmt.styled(c.ctx, o, 0, "IPC_PRIVATE", true);
        } else {
            Fmt.hex(o, key & 0xffffffffL);
        }
    }

    /** get flags: the named ones, then the permissions in octal as C's {@code %#03o} ({@code IPC_CREAT|0600}). */
    private static void getFlags(SyscallCall c, StringBuilder o, int i, ConstantFamily family) {
        long v = c.arg(i) & 0xffffffffL;
        long named = v & ~0777L;
        if (named != 0) {
            Fmt.flags(c.ctx, o, family, named);
            o.append('|');
        }
        String perms = Long.toOctalString(v & 0777);
        o.append((v & 0777) == 0 ? "000" : "0".repeat(Math.max(1, 3 - perms.length())) + perms);
    }

    /** A ctl command, with {@code IPC_64|} before it where the caller asked for the 64-bit structs. */
    private static Arg command(int i, ConstantFamily family) {
        return (c, o) -> {
            long cmd = c.arg(i) & 0xffffffffL;
            if ((cmd & IPC_64) != 0) {
                o.append("IPC_64|");
                cmd &= ~IPC_64;
            }
            Fmt.enumValue(c.ctx, o, family, cmd, "IPC_");
        };
    }

    /** A {@code struct msgbuf}: its type and {@code msgsz} bytes of text; the pointer when not {@code readable}. */
    private static void message(SyscallCall c, StringBuilder o, boolean readable) {
        long addr = c.arg(1);
        byte[] type = readable && addr != 0 ? c.ctx.read(addr, 8) : null;
        if (type == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{mtype=").append(Bytes.getLong(type, 0)).append(", mtext=");
        Fmt.buffer(c.ctx, o, addr + 8, c.arg(2));
        o.append('}');
    }

    /** semop's {@code struct sembuf} array. */
    private static void sembufs(SyscallCall c, StringBuilder o) {
        long n = c.arg(2);
        int shown = (int) Math.min(Math.max(0, n), c.ctx.stringLimit());
        byte[] b = c.arg(1) == 0 || shown == 0 ? null : c.ctx.read(c.arg(1), 6 * shown);
        if (b == null) {
            Fmt.ptr(o, c.arg(1));
            return;
        }
        o.append('[');
        for (int i = 0; i < shown; i++) {
            o.append(i > 0 ? ", " : "").append("{sem_num=").append(Bytes.getShort(b, 6 * i) & 0xffff)
                    .append(", sem_op=").append((short) Bytes.getShort(b, 6 * i + 2)).append(", sem_flg=");
            Fmt.flags(c.ctx, o, SEMOP_FLAGS, Bytes.getShort(b, 6 * i + 4) & 0xffffL);
            o.append('}');
        }
        o.append(n > shown ? ", ...]" : "]");
    }

    /** {@code struct mq_attr}. */
    private static void mqAttr(DecodeContext ctx, StringBuilder o, long addr) {
        byte[] b = ctx.read(addr, 32);
        if (b == null) {
            Fmt.ptr(o, addr);
            return;
        }
        o.append("{mq_flags=");
        Fmt.flags(ctx, o, OPEN_FLAGS, Bytes.getLong(b, 0));
        o.append(", mq_maxmsg=").append(Bytes.getLong(b, 8)).append(", mq_msgsize=").append(Bytes.getLong(b, 16))
                .append(", mq_curmsgs=").append(Bytes.getLong(b, 24)).append('}');
    }
}
