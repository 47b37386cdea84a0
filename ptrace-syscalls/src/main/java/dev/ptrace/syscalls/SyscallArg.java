package dev.ptrace.syscalls;

import java.util.Objects;

/**
 * One argument of a syscall as the kernel prototype declares it.
 *
 * @param type the C type with sparse annotations such as {@code __user} removed, e.g. {@code const char *}
 * @param name the parameter name, or "" where the prototype leaves it out
 */
public record SyscallArg(String type, String name) {
    /**
     * Checks that neither part is null.
     *
     * @param type the C type, e.g. {@code const char *}
     * @param name the parameter name, or ""
     * @throws NullPointerException if either part is null
     */
    public SyscallArg {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /** {@return whether the type is a pointer, that is whether the value is an address in the tracee} */
    public boolean isPointer() {
        return type.endsWith("*");
    }

    /** {@code type name}, as in a C prototype. */
    @Override
    public String toString() {
        return name.isEmpty() ? type : type.endsWith("*") ? type + name : type + " " + name;
    }
}
