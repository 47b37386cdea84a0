package dev.ptrace.strace;

/** When strings are printed with hex escapes (strace {@code -x}, {@code -xx}, {@code --strings-in-hex=}). */
public enum StringsInHex {
    /** Octal escapes for non-printable bytes (the default). */
    NONE,
    /** Hex escapes instead of octal ones ({@code --strings-in-hex=non-ascii-chars}). */
    NON_ASCII_CHARS,
    /** A string with any non-printable byte entirely in hex ({@code -x}). */
    NON_ASCII,
    /** Every string entirely in hex ({@code -xx}). */
    ALL
}
