/**
 * Runnable example tools, each a {@code main} with picocli options: {@link dev.ptrace.examples.SimpleStrace} (the
 * raw API in one loop); {@link dev.ptrace.examples.SyscallCounter} and {@link dev.ptrace.examples.FileAccessTracer}
 * (on {@link dev.ptrace.strace.Strace}); {@link dev.ptrace.examples.MemoryReader} (attach, maps, memory);
 * {@link dev.ptrace.examples.SeccompDump} (seccomp filters). {@code jstrace} lives in its own package.
 */
package dev.ptrace.examples;
