package dev.ptrace.core;

import dev.ptrace.PtraceException;
import dev.ptrace.PtracePermissions;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TraceeMemoryException;
import dev.ptrace.TracePermissionException;

/** The one place where a native errno becomes an API exception with its context. */
final class Errors {

    private Errors() {
    }

    /** Translates a failed call concerning a tracee (pid -1 if none). */
    static PtraceException translate(NativeCallException e, int pid) {
        int errno = e.errno();
        switch (errno) {
            case Linux.ESRCH:
                return new TraceeGoneException(e.call(), pid, errno,
                        "the thread does not exist, has exited, or is not stopped under this tracer", e);
            case Linux.EPERM:
            case Linux.EACCES:
                String hint = pid > 0 ? PtracePermissions.current().diagnoseAttach(pid)
                        : String.join("; ", PtracePermissions.current().hints());
                return new TracePermissionException(e.call(), pid, errno, hint, e);
            default:
                return new PtraceException(e.call(), pid, errno, null, e);
        }
    }

    /** Translates a failed memory access; EFAULT and EIO name the address. */
    static PtraceException translateMemory(NativeCallException e, int pid, long address) {
        if (e.errno() == Linux.EFAULT || e.errno() == Linux.EIO) {
            return new TraceeMemoryException(e.call(), pid, e.errno(), address, e);
        }
        return translate(e, pid);
    }
}
