package dev.ptrace;

/**
 * One frame of a stopped tracee's call stack ({@link Tracee#stackTrace()}), innermost first.
 *
 * @param pc the frame's address: the stopped instruction pointer for the innermost frame, the return address for
 *     its callers
 * @param file the mapped file that holds {@code pc}; empty when {@code pc} lies in no file mapping (anonymous or
 *     generated code), where unwinding stops
 * @param fileOffset {@code pc} as an offset into {@code file}: {@code pc - mapping start + mapping offset}
 * @param symbol the nearest function symbol at or before the frame's instruction ({@code .symtab} or
 *     {@code .dynsym}); empty when the file has none there
 * @param symbolOffset {@code pc} minus the symbol's address, 0 without a symbol
 */
public record StackFrame(long pc, String file, long fileOffset, String symbol, long symbolOffset) {

    /** Checks that the strings are present (empty, not null, when unknown). */
    public StackFrame {
        if (file == null || symbol == null) {
            throw new IllegalArgumentException("file and symbol must not be null (empty when unknown)");
        }
    }

    /** {@return whether {@code pc} lies in a mapped file} */
    public boolean inFile() {
        return !file.isEmpty();
    }
}
