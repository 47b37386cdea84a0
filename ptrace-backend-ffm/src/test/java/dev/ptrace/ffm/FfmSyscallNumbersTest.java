package dev.ptrace.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ptrace.Arch;
import dev.ptrace.syscalls.SyscallTable;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;

/** The syscall numbers this backend calls by agree with the tables generated from the kernel's headers. */
class FfmSyscallNumbersTest {

    @Test
    void everyNumberIsTheKernelsOnEachArchitecture() throws Exception {
        for (Arch arch : Arch.values()) {
            Syscalls.Numbers numbers = Syscalls.Numbers.of(arch);
            SyscallTable table = SyscallTable.of(arch);
            for (RecordComponent c : Syscalls.Numbers.class.getRecordComponents()) {
                String name = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase();
                assertEquals(table.byName(name).orElseThrow(() -> new AssertionError(name)).number(),
                        c.getAccessor().invoke(numbers), arch + " " + name);
            }
        }
    }
}
