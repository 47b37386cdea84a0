package dev.ptrace.core;

/**
 * The tests of a raw wait status (as {@link dev.ptrace.WaitStatus} does them, sys/wait.h), as static methods: the
 * tracer thread decodes every stop with them without allocating.
 */
final class WaitBits {

    private WaitBits() {
    }

    static boolean exited(int raw) {
        return (raw & 0x7f) == 0;
    }

    static boolean signaled(int raw) {
        int low = raw & 0x7f;
        return low != 0 && low != 0x7f;
    }

    /** Exited or killed: the end of a process or thread. */
    static boolean ended(int raw) {
        return (raw & 0x7f) != 0x7f;
    }

    static boolean stopped(int raw) {
        return (raw & 0xff) == 0x7f;
    }

    static int stopSignal(int raw) {
        return (raw >> 8) & 0xff;
    }

    static int event(int raw) {
        return (raw >> 16) & 0xff;
    }
}
