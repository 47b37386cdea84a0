package dev.ptrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Turns a classic BPF seccomp program into a readable listing, one line per instruction:
 *
 * <pre>
 *  0000: 0x20 0x00 0x00 0x00000004  A = arch
 *  0001: 0x15 0x00 0x04 0xc000003e  if (A != AUDIT_ARCH_X86_64) goto 0006
 *  0002: 0x20 0x00 0x00 0x00000000  A = nr
 *  0003: 0x15 0x00 0x01 0x0000006e  if (A != getppid) goto 0005
 *  0004: 0x06 0x00 0x00 0x7ff0002a  return TRACE(42)
 *  0005: 0x06 0x00 0x00 0x7fff0000  return ALLOW
 *  0006: 0x06 0x00 0x00 0x80000000  return KILL_PROCESS
 * </pre>
 *
 * Loads from {@code struct seccomp_data} are shown by field name ({@code nr}, {@code arch},
 * {@code instruction_pointer}, {@code args[i]}; the upper halves of 64-bit fields with {@code >> 32}), jumps with
 * absolute targets, return values by action name ({@code ALLOW}, {@code ERRNO(1)}, {@code TRACE},
 * {@code KILL_PROCESS} ...), and constants compared with {@code arch} by {@code AUDIT_ARCH_*} name. Constants
 * compared with {@code nr} are shown by syscall name when a name function is given (the API does not depend on the
 * syscall tables: pass e.g. {@code nr -> table.byNumber(nr).map(Syscall::name).orElse(null)}).
 *
 * <p>A static utility: it has no instances.
 */
public interface BpfDisassembler {

    /**
     * {@return the listing of a program, one line per instruction, each ending in a newline; syscalls as numbers}
     *
     * @param program the instructions, as {@link Seccomp#filter(int)} returns them
     */
    static String disassemble(List<BpfInstruction> program) {
        return disassemble(program, nr -> null);
    }

