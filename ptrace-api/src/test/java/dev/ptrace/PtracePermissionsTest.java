package dev.ptrace;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PtracePermissionsTest {

    private static final String STATUS = "Name:\tjava\n"
            + "Umask:\t0022\n"
            + "State:\tS (sleeping)\n"
            + "Tgid:\t4242\n"
            + "Uid:\t1000\t1001\t1002\t1003\n"
            + "Gid:\t1000\t1000\t1000\t1000\n"
            + "CapInh:\t0000000000000000\n"
            + "CapPrm:\t0000000000000000\n"
            + "CapEff:\t%s\n"
            + "NoNewPrivs:\t%s\n"
            + "Seccomp:\t%s\n"
            + "Seccomp_filters:\t0\n";

    private static PtracePermissions parse(String capEff, String nnp, String seccomp, String yama) {
        return PtracePermissions.parse(String.format(STATUS, capEff, nnp, seccomp), Optional.ofNullable(yama));
    }

    private static PtracePermissions perms(boolean cap, Integer yama, int seccomp) {
        return new PtracePermissions(1000, cap, false, yama == null ? OptionalInt.empty() : OptionalInt.of(yama),
                false, seccomp);
    }

    @Test
    void parsesTheEffectiveUidAndCapabilityBits() {
        PtracePermissions p = parse("0000000000080000", "0", "0", "1\n");
        assertEquals(1001, p.euid());
        assertFalse(p.privileged());
        assertTrue(p.capSysPtrace());
        assertFalse(p.capSysAdmin());
        assertEquals(OptionalInt.of(1), p.yamaScope());

        PtracePermissions admin = parse("0000000000200000", "0", "0", null);
        assertFalse(admin.capSysPtrace());
        assertTrue(admin.capSysAdmin());

        PtracePermissions all = parse("000001ffffffffff", "0", "0", null);
        assertTrue(all.capSysPtrace());
        assertTrue(all.capSysAdmin());

        PtracePermissions none = parse("ffffffffffd7ffff", "0", "0", null);
        assertFalse(none.capSysPtrace(), "bit 19 is clear");
        assertFalse(none.capSysAdmin(), "bit 21 is clear");
    }

    @Test
    void rootIsPrivileged() {
        PtracePermissions p = PtracePermissions.parse("Uid:\t0\t0\t0\t0\n", Optional.empty());
        assertEquals(0, p.euid());
        assertTrue(p.privileged());
    }

    @Test
    void malformedOrMissingFieldsCountAsAbsent() {
        PtracePermissions p = PtracePermissions.parse("Uid:\tx y\nCapEff:\tzz\nSeccomp:\t?\n", Optional.of("abc"));
        assertEquals(-1, p.euid());
        assertFalse(p.capSysPtrace());
        assertEquals(OptionalInt.empty(), p.yamaScope());
        assertEquals(0, p.seccompMode());
        PtracePermissions empty = PtracePermissions.parse("", Optional.of("-1"));
        assertEquals(-1, empty.euid());
        assertEquals(OptionalInt.empty(), empty.yamaScope());
        assertFalse(empty.noNewPrivs());
        PtracePermissions oneUid = PtracePermissions.parse("Uid:\t5\n", Optional.empty());
        assertEquals(-1, oneUid.euid());
    }

    @Test
    void noNewPrivsAndSeccomp() {
        PtracePermissions p = parse("0", "1", "2", null);
        assertTrue(p.noNewPrivs());
        assertEquals(2, p.seccompMode());
        assertFalse(parse("0", "0", "0", null).noNewPrivs());
    }

    @Test
    void yamaAbsentOrZeroAllowsEverything() {
        for (Integer scope : new Integer[] {null, 0}) {
            PtracePermissions p = perms(false, scope, 0);
            assertTrue(p.canTraceChildren());
            assertTrue(p.canAttachToOthers());
            assertEquals(List.of(), p.hints());
        }
    }

    @Test
    void yamaOneAllowsDescendantsOnlyUnlessCapSysPtrace() {
        PtracePermissions p = perms(false, 1, 0);
        assertTrue(p.canTraceChildren());
        assertFalse(p.canAttachToOthers());
        assertEquals(1, p.hints().size());
        assertTrue(p.hints().get(0).startsWith("kernel.yama.ptrace_scope=1 allows tracing descendants only"));
        PtracePermissions cap = perms(true, 1, 0);
        assertTrue(cap.canAttachToOthers());
        assertEquals(List.of(), cap.hints());
    }

    @Test
    void yamaTwoNeedsCapSysPtraceEvenForChildren() {
        PtracePermissions p = perms(false, 2, 0);
        assertFalse(p.canTraceChildren());
        assertFalse(p.canAttachToOthers());
        assertTrue(p.hints().get(0).startsWith("kernel.yama.ptrace_scope=2 requires CAP_SYS_PTRACE"));
        PtracePermissions cap = perms(true, 2, 0);
        assertTrue(cap.canTraceChildren());
        assertTrue(cap.canAttachToOthers());
        assertEquals(List.of(), cap.hints());
    }

    @Test
    void yamaThreeForbidsAllEvenWithCapSysPtrace() {
        PtracePermissions p = perms(true, 3, 0);
        assertFalse(p.canTraceChildren());
        assertFalse(p.canAttachToOthers());
        assertEquals(List.of("kernel.yama.ptrace_scope=3 forbids all ptrace use and cannot be lowered without a"
                + " reboot"), p.hints());
    }

    @Test
    void seccompHints() {
        List<String> filter = perms(true, null, 2).hints();
        assertEquals(1, filter.size());
        assertTrue(filter.get(0).startsWith("this JVM runs under a seccomp filter"));
        assertEquals(List.of("this JVM runs in strict seccomp mode, which forbids ptrace"),
                perms(true, null, 1).hints());
        List<String> both = perms(false, 1, 2).hints();
        assertEquals(2, both.size());
    }

    @Test
    void diagnoseAttachOfAMissingProcessFallsBackToTheHints() {
        int noSuchPid = 4_194_305; // above PID_MAX_LIMIT: never a process
        assertEquals(String.join("; ", perms(false, 1, 0).hints()), perms(false, 1, 0).diagnoseAttach(noSuchPid));
        assertTrue(perms(false, 0, 0).diagnoseAttach(noSuchPid).startsWith("the process may be non-dumpable"));
        assertEquals("", perms(true, 0, 0).diagnoseAttach(noSuchPid));
    }

    @Test
    void diagnoseAttachNamesAnotherUser() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        String realUid = PtracePermissions.field(Files.readString(Path.of("/proc/self/status")), "Uid")
                .orElseThrow().trim().split("\\s+")[0];
        PtracePermissions stranger = new PtracePermissions(Integer.parseInt(realUid) + 12345, false, false,
                OptionalInt.empty(), false, 0);
        String d = stranger.diagnoseAttach(self);
        assertTrue(d.contains("process " + self + " belongs to uid " + realUid + ", not to this JVM's uid "
                + (Integer.parseInt(realUid) + 12345)), d);
    }

    @Test
    void tracerPidOf() {
        assertTrue(PtracePermissions.tracerPidOf((int) ProcessHandle.current().pid()).isPresent());
        assertEquals(OptionalInt.empty(), PtracePermissions.tracerPidOf(4_194_305));
    }

    @Test
    void currentNeverThrows() {
        assertNotNull(PtracePermissions.current());
    }
}
