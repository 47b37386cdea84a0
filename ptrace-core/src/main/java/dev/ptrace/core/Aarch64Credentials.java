package dev.ptrace.core;

import dev.ptrace.Credentials;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The aarch64 stub's credential step ({@link StubProgram}), as {@link X86_64Credentials} does it: after the
 * go-ahead check, {@code setgroups}, {@code setresgid}, {@code setresuid}; on the first failure
 * {@code exit_group(errno)}. The group list follows the code, addressed with {@code adr}.
 */
final class Aarch64Credentials {
    /** The index of the stub's {@code b.le exit} instruction, and the exit label's index. */
    private static final int BLE_AT = 6;
    private static final int EXIT_AT = 19;
    private static final int SVC = 0xd4000001;

    private Aarch64Credentials() {
    }

    /** The stub's code with the credential step inserted after its {@code b.le exit}, and the group list. */
    static byte[] insert(byte[] stub, Credentials user) {
        int[] words = new int[stub.length / 4];
        ByteBuffer.wrap(stub).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(words);
        int block = 5 + 7 + 7; // setgroups, setresgid, setresuid (in instructions)
        int rest = words.length - (BLE_AT + 1);
        int failAt = BLE_AT + 1 + block + rest;
        int groupsAt = failAt + 3; // words
        int[] out = new int[groupsAt + user.groups().size()];
        System.arraycopy(words, 0, out, 0, BLE_AT);
        int[] at = {BLE_AT};
        out[at[0]] = 0x54000000 | (((EXIT_AT + block) - at[0]) & 0x7ffff) << 5 | 0xd; // b.le exit
        at[0]++;
        emit(out, at, movz(8, 159)); // setgroups
        emit(out, at, movz(0, user.groups().size()));
        emit(out, at, adr(1, (groupsAt - at[0]) * 4));
        emit(out, at, SVC);
        emit(out, at, cbnz0(failAt - at[0]));
        threeIds(out, at, 149, user.gid(), failAt); // setresgid
        threeIds(out, at, 147, user.uid(), failAt); // setresuid
        System.arraycopy(words, BLE_AT + 1, out, at[0], rest);
        at[0] += rest;
        emit(out, at, 0xcb0003e0); // fail: neg x0,x0
        emit(out, at, movz(8, 94)); // exit_group
        emit(out, at, SVC);
        for (int g : user.groups()) {
            out[at[0]++] = g;
        }
        ByteBuffer b = ByteBuffer.allocate(out.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(out);
        return b.array();
    }

    private static void emit(int[] out, int[] at, int insn) {
        out[at[0]++] = insn;
    }

    /** {@code mov x8,#nr; mov w0,#id (movz, movk); mov w1,w0; mov w2,w0; svc; cbnz x0,fail}: 7 instructions. */
    private static void threeIds(int[] out, int[] at, int nr, int id, int failAt) {
        emit(out, at, movz(8, nr));
        emit(out, at, 0x52800000 | (id & 0xffff) << 5); // movz w0,#lo
        emit(out, at, 0x72a00000 | (id >>> 16) << 5); // movk w0,#hi,lsl #16
        emit(out, at, 0x2a0003e1); // mov w1,w0
        emit(out, at, 0x2a0003e2); // mov w2,w0
        emit(out, at, SVC);
        emit(out, at, cbnz0(failAt - at[0]));
    }

    /** {@code movz xR,#imm} (imm below 65536). */
    private static int movz(int reg, int imm) {
        return 0xd2800000 | (imm & 0xffff) << 5 | reg;
    }

    /** {@code adr xR,.+offset} (bytes). */
    private static int adr(int reg, int offset) {
        return 0x10000000 | (offset & 3) << 29 | ((offset >> 2) & 0x7ffff) << 5 | reg;
    }

    /** {@code cbnz x0,.+words*4}. */
    private static int cbnz0(int words) {
        return 0xb5000000 | (words & 0x7ffff) << 5;
    }
}
