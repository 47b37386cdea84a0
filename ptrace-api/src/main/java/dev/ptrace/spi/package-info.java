/**
 * The backend service-provider interface: what a native backend implements so that
 * {@link dev.ptrace.Ptrace#open()} can find it with {@link java.util.ServiceLoader}.
 */
package dev.ptrace.spi;
