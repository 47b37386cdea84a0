package dev.ptrace.strace;

import dev.ptrace.StackFrame;
import java.util.List;

/**
 * The call stack strace {@code -k} prints after an event's line, one frame a line:
 * {@code  > /usr/lib/x86_64-linux-gnu/libc.so.6(__getpid+0x7) [0xd54e7]}, the bracketed number being the
 * address's offset in the file. A frame in no file is {@code  > unexpected_backtracing_error [0xADDRESS]}.
 *
 * @param frames innermost first
 * @param takenAtEntry whether the stack was taken at the syscall's entry ({@code execve}, {@code exit},
 *     {@code exit_group}, whose exit finds another program or none). strace formats such frames ahead of time and
 *     prints a frame without a symbol as {@code FILE(+0x0)}; frames taken when printed show {@code FILE()}
 */
public record StackTrace(List<StackFrame> frames, boolean takenAtEntry) {

    /** Copies the list. */
    public StackTrace {
        frames = List.copyOf(frames);
    }

    /**
     * Appends strace's frame lines, each ending in a newline.
     *
     * @param out where they go
     * @throws java.io.IOException if {@code out} fails
     */
    public void appendTo(Appendable out) throws java.io.IOException {
        for (StackFrame f : frames) {
            out.append(" > ");
            if (!f.inFile()) {
                out.append("unexpected_backtracing_error [0x").append(Long.toHexString(f.pc())).append("]\n");
                continue;
            }
            out.append(f.file());
            if (f.symbol().isEmpty() && !takenAtEntry) {
                out.append("()");
            } else {
                out.append('(').append(f.symbol()).append("+0x").append(Long.toHexString(f.symbolOffset()))
                        .append(')');
            }
            out.append(" [0x").append(Long.toHexString(f.fileOffset())).append("]\n");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        try {
            appendTo(sb);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e); // a StringBuilder does not fail
        }
        return sb.toString();
    }
}
