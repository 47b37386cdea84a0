package dev.ptrace.syscalls;

import java.util.Objects;

/**
 * A named constant from the kernel headers.
 *
 * @param name  the macro name, e.g. {@code O_CLOEXEC}
 * @param value its value (64-bit; bit flags above bit 31, such as {@code CLONE_INTO_CGROUP}, fit)
 */
public record Constant(String name, long value) {
    /**
     * Checks the name.
     *
     * @param name the macro name
     * @param value its value
     * @throws NullPointerException if the name is null
     */
    public Constant {
        Objects.requireNonNull(name, "name");
    }
}