    /**
     * The listing of a program.
     *
     * @param program the instructions, as {@link Seccomp#filter(int)} returns them
     * @param syscallName the name of a syscall number, or null when unknown
     * @return the listing, one line per instruction, each ending in a newline
     */
    static String disassemble(List<BpfInstruction> program, IntFunction<String> syscallName) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines(program, syscallName)) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /**
     * {@return the listing as lines, {@code " 0000: 0x20 0x00 0x00 0x00000004  A = arch"}}
     *
     * @param program the instructions, as {@link Seccomp#filter(int)} returns them
     * @param syscallName the name of a syscall number, or null when unknown
     */
    static List<String> lines(List<BpfInstruction> program, IntFunction<String> syscallName) {
        int n = program.size();
        // What the accumulator holds at each instruction: programs only jump forward, so one pass suffices.
        String[] holds = new String[n + 1];
        boolean[] reached = new boolean[n + 1];
        if (n > 0) {
            reached[0] = true;
            holds[0] = "";
        }
        List<String> out = new ArrayList<>(n);
        for (int pc = 0; pc < n; pc++) {
            BpfInstruction i = program.get(pc);
            String a = reached[pc] ? holds[pc] : "";
            String text = describe(i, pc, n, a == null ? "" : a, syscallName);
            out.add(String.format(Locale.ROOT, " %04d: 0x%02x 0x%02x 0x%02x 0x%08x  %s", pc, i.code(), i.jt(),
                    i.jf(), i.k(), text));
            String after = accumulatorAfter(i, a == null ? "" : a);
            int cls = i.instructionClass();
            if (cls == 0x06) {
                continue; // RET: no successor
            }
            if (cls == 0x05) {
                int op = i.code() & 0xf0;
                if (op == 0x00) {
                    flow(holds, reached, pc + 1 + i.k(), after, n);
                } else {
                    flow(holds, reached, pc + 1 + i.jt(), after, n);
                    flow(holds, reached, pc + 1 + i.jf(), after, n);
                }
            } else {
                flow(holds, reached, pc + 1, after, n);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The name of a seccomp return value: {@code ALLOW}, {@code KILL_PROCESS}, {@code KILL_THREAD}, {@code LOG},
     * {@code USER_NOTIF}, {@code ERRNO(n)}, {@code TRAP} / {@code TRAP(n)}, {@code TRACE} / {@code TRACE(n)}; an
     * unknown action as hex.
     *
     * @param value a filter's return value
     * @return its name
     */
    static String returnAction(int value) {
        int action = value & Seccomp.RET_ACTION_FULL;
        int data = value & Seccomp.RET_DATA;
        switch (action) {
            case Seccomp.RET_KILL_PROCESS:
                return "KILL_PROCESS";
            case Seccomp.RET_KILL_THREAD:
                return "KILL_THREAD";
            case Seccomp.RET_TRAP:
                return data == 0 ? "TRAP" : "TRAP(" + data + ")";
            case Seccomp.RET_ERRNO:
                return "ERRNO(" + data + ")";
            case Seccomp.RET_USER_NOTIF:
                return "USER_NOTIF";
            case Seccomp.RET_TRACE:
                return data == 0 ? "TRACE" : "TRACE(" + data + ")";
            case Seccomp.RET_LOG:
                return "LOG";
            case Seccomp.RET_ALLOW:
                return "ALLOW";
            default:
                return String.format(Locale.ROOT, "0x%08x", value);
        }
    }

    /**
     * {@return the {@code AUDIT_ARCH_*} name of a value, or hex if unknown}
     *
     * @param arch an {@code AUDIT_ARCH_*} value
     */
    static String auditArchName(int arch) {
        switch (arch) {
            case 0xC000003E:
                return "AUDIT_ARCH_X86_64";
            case 0x40000003:
                return "AUDIT_ARCH_I386";
            case 0xC00000B7:
                return "AUDIT_ARCH_AARCH64";
            case 0x40000028:
                return "AUDIT_ARCH_ARM";
            case 0xC00000F3:
                return "AUDIT_ARCH_RISCV64";
            case 0x80000016:
                return "AUDIT_ARCH_S390X";
            case 0x80000015:
                return "AUDIT_ARCH_PPC64";
            case 0xC0000015:
                return "AUDIT_ARCH_PPC64LE";
            default:
                return String.format(Locale.ROOT, "0x%x", arch);
        }
    }

    /**
     * {@return the name of a 32-bit load from {@code struct seccomp_data} at {@code offset}}
     *
     * @param offset a byte offset into {@code struct seccomp_data}
     */
    static String seccompDataField(int offset) {
        switch (offset) {
            case 0:
                return "nr";
            case 4:
                return "arch";
            case 8:
                return "instruction_pointer";
            case 12:
                return "instruction_pointer >> 32";
            default:
                if (offset >= 16 && offset < 64 && offset % 4 == 0) {
                    int arg = (offset - 16) / 8;
                    return "args[" + arg + "]" + (offset % 8 == 4 ? " >> 32" : "");
                }
                return "data[" + offset + "]";
        }
    }

    private static void flow(String[] holds, boolean[] reached, int target, String value, int n) {
        if (target > n || target < 0) {
            return;
        }
        if (!reached[target]) {
            reached[target] = true;
            holds[target] = value;
        } else if (holds[target] != null && !holds[target].equals(value)) {
            holds[target] = null; // different on different paths: unknown
        }
    }

    /** What A holds after an instruction: the seccomp_data field name, or "" for anything else. */
    private static String accumulatorAfter(BpfInstruction i, String before) {
        int code = i.code();
        int cls = i.instructionClass();
        if (cls == 0x00) {
            return code == 0x20 ? seccompDataField(i.k()) : "";
        }
        if (cls == 0x04 || (cls == 0x07 && (code & 0xf8) == 0x80)) {
            return ""; // arithmetic or TXA
        }
        return before;
    }

    private static String describe(BpfInstruction i, int pc, int n, String a, IntFunction<String> syscallName) {
        int code = i.code();
        int k = i.k();
        String ku = Integer.toUnsignedString(k);
        int size = code & 0x18;
        int mode = code & 0xe0;
        String width = size == 0x08 ? " (16 bits)" : size == 0x10 ? " (8 bits)" : "";
        switch (i.instructionClass()) {
            case 0x00: // LD
                switch (mode) {
                    case 0x00:
                        return "A = " + hex(k);
                    case 0x20:
                        return size == 0x00 ? "A = " + seccompDataField(k) : "A = data[" + ku + "]" + width;
                    case 0x40:
                        return "A = data[X + " + ku + "]" + width;
                    case 0x60:
                        return "A = M[" + ku + "]";
                    case 0x80:
                        return "A = sizeof(seccomp_data)";
                    default:
                        return unknown(code);
                }
            case 0x01: // LDX
                switch (mode) {
                    case 0x00:
                        return "X = " + hex(k);
                    case 0x60:
                        return "X = M[" + ku + "]";
                    case 0x80:
                        return "X = sizeof(seccomp_data)";
                    case 0xa0:
                        return "X = 4 * (data[" + ku + "] & 0xf)";
                    default:
                        return unknown(code);
                }
            case 0x02:
                return "M[" + ku + "] = A";
            case 0x03:
                return "M[" + ku + "] = X";
            case 0x04: { // ALU
                int op = code & 0xf0;
                if (op == 0x80) {
                    return "A = -A";
                }
                String sym = aluOperator(op);
                if (sym == null) {
                    return unknown(code);
                }
                return "A " + sym + "= " + ((code & 0x08) != 0 ? "X" : hex(k));
            }
            case 0x05: { // JMP
                int op = code & 0xf0;
                if (op == 0x00) {
                    return "goto " + target(pc + 1 + k, n);
                }
                String operand = (code & 0x08) != 0 ? "X" : constant(a, k, syscallName);
                String[] ops = jumpOperators(op);
                if (ops == null) {
                    return unknown(code);
                }
                int t = pc + 1 + i.jt();
                int f = pc + 1 + i.jf();
                if (i.jt() == 0 && i.jf() != 0) {
                    return "if (" + condition(ops[1], operand) + ") goto " + target(f, n);
                }
                if (i.jf() == 0) {
                    return "if (" + condition(ops[0], operand) + ") goto " + target(t, n);
                }
                return "if (" + condition(ops[0], operand) + ") goto " + target(t, n) + " else goto "
                        + target(f, n);
            }
            case 0x06: { // RET
                int src = code & 0x18;
                if (src == 0x10) {
                    return "return A";
                }
                if (src == 0x08) {
                    return "return X";
                }
                return "return " + returnAction(k);
            }
            default: { // MISC
                int op = code & 0xf8;
                if (op == 0x00) {
                    return "X = A";
                }
                if (op == 0x80) {
                    return "A = X";
                }
                return unknown(code);
            }
        }
    }

    private static String condition(String op, String operand) {
        return op.equals("!&") ? "!(A & " + operand + ")" : "A " + op + " " + operand;
    }

    /** Operators for JEQ, JGT, JGE, JSET: {when true, when false}; "!&" marks the negated test. */
    private static String[] jumpOperators(int op) {
        switch (op) {
            case 0x10:
                return new String[] {"==", "!="};
            case 0x20:
                return new String[] {">", "<="};
            case 0x30:
                return new String[] {">=", "<"};
            case 0x40:
                return new String[] {"&", "!&"};
            default:
                return null;
        }
    }

    private static String aluOperator(int op) {
        switch (op) {
            case 0x00: return "+";
            case 0x10: return "-";
            case 0x20: return "*";
            case 0x30: return "/";
            case 0x40: return "|";
            case 0x50: return "&";
            case 0x60: return "<<";
            case 0x70: return ">>";
            case 0x90: return "%";
            case 0xa0: return "^";
            default: return null;
        }
    }

    private static String constant(String accumulator, int k, IntFunction<String> syscallName) {
        if ("arch".equals(accumulator)) {
            return auditArchName(k);
        }
        if ("nr".equals(accumulator)) {
            String name = syscallName.apply(k);
            return name != null ? name : Integer.toString(k);
        }
        return hex(k);
    }

    private static String hex(int k) {
        return Integer.compareUnsigned(k, 10) < 0 ? Integer.toString(k)
                : "0x" + Integer.toHexString(k);
    }

    private static String target(int line, int n) {
        String s = String.format(Locale.ROOT, "%04d", line);
        return line < n ? s : s + " (out of range)";
    }

    private static String unknown(int code) {
        return String.format(Locale.ROOT, "??? (unknown opcode 0x%02x)", code);
    }
}
