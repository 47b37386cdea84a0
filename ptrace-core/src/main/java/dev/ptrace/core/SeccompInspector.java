package dev.ptrace.core;

import dev.ptrace.BpfInstruction;
import dev.ptrace.PtraceEvent;
import dev.ptrace.PtraceException;
import dev.ptrace.PtraceOption;
import dev.ptrace.PtracePermissions;
import dev.ptrace.RegisterSet;
import dev.ptrace.Seccomp;
import dev.ptrace.SeccompData;
import dev.ptrace.SeccompMetadata;
import dev.ptrace.Stop;
import dev.ptrace.SyscallArgs;
import dev.ptrace.SyscallInfo;
import dev.ptrace.TraceeGoneException;
import dev.ptrace.TracePermissionException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@link Seccomp} for one tracee. */
final class SeccompInspector implements Seccomp {
    private static final int PTRACE_SECCOMP_GET_FILTER = Linux.PTRACE_SECCOMP_GET_FILTER;
    private static final int PTRACE_SECCOMP_GET_METADATA = Linux.PTRACE_SECCOMP_GET_METADATA;
    /** {@code sizeof(struct seccomp_metadata)}: u64 filter_off, u64 flags. */
    static final int METADATA_SIZE = 16;
    /** BPF_MAXINSNS: no classic program is longer. */
    static final int MAX_INSNS = 4096;
    private static final int ENOENT = Linux.ENOENT;
    private static final int EIO = Linux.EIO;
    private static final int EINVAL = Linux.EINVAL;
    private static final int EMEDIUMTYPE = Linux.EMEDIUMTYPE;

    private final Kernel kernel;
    private final TraceeHandle tracee;

    SeccompInspector(Kernel kernel, TraceeHandle tracee) {
        this.kernel = kernel;
        this.tracee = tracee;
    }

    @Override
    public void enableEvents() {
        tracee.setOptionBits(tracee.optionBits() | PtraceOption.TRACESECCOMP.bit());
    }

    @Override
    public SeccompData data() {
        return kernel.onTracer(() -> {
            Stop s = tracee.stop();
            if (!(s instanceof Stop.EventStop e) || e.event() != PtraceEvent.SECCOMP) {
                throw new IllegalStateException("tracee " + tracee.pid() + " is not at a seccomp stop ("
                        + (s == null ? tracee.state() : s) + ")");
            }
            int retData = (int) (e.message() & RET_DATA);
            try {
                SyscallInfo info = kernel.syscallInfo(tracee.pid());
                if (info.op() == SyscallInfo.Op.SECCOMP) {
                    return new SeccompData(info.number(), info.auditArch(), info.instructionPointer(), info.args(),
                            info.seccompData() & RET_DATA);
                }
            } catch (PtraceException ex) {
                if (ex instanceof TraceeGoneException) {
                    throw ex;
                }
                // before Linux 5.3: the registers below
            }
            RegisterSet r = kernel.readRegisters(tracee.pid());
            return new SeccompData((int) r.syscallNumber(), kernel.arch().auditArch(), r.programCounter(),
                    SyscallArgs.of(r), retData);
        });
    }

    @Override
    public boolean supported() {
        return mode() >= 0 && Files.exists(Path.of("/proc/sys/kernel/seccomp/actions_avail"));
    }

    @Override
    public int mode() {
        return ProcStatus.intField(tracee.pid(), "Seccomp", -1); // gone, or a kernel without CONFIG_SECCOMP
    }

    @Override
    public boolean filterAvailable(int index) {
        checkIndex(index);
        return kernel.onTracer(() -> {
            try {
                kernel.calls().ptrace(PTRACE_SECCOMP_GET_FILTER, tracee.pid(), index, 0L);
                return true;
            } catch (NativeCallException e) {
                if (e.errno() == ENOENT || e.errno() == EINVAL) {
                    return false;
                }
                if (e.errno() == EMEDIUMTYPE) {
                    return true; // an eBPF filter: it exists, its code cannot be read
                }
                throw translate(e, index);
            }
        });
    }

