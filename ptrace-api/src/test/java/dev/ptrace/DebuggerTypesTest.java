package dev.ptrace;

import dev.ptrace.spi.Availability;
import dev.ptrace.spi.TracerProvider;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The value types and default methods of the debugger and seccomp API, and the rest of the BPF listing. */
class DebuggerTypesTest {

    private static List<String> texts(List<BpfInstruction> prog) {
        return BpfDisassembler.lines(prog, nr -> null).stream().map(l -> l.substring(l.indexOf("  ", 5) + 2))
                .toList();
    }

    @Test
    void everyAluOperator() {
        int[] ops = {0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xa0};
        String[] syms = {"+", "-", "*", "/", "|", "&", "<<", ">>", "%", "^"};
        for (int i = 0; i < ops.length; i++) {
            assertEquals(List.of("A " + syms[i] + "= 3", "A " + syms[i] + "= X"),
                    texts(List.of(BpfInstruction.stmt(0x04 | ops[i], 3), BpfInstruction.stmt(0x0c | ops[i], 0))));
        }
        assertEquals(List.of("??? (unknown opcode 0xb4)", "??? (unknown opcode 0xf4)"),
                texts(List.of(BpfInstruction.stmt(0xb4, 0), BpfInstruction.stmt(0xf4, 0))));
    }

    @Test
    void theRemainingLoadsJumpsAndReturns() {
        List<BpfInstruction> prog = List.of(
                BpfInstruction.stmt(0x40, 4), // LD W IND
                BpfInstruction.stmt(0x48, 2), // LD H IND
                BpfInstruction.stmt(0x30, 5), // LD B ABS
                BpfInstruction.stmt(0xa0, 0), // LD with mode MSH: not for A
                BpfInstruction.stmt(0x61, 2), // LDX MEM
                BpfInstruction.stmt(0x81, 0), // LDX LEN
                BpfInstruction.stmt(0x21, 0), // LDX ABS: does not exist
                BpfInstruction.jump(0x55, 1, 0, 0), // JMP op 0x50: does not exist
                BpfInstruction.stmt(0x0e, 0), // RET X
                BpfInstruction.stmt(0x16, 0)); // RET A
        assertEquals(List.of("A = data[X + 4]", "A = data[X + 2] (16 bits)", "A = data[5] (8 bits)",
                "??? (unknown opcode 0xa0)", "X = M[2]", "X = sizeof(seccomp_data)", "??? (unknown opcode 0x21)",
                "??? (unknown opcode 0x55)", "return X", "return A"), texts(prog));
    }

    @Test
    void archNamesOfOtherArchitectures() {
        assertEquals("AUDIT_ARCH_X86_64", BpfDisassembler.auditArchName(0xC000003E));
        assertEquals("AUDIT_ARCH_ARM", BpfDisassembler.auditArchName(0x40000028));
        assertEquals("AUDIT_ARCH_RISCV64", BpfDisassembler.auditArchName(0xC00000F3));
        assertEquals("AUDIT_ARCH_S390X", BpfDisassembler.auditArchName(0x80000016));
        assertEquals("AUDIT_ARCH_PPC64", BpfDisassembler.auditArchName(0x80000015));
        assertEquals("AUDIT_ARCH_PPC64LE", BpfDisassembler.auditArchName(0xC0000015));
        // and in a listing, after A = arch
        List<BpfInstruction> prog = List.of(BpfInstruction.stmt(0x20, 4), BpfInstruction.jump(0x15, 0x40000028, 0, 1),
                BpfInstruction.stmt(0x06, Seccomp.RET_ERRNO | 38), BpfInstruction.stmt(0x06, Seccomp.RET_ALLOW));
        assertEquals("if (A != AUDIT_ARCH_ARM) goto 0003", texts(prog).get(1));
        assertEquals("return ERRNO(38)", texts(prog).get(2));
        assertEquals("{0x15, 0, 1, 0x40000028}", prog.get(1).toString());
    }

    @Test
    void seccompDataNamesItsArchitecture() {
        SyscallArgs args = new SyscallArgs(1, 2, 3, 4, 5, 6);
        SeccompData x86 = new SeccompData(1, 0xC000003E, 0x401000, args, 7);
        assertEquals(Optional.of(Arch.X86_64), x86.arch());
        assertEquals(Optional.of(Arch.AARCH64), new SeccompData(64, 0xC00000B7, 0, args, 0).arch());
        assertEquals(Optional.empty(), new SeccompData(4, 0x40000003, 0, args, 0).arch(), "i386 is not supported");
        assertEquals(7, x86.retData());
        assertEquals(args, x86.args());
    }

