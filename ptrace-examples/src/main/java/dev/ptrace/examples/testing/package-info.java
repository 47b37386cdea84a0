/**
 * How to unit-test a tool built on ptrace-java without root: {@link dev.ptrace.examples.testing.OpenFileAuditor}
 * is plain code against the API's interfaces, and its test mocks {@code Tracee} and {@code Memory} with Mockito.
 */
package dev.ptrace.examples.testing;
