package dev.ptrace.core;

import dev.ptrace.Credentials;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The x86_64 stub's credential step ({@link StubProgram}): after the go-ahead check, {@code setgroups(n, list)},
 * {@code setresgid(g, g, g)}, {@code setresuid(u, u, u)}; on the first failure {@code exit_group(errno)}. The
 * group list follows the code; it is addressed relative to the instruction pointer.
 */
final class X86_64Credentials {
    /** Where the stub's {@code jle exit} (rel8) stands, and where the code after it starts. */
    private static final int JLE_AT = 22;
    private static final int AFTER_JLE = 24;
    /** The stub's exit label, relative to the start of the code after the jle. */
    private static final int EXIT_AFTER_JLE = 0x2d;

    private X86_64Credentials() {
    }

    /** The stub's code with the credential step inserted after its {@code jle exit}, and the group list. */
    static byte[] insert(byte[] stub, Credentials user) {
        int rest = stub.length - AFTER_JLE;
        int blockStart = JLE_AT + 6; // jle rel32
        int blockLength = 28 + 31 + 31;
        int failAt = blockStart + blockLength + rest;
        int groupsAt = (failAt + 11 + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(groupsAt + 4 * user.groups().size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(stub, 0, JLE_AT);
        b.put((byte) 0x0f).put((byte) 0x8e).putInt(blockLength + EXIT_AFTER_JLE); // jle exit (rel32)
        // setgroups(n, list)
        movEax(b, 116);
        b.put((byte) 0xbf).putInt(user.groups().size()); // mov edi,n
        b.put((byte) 0x48).put((byte) 0x8d).put((byte) 0x35).putInt(groupsAt - (b.position() + 4)); // lea rsi,[rip+d]
        syscallOrFail(b, failAt);
        threeIds(b, 119, user.gid(), failAt); // setresgid
        threeIds(b, 117, user.uid(), failAt); // setresuid
        if (b.position() != blockStart + blockLength) {
            throw new IllegalStateException("credential block is " + (b.position() - blockStart) + " bytes");
        }
        b.put(stub, AFTER_JLE, rest);
        // fail: neg eax; mov edi,eax; mov eax,231 (exit_group); syscall
        b.put(new byte[] {(byte) 0xf7, (byte) 0xd8, (byte) 0x89, (byte) 0xc7});
        movEax(b, 231);
        b.put((byte) 0x0f).put((byte) 0x05);
        b.position(groupsAt);
        for (int g : user.groups()) {
            b.putInt(g);
        }
        return b.array();
    }

    private static void movEax(ByteBuffer b, int value) {
        b.put((byte) 0xb8).putInt(value);
    }

    /** {@code mov eax,nr; mov edi,id; mov esi,id; mov edx,id}, then the checked syscall. */
    private static void threeIds(ByteBuffer b, int nr, int id, int failAt) {
        movEax(b, nr);
        b.put((byte) 0xbf).putInt(id);
        b.put((byte) 0xbe).putInt(id);
        b.put((byte) 0xba).putInt(id);
        syscallOrFail(b, failAt);
    }

    /** {@code syscall; test rax,rax; jne fail} (rel32). */
    private static void syscallOrFail(ByteBuffer b, int failAt) {
        b.put((byte) 0x0f).put((byte) 0x05);
        b.put((byte) 0x48).put((byte) 0x85).put((byte) 0xc0);
        b.put((byte) 0x0f).put((byte) 0x85).putInt(failAt - (b.position() + 4));
    }
}
