package dev.ptrace.strace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Arch;
import dev.ptrace.syscalls.Syscall;
import dev.ptrace.syscalls.SyscallArg;
import dev.ptrace.syscalls.SyscallTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every syscall of both generated tables is decoded: by a hand-written decoder of exactly one group, or by the
 * typed default of its prototype, whose every argument some rule of {@link TypedDecoder} knows.
 */
class DecoderCoverageTest {

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X86_64", "AARCH64"})
    void everySyscallHasAHandDecoderOrTheTypedDefault(Arch arch) {
        SyscallTables tables = SyscallTables.of(arch);
        List<String> undecoded = new ArrayList<>();
        List<String> claimedTwice = new ArrayList<>();
        int hand = 0;
        int typed = 0;
        for (Syscall s : SyscallTable.of(arch).all()) {
            int groups = Decoders.groupsClaiming(s.name());
            if (groups > 1) {
                claimedTwice.add(s.name());
            }
            if (groups > 0) {
                hand++;
            } else if (tables.prototype(s.number()) != null && typeKnown(s)) {
                typed++;
            } else {
                undecoded.add(s.signature());
            }
        }
        System.out.printf("%s: %d syscalls, %d with a hand decoder, %d with the typed default%n", arch,
                hand + typed + undecoded.size(), hand, typed);
        assertEquals(List.of(), undecoded, arch + ": syscalls with neither a hand decoder nor the typed default");
        assertEquals(List.of(), claimedTwice, arch + ": syscalls claimed by two groups");
        assertTrue(hand > 0 && typed > 0);
    }

    /** Whether the typed default has a rule for each argument, rather than its hex fallback for unknown types. */
    private static boolean typeKnown(Syscall s) {
        for (SyscallArg a : s.args()) {
            if (!TypedDecoder.knows(a)) {
                return false;
            }
        }
        return true;
    }
}