    @Test
    void seccompsDefaultMethodsUseMetadataAndFilter() {
        Seccomp s = mock(Seccomp.class, CALLS_REAL_METHODS);
        List<BpfInstruction> prog = List.of(BpfInstruction.stmt(0x06, Seccomp.RET_KILL_PROCESS));
        org.mockito.Mockito.doReturn(new SeccompMetadata(0, SeccompMetadata.FLAG_SPEC_ALLOW
                | SeccompMetadata.FLAG_NEW_LISTENER)).when(s).metadata(0);
        org.mockito.Mockito.doReturn(prog).when(s).filter(2);
        assertEquals(List.of("spec_allow", "new_listener"), s.metadataFlagNames(0));
        assertEquals(" 0000: 0x06 0x00 0x00 0x80000000  return KILL_PROCESS\n", s.disassemble(2));
    }

    @Test
    void syscallAndSignalInfoRecords() {
        SyscallInfo exit = new SyscallInfo(SyscallInfo.Op.EXIT, 0xC000003E, 0x401000, 0x7ff000, -1, null, -2, true, 0);
        assertEquals(SyscallInfo.Op.EXIT, exit.op());
        assertEquals(-2, exit.returnValue());
        assertEquals(List.of(SyscallInfo.Op.NONE, SyscallInfo.Op.ENTRY, SyscallInfo.Op.EXIT, SyscallInfo.Op.SECCOMP),
                List.of(SyscallInfo.Op.values()));
        assertEquals(SyscallInfo.Op.SECCOMP, SyscallInfo.Op.valueOf("SECCOMP"));

        SignalInfo kill = new SignalInfo(Signal.SIGTERM, 0, SignalInfo.SI_USER, 42, 1000, 0, 0, 0, 0, 0);
        assertEquals(0, kill.userTime());
        assertEquals(0, kill.systemTime());
        assertEquals(42, kill.pid());
        assertEquals(new SignalInfo(Signal.SIGTERM, 0, 0, 42, 1000, 0, 0, 0, 0, 0, 0, 0), kill);
        assertEquals(List.of(-6, -1, 0, 0x80), List.of(SignalInfo.SI_TKILL, SignalInfo.SI_QUEUE, SignalInfo.SI_USER,
                SignalInfo.SI_KERNEL));
        assertEquals(List.of("RUNNING", "STOPPED", "EXITED", "DETACHED"),
                java.util.Arrays.stream(TraceeState.values()).map(Enum::name).toList());
    }

    @Test
    void tracerShortcutsUseTheDefaults() {
        Tracer t = mock(Tracer.class, CALLS_REAL_METHODS);
        Tracee tracee = mock(Tracee.class);
        org.mockito.Mockito.doReturn(tracee).when(t).spawn(List.of("ls"), SpawnOptions.defaults());
        org.mockito.Mockito.doReturn(tracee).when(t).attach(7, Set.of());
        assertSame(tracee, t.spawn(List.of("ls")));
        assertSame(tracee, t.attach(7));
        verify(t).spawn(List.of("ls"), SpawnOptions.defaults());
        verify(t).attach(7, Set.of());
    }

    @Test
    void providerDefaultsAndBackendInfo() {
        TracerProvider p = mock(TracerProvider.class, CALLS_REAL_METHODS);
        when(p.name()).thenReturn("x");
        assertEquals(0, p.priority());
        assertEquals(TracerProvider.SPI_VERSION, p.spiVersion());
        Availability ok = Availability.ok();
        BackendInfo info = new BackendInfo("x", 5, ok);
        assertEquals("x", info.name());
        assertEquals(5, info.priority());
        assertSame(ok, info.availability());
    }

    @Test
    void tracedSyscallsAreCopied() {
        java.util.Set<Integer> mutable = new java.util.HashSet<>(Set.of(1, 2));
        SpawnOptions o = SpawnOptions.defaults().withTracedSyscalls(mutable);
        mutable.add(3);
        assertEquals(Set.of(1, 2), o.tracedSyscalls());
        assertEquals(Set.of(), SpawnOptions.defaults().tracedSyscalls());
        assertEquals(o.killOnExit(), SpawnOptions.defaults().killOnExit());
    }
}
