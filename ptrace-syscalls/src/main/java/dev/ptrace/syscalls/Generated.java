package dev.ptrace.syscalls;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type written by {@code dev.ptrace.codegen}; do not edit such a type by hand, regenerate it.
 *
 * <p>Class retention on purpose: JaCoCo leaves out classes carrying an annotation whose simple name contains
 * "Generated" only when the annotation is visible in the class file.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Generated {
    /** {@return the headers the type was generated from} */
    String value() default "";
}
