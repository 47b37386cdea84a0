package dev.ptrace;

/**
 * A raw wait status as waitpid(2) stores it, with the decoding of the {@code W*} macros and of the ptrace event
 * in bits 16..23.
 *
 * @param raw the status word
 */
public record WaitStatus(int raw) {

    /** {@return whether the process exited normally ({@code WIFEXITED})} */
    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    /** {@return the exit status, 0 to 255 ({@code WEXITSTATUS})} */
    public int exitStatus() {
        return (raw >> 8) & 0xff;
    }

    /** {@return whether a signal killed the process ({@code WIFSIGNALED})} */
    public boolean signaled() {
        int low = raw & 0x7f;
        return low != 0 && low != 0x7f;
    }

    /** {@return the signal that killed the process ({@code WTERMSIG})} */
    public int termSignal() {
        return raw & 0x7f;
    }

    /** {@return whether the killed process dumped core ({@code WCOREDUMP})} */
    public boolean coreDumped() {
        return signaled() && (raw & 0x80) != 0;
    }

    /** {@return whether the process is stopped, ptrace-stops included ({@code WIFSTOPPED})} */
    public boolean stopped() {
        return (raw & 0xff) == 0x7f;
    }

    /**
     * {@return the stop signal ({@code WSTOPSIG}), which is {@code SIGTRAP|0x80} at syscall stops with TRACESYSGOOD}
     */
    public int stopSignal() {
        return (raw >> 8) & 0xff;
    }

    /** {@return the ptrace event of an event stop ({@code status >> 16}), 0 if none} */
    public int event() {
        return (raw >> 16) & 0xff;
    }

    /** {@return whether a SIGCONT resumed the process ({@code WIFCONTINUED})} */
    public boolean continued() {
        return raw == 0xffff;
    }

    /** A signal's name, or its number where the status holds one the kernel does not have (65..127). */
    private static String signalName(int number) {
        return number <= 64 ? Signal.of(number).name() : "signal " + number;
    }

    @Override
    public String toString() {
        if (exited()) {
            return "exited(" + exitStatus() + ")";
        }
        if (signaled()) {
            return "killed(" + signalName(termSignal()) + (coreDumped() ? ", core" : "") + ")";
        }
        if (continued()) {
            return "continued";
        }
        if (stopped()) {
            int sig = stopSignal();
            String s = (sig & 0x80) != 0 && (sig & 0x7f) == 5 ? "SIGTRAP|0x80" : signalName(sig & 0x7f);
            return "stopped(" + s + (event() != 0 ? ", event " + event() : "") + ")";
        }
        return "status(0x" + Integer.toHexString(raw) + ")";
    }
}
