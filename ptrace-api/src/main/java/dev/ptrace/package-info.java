/**
 * The ptrace-java API: {@link dev.ptrace.Ptrace} opens a {@link dev.ptrace.Tracer}, which spawns or attaches
 * {@link dev.ptrace.Tracee}s and reports their {@link dev.ptrace.Stop}s. Everything that touches a process is an
 * interface, so tools built on it can be unit-tested with mocks; values are records and enums.
 */
package dev.ptrace;
