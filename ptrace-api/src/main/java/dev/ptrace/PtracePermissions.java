package dev.ptrace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What this JVM may trace, read from {@code /proc} (see ptrace(2) "Ptrace access mode checking" and
 * "/proc/sys/kernel/yama/ptrace_scope").
 *
 * @param euid the effective user id
 * @param capSysPtrace whether CAP_SYS_PTRACE is in the effective set (CapEff bit 19)
 * @param capSysAdmin whether CAP_SYS_ADMIN is in the effective set (bit 21; needed to read seccomp filters)
 * @param yamaScope Yama's {@code ptrace_scope} (0..3), empty on kernels without Yama
 * @param noNewPrivs whether this JVM runs with {@code no_new_privs}
 * @param seccompMode this JVM's seccomp mode: 0 none, 1 strict, 2 filter (a container profile, for example)
 */
public record PtracePermissions(int euid, boolean capSysPtrace, boolean capSysAdmin, OptionalInt yamaScope,
                                boolean noNewPrivs, int seccompMode) {

    private static final int CAP_SYS_PTRACE = 19;
    private static final int CAP_SYS_ADMIN = 21;

    /**
     * Reads the permissions of the running JVM. Never throws: what cannot be read counts as absent.
     *
     * @return the permissions
     */
    public static PtracePermissions current() {
        return parse(readQuietly(Path.of("/proc/self/status")).orElse(""),
                readQuietly(Path.of("/proc/sys/kernel/yama/ptrace_scope")));
    }

    /**
     * Builds the permissions from the text of a {@code /proc/<pid>/status} file and of Yama's
     * {@code ptrace_scope} file (empty if the kernel has no Yama). Malformed fields count as absent.
     *
     * @param procStatus the text of a {@code /proc/<pid>/status} file
     * @param yamaScopeText the text of {@code /proc/sys/kernel/yama/ptrace_scope}, if it exists
     * @return the permissions
     */
    public static PtracePermissions parse(String procStatus, Optional<String> yamaScopeText) {
        long capEff = hexField(procStatus, "CapEff").orElse(0L);
        int euid = -1;
        Optional<String> uid = field(procStatus, "Uid");
        if (uid.isPresent()) {
            String[] ids = uid.get().trim().split("\\s+");
            if (ids.length >= 2) {
                euid = parseIntOr(ids[1], -1);
            }
        }
        OptionalInt scope = OptionalInt.empty();
        if (yamaScopeText.isPresent()) {
            int s = parseIntOr(yamaScopeText.get().trim(), -1);
            if (s >= 0) {
                scope = OptionalInt.of(s);
            }
        }
        boolean nnp = field(procStatus, "NoNewPrivs").map(v -> v.trim().equals("1")).orElse(false);
        int seccomp = field(procStatus, "Seccomp").map(v -> parseIntOr(v.trim(), 0)).orElse(0);
        return new PtracePermissions(euid, (capEff & (1L << CAP_SYS_PTRACE)) != 0,
                (capEff & (1L << CAP_SYS_ADMIN)) != 0, scope, nnp, seccomp);
    }

    /** {@return whether this JVM runs as root} */
    public boolean privileged() {
        return euid == 0;
    }

    /**
     * Whether a process this JVM spawns can be traced: always, except under Yama scope 2 without
     * CAP_SYS_PTRACE and under scope 3.
     *
     * @return whether spawned processes can be traced
     */
    public boolean canTraceChildren() {
        int s = yamaScope.orElse(0);
        return s <= 1 || (s == 2 && capSysPtrace);
    }

    /**
     * Whether this JVM can attach to a process it did not start (same user or CAP_SYS_PTRACE assumed): Yama
     * scope 0, or 1 and 2 with CAP_SYS_PTRACE. Scope 1 still allows attaching to descendants.
     *
     * @return whether other processes can be attached to
     */
    public boolean canAttachToOthers() {
        int s = yamaScope.orElse(0);
        return s == 0 || (s <= 2 && capSysPtrace);
    }

    /** {@return explanations of what is not allowed and what to do about it; empty when nothing stands in the way} */
    public List<String> hints() {
        List<String> out = new ArrayList<>();
        int s = yamaScope.orElse(0);
        if (s == 3) {
            out.add("kernel.yama.ptrace_scope=3 forbids all ptrace use and cannot be lowered without a reboot");
        } else if (s == 2 && !capSysPtrace) {
            out.add("kernel.yama.ptrace_scope=2 requires CAP_SYS_PTRACE, even to trace a spawned child; run with"
                    + " CAP_SYS_PTRACE (e.g. as root) or lower the scope with 'sysctl kernel.yama.ptrace_scope=1'");
        } else if (s == 1 && !capSysPtrace) {
            out.add("kernel.yama.ptrace_scope=1 allows tracing descendants only: spawn the tracee, run with"
                    + " CAP_SYS_PTRACE, or have the target call prctl(PR_SET_PTRACER)");
        }
        if (seccompMode == 2) {
            out.add("this JVM runs under a seccomp filter (a container profile?) that may forbid ptrace and"
                    + " process_vm_readv; with Docker, allow them (e.g. --cap-add=SYS_PTRACE or a custom profile)");
        } else if (seccompMode == 1) {
            out.add("this JVM runs in strict seccomp mode, which forbids ptrace");
        }
        return out;
    }

    /**
     * Explains why attaching to {@code pid} is refused: another tracer (from the target's TracerPid), another
     * user, or the settings in {@link #hints()}.
     *
     * @param pid the process an attach was refused for
     * @return the reasons found, joined with "; "
     */
    public String diagnoseAttach(int pid) {
        List<String> out = new ArrayList<>();
        Optional<String> status = readQuietly(Path.of("/proc/" + pid + "/status"));
        if (status.isPresent()) {
            int tracer = field(status.get(), "TracerPid").map(v -> parseIntOr(v.trim(), 0)).orElse(0);
            if (tracer != 0) {
                String comm = readQuietly(Path.of("/proc/" + tracer + "/comm")).map(String::trim).orElse("?");
                out.add("process " + pid + " is already traced by pid " + tracer + " (" + comm + ")");
            }
            Optional<String> uid = field(status.get(), "Uid");
            if (uid.isPresent() && !capSysPtrace) {
                String[] ids = uid.get().trim().split("\\s+");
                if (ids.length > 0 && parseIntOr(ids[0], -1) != euid) {
                    out.add("process " + pid + " belongs to uid " + ids[0] + ", not to this JVM's uid " + euid
                            + ", and this JVM lacks CAP_SYS_PTRACE");
                }
            }
        }
        out.addAll(hints());
        if (!capSysPtrace && out.isEmpty()) {
            out.add("the process may be non-dumpable or protected by a security module; CAP_SYS_PTRACE lifts"
                    + " most of these limits");
        }
        return String.join("; ", out);
    }

    /**
     * {@return the TracerPid of a process (0 if not traced), if its status can be read}
     *
     * @param pid any process
     */
    public static OptionalInt tracerPidOf(int pid) {
        Optional<String> status = readQuietly(Path.of("/proc/" + pid + "/status"));
        if (status.isEmpty()) {
            return OptionalInt.empty();
        }
        Optional<String> v = field(status.get(), "TracerPid");
        return v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(parseIntOr(v.get().trim(), 0));
    }

    static Optional<String> field(String status, String key) {
        String prefix = key + ":";
        for (String line : status.split("\n")) {
            if (line.startsWith(prefix)) {
                return Optional.of(line.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> hexField(String status, String key) {
        Optional<String> v = field(status, key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseUnsignedLong(v.get().trim(), 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int parseIntOr(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Optional<String> readQuietly(Path p) {
        try {
            byte[] bytes = Files.readAllBytes(p);
            return Optional.of(new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