    @Override
    public int filterCount() {
        int n = 0;
        while (filterAvailable(n)) {
            n++;
        }
        return n;
    }

    @Override
    public SeccompMetadata metadata(int index) {
        checkIndex(index);
        return kernel.onTracer(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(METADATA_SIZE).order(ByteOrder.nativeOrder());
            b.putLong(0, index);
            b.putLong(8, 0);
            try {
                kernel.calls().ptrace(PTRACE_SECCOMP_GET_METADATA, tracee.pid(), METADATA_SIZE, b);
            } catch (NativeCallException e) {
                throw translate(e, index);
            }
            // the kernel zeroes filter_off in its answer: report the index asked for
            return new SeccompMetadata(index, b.getLong(8));
        });
    }

    @Override
    public List<BpfInstruction> filter(int index) {
        checkIndex(index);
        return kernel.onTracer(() -> {
            NativeCalls calls = kernel.calls();
            try {
                long n = calls.ptrace(PTRACE_SECCOMP_GET_FILTER, tracee.pid(), index, 0L);
                if (n < 0 || n > MAX_INSNS) {
                    throw new PtraceException("ptrace(PTRACE_SECCOMP_GET_FILTER)", tracee.pid(), 0,
                            "the kernel reported " + n + " instructions for filter " + index, null);
                }
                ByteBuffer b = ByteBuffer.allocateDirect((int) Math.max(n, 1) * BpfInstruction.SIZE)
                        .order(ByteOrder.nativeOrder());
                long m = calls.ptrace(PTRACE_SECCOMP_GET_FILTER, tracee.pid(), index, b);
                return BpfInstruction.decode(b, (int) Math.min(n, m));
            } catch (NativeCallException e) {
                throw translate(e, index);
            }
        });
    }

    private static void checkIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("filter index must be >= 0, was " + index);
        }
    }

    /** Says why a seccomp request failed, by errno. */
    private PtraceException translate(NativeCallException e, int index) {
        int pid = tracee.pid();
        String call = e.call();
        switch (e.errno()) {
            case Linux.EACCES: {
                PtracePermissions p = PtracePermissions.current();
                String why;
                if (!p.capSysAdmin()) {
                    why = "reading seccomp filters needs CAP_SYS_ADMIN, which this JVM lacks (euid " + p.euid() + ")";
                } else if (p.seccompMode() != 0) {
                    why = "this JVM itself runs under seccomp (mode " + p.seccompMode() + ", e.g. a container"
                            + " profile), and the kernel refuses to show filters to a tracer under seccomp";
                } else {
                    why = "the kernel refused: the tracer needs CAP_SYS_ADMIN and must not run under seccomp";
                }
                return new TracePermissionException(call, pid, e.errno(), why, e);
            }
            case EINVAL:
                return new PtraceException(call, pid, e.errno(), "the process has no seccomp filter (seccomp mode "
                        + mode() + "; filters exist in mode 2 only)", e);
            case ENOENT:
                return new PtraceException(call, pid, e.errno(), "no seccomp filter with index " + index
                        + " (the process has fewer filters; 0 is the oldest)", e);
            case EMEDIUMTYPE:
                return new PtraceException(call, pid, e.errno(), "filter " + index + " is an eBPF program, which"
                        + " has no classic BPF code to read", e);
            case EIO:
                return new PtraceException(call, pid, e.errno(), "this kernel does not know the request: it needs"
                        + " CONFIG_SECCOMP_FILTER and CONFIG_CHECKPOINT_RESTORE (metadata since Linux 4.16)", e);
            case Linux.ESRCH:
                return new TraceeGoneException(call, pid, e.errno(), "the tracee must exist and be stopped", e);
            default:
                return Kernel.fail(e, pid);
        }
    }

    @Override
    public String toString() {
        return "Seccomp[pid=" + tracee.pid() + ", mode=" + mode() + "]";
    }
}
