/** A user's module: the API and the strace library, no backend named. */
module demo {
    requires dev.ptrace.strace;
}
