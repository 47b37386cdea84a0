package dev.ptrace.codegen;

/**
 * One logical line of a C header: continuation lines joined, comments replaced by a space.
 *
 * @param text    the code with comments removed
 * @param comment the text of the comments that started on this line, trimmed, or "" if none
 * @param line    the physical line number (1-based) where the logical line starts
 */
record LogicalLine(String text, String comment, int line) {

    /** Whether this line is a preprocessor directive. */
    boolean isDirective() {
        return text.stripLeading().startsWith("#");
    }
}
