package dev.ptrace.strace.internal;

import dev.ptrace.syscalls.SyscallArg;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one registry of syscall decoders, by name: the hand-written decoder of its topic's {@link DecoderGroup}
 * where there is one, else the {@link TypedDecoder} of its prototype.
 */
public final class Decoders {

    /** Every group; each name belongs to at most one (checked by a test). */
    private static final List<DecoderGroup> GROUPS = List.of(new FileDecoders(), new IoDecoders(),
            new SocketDecoders(), new TimeDecoders(), new SignalDecoders(), new ProcessDecoders(),
            new MemoryDecoders(), new MountDecoders(), new CredentialDecoders(), new BpfDecoders(),
            new IpcDecoders(), new NotifyDecoders(), new IoUringDecoders(), new KeyDecoders(),
            new MiscDecoders());

    /**
     * The decoders built so far, by name; {@link #NONE} for a syscall without its own. Built on first use, so
     * that a short trace does not pay for the hundreds of decoders it never needs.
     */
    private static final Map<String, SyscallDecoder> BY_NAME = new ConcurrentHashMap<>();
    private static final SyscallDecoder NONE = new ArgListDecoder(new Arg[0], 0, Result.DEC);

    private Decoders() {
    }

    /**
     * The decoder of syscall {@code number}: its hand-written one, else one typed by its kernel prototype, else
     * (no prototype: syscalls the kernel does not implement) its raw arguments in hex.
     */
    public static SyscallDecoder of(SyscallTables tables, int number, String name) {
        SyscallDecoder d = lookup(name);
        if (d != NONE) {
            return d;
        }
        List<SyscallArg> prototype = tables.prototype(number);
        return prototype != null ? TypedDecoder.of(name, prototype) : generic(tables.argumentCount(number));
    }

    /** Whether a syscall has its own decoder. */
    public static boolean has(String name) {
        return lookup(name) != NONE;
    }

    /** How many groups have a decoder of their own for this name (for the test that each has at most one). */
    static int groupsClaiming(String name) {
        int n = 0;
        for (DecoderGroup g : GROUPS) {
            if (g.create(name) != null) {
                n++;
            }
        }
        return n;
    }

    private static SyscallDecoder lookup(String name) {
        SyscallDecoder d = BY_NAME.get(name);
        return d != null ? d : BY_NAME.computeIfAbsent(name, Decoders::create);
    }

    private static SyscallDecoder create(String name) {
        for (DecoderGroup g : GROUPS) {
            SyscallDecoder d = g.create(name);
            if (d != null) {
                return d;
            }
        }
        return NONE;
    }

    /** Raw arguments in hex, as strace prints syscalls it does not decode. */
    public static SyscallDecoder generic(int argCount) {
        Arg[] args = new Arg[Math.max(0, Math.min(argCount, 6))];
        for (int i = 0; i < args.length; i++) {
            args[i] = A.hex(i);
        }
        return new ArgListDecoder(args, args.length, Result.DEC);
    }
}
