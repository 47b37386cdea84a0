package dev.ptrace.strace.internal;

import dev.ptrace.Arch;

/** rt_sigreturn: the signal mask restored from the signal frame on the stack. */
final class SigreturnDecoder implements SyscallDecoder {
    @Override
    public void enter(SyscallCall c, StringBuilder o) {
        long offset = c.ctx.tables().arch() == Arch.X86_64 ? 40 + 256 : 128 + 40;
        byte[] mask = c.stackPointer == 0 ? null : c.ctx.read(c.stackPointer + offset, 8);
        o.append("{mask=");
        if (mask == null) {
            o.append('?');
        } else {
            Structs.sigsetBits(c.ctx, o, mask, 64);
        }
        o.append('}');
    }
}
