package dev.ptrace.strace;

/** How named constants are printed (strace {@code -X}). */
public enum ConstantStyle {
    /** Numbers only: {@code 0x80000}. */
    RAW,
    /** Names only: {@code O_RDONLY|O_CLOEXEC} (the default). */
    ABBREV,
    /** Number followed by the names in a comment: {@code 0x80000 /* O_RDONLY|O_CLOEXEC *}{@code /}. */
    VERBOSE
}
