package dev.ptrace.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Arch;
import dev.ptrace.Signal;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hand-written {@link Signal} of the API must agree with the signal table generated from the headers. */
class SignalTableTest {

    @ParameterizedTest
    @EnumSource(Arch.class)
    void signalConstantsAgreeWithTheHeaders(Arch arch) throws IllegalAccessException {
        Constants c = Constants.of(arch);
        int checked = 0;
        for (Field f : Signal.class.getDeclaredFields()) {
            if (f.getType() == Signal.class && Modifier.isStatic(f.getModifiers())
                    && Modifier.isPublic(f.getModifiers()) && !f.getName().equals("NONE")) {
                Signal s = (Signal) f.get(null);
                assertEquals(Long.valueOf(s.number()), c.signals().valueOf(f.getName()).orElseThrow(
                        () -> new AssertionError(f.getName() + " is not in the " + arch + " headers")), f.getName());
                checked++;
            }
        }
        assertTrue(checked >= 33, checked + " constants checked");
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void namesAndNumbersAgree(Arch arch) {
        Constants c = Constants.of(arch);
        for (int n = 1; n <= 64; n++) {
            assertEquals(c.signalName(n), Signal.of(n).name(), "signal " + n);
        }
        for (Constant k : c.signals().entries()) {
            if (k.value() < 32 && Signal.byName(k.name()).isPresent()) {
                assertEquals(k.value(), Signal.byName(k.name()).get().number(), k.name());
            }
        }
        assertEquals(9L, c.signals().valueOf("SIGKILL").orElseThrow());
        assertEquals(32L, c.signals().valueOf("SIGRTMIN").orElseThrow(), "the kernel's SIGRTMIN, not glibc's 34");
        assertEquals(64L, c.signals().valueOf("SIGRTMAX").orElseThrow());
        assertEquals("SIGRT_3", c.signalName(35));
        assertEquals("SIGABRT", c.signalName(6));
        assertEquals("99", c.signalName(99));
    }
}
