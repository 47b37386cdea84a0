package dev.ptrace.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regenerates every table below a project root from the headers named in {@link Options}. An architecture whose
 * header is missing is skipped with a warning and its committed files are left alone ({@link Options#strict()}
 * turns that into a failure).
 */
final class Generator {
    static final String SYSCALLS_DIR = "ptrace-syscalls/src/main/java/dev/ptrace/syscalls/generated";
    static final String ERRNO_FILE = "ptrace-api/src/main/java/dev/ptrace/Errno.java";
    static final String KERNEL_VERSION_FILE = "codegen/KERNEL_VERSION";

    /** Syscalls whose kernel entry point is named after neither the syscall nor its {@code new} variant. */
    static final Map<String, String> ENTRY_OVERRIDES = Map.of("umount2", "sys_umount");

    /** What a run did. */
    record Report(List<Path> written, List<Path> unchanged, List<String> skipped, List<String> warnings,
                  Map<String, String> inputs) {
    }

    private final Options opt;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<Path> written = new ArrayList<>();
    private final List<Path> unchanged = new ArrayList<>();
    private final Map<String, String> inputs = new LinkedHashMap<>();

    Generator(Options opt) {
        this.opt = opt;
    }

    Report run() {
        Path protos = opt.prototypes();
        if (!Files.isRegularFile(protos)) {
            missing("kernel prototypes " + protos + " (install linux-headers-<version>-common or set "
                    + Options.ENV_PROTOTYPES + "); nothing regenerated");
            return report();
        }
        Path kernelInclude = protos.toAbsolutePath().normalize().getParent().getParent();
        Path kernelRoot = kernelInclude.getParent();
        String kernelPkg = HeaderVersion.describe(protos);
        Map<String, PrototypeReader.Prototype> prototypes = PrototypeReader.read(protos, kernelInclude);
        inputs.put("kernel", kernelPkg + " include/linux/syscalls.h sha256:" + HeaderVersion.sha256(protos));

        ArchHeaders errnoSource = null;
        for (String a : opt.archs()) {
            Path unistd = opt.unistd(a);
            if (!Files.isRegularFile(unistd)) {
                String env = a.equals("x86_64") ? Options.ENV_X86 : Options.ENV_AARCH64;
                missing(a + " header " + unistd + " (set " + env + "); keeping the committed " + a + " tables");
                continue;
            }
            ArchHeaders arch = ArchHeaders.of(a, unistd);
            if (errnoSource == null) {
                errnoSource = arch;
            }
            generateArch(arch, kernelRoot, kernelPkg, prototypes);
        }
        Path kernelErrno = kernelInclude.resolve("linux/errno.h");
        if (errnoSource != null && Files.isRegularFile(kernelErrno)) {
            generateErrno(errnoSource, kernelErrno, kernelPkg);
        } else if (errnoSource != null) {
            missing("kernel errno header " + kernelErrno + "; keeping the committed Errno.java");
        }
        writeKernelVersion();
        return report();
    }

    private Report report() {
        return new Report(List.copyOf(written), List.copyOf(unchanged), List.copyOf(skipped), List.copyOf(warnings),
                Map.copyOf(inputs));
    }

    private void missing(String what) {
        if (opt.strict()) {
            int keep = what.indexOf("; ");
            throw new IllegalStateException("missing " + (keep > 0 ? what.substring(0, keep) : what)
                    + " (STRICT is set, so every requested header must exist)");
        }
        skipped.add(what);
        opt.log().println("[codegen] warning: missing " + what);
    }

    private void generateArch(ArchHeaders arch, Path kernelRoot, String kernelPkg,
                              Map<String, PrototypeReader.Prototype> prototypes) {
        String pkg = HeaderVersion.describe(arch.unistd());
        String unistdName = arch.includeRoots().get(0).relativize(arch.unistd().toAbsolutePath().normalize())
                .toString().replace('\\', '/');
        inputs.put(arch.arch(), pkg + " " + unistdName + " sha256:" + HeaderVersion.sha256(arch.unistd()));

        SyscallReader.Result sr = SyscallReader.read(arch.preprocessor(), arch.unistd());
        warn(sr.warnings(), arch.arch() + " syscalls");
        if (sr.syscalls().isEmpty()) {
            throw new IllegalStateException(arch.unistd() + " has no syscalls; is it a unistd header?");
        }
        Map<String, PrototypeReader.Prototype> archPrototypes = archPrototypes(arch.arch());
        List<JavaEmitter.Row> rows = new ArrayList<>();
        List<String> noPrototype = new ArrayList<>();
        for (SyscallReader.Entry e : sr.syscalls()) {
            PrototypeReader.Prototype p = match(e, prototypes, archPrototypes);
            if (p == null) {
                noPrototype.add(e.name());
            }
            rows.add(new JavaEmitter.Row(e, p));
        }
        opt.log().println("[codegen] " + arch.arch() + ": " + rows.size() + " syscalls, "
                + noPrototype.size() + " without prototype " + noPrototype);
        String source = pkg + " " + unistdName + " and " + kernelPkg + " include/linux/syscalls.h";
        write(SYSCALLS_DIR + "/" + arch.classPrefix() + "Syscalls.java", JavaEmitter.syscalls(arch, source, rows));

        Path libcInclude = libcInclude(arch);
        ConstantReader.Result cr = ConstantReader.read(arch, kernelRoot, libcInclude);
        warn(cr.warnings(), arch.arch() + " constants");
        String csource = pkg + " uapi headers and " + kernelPkg
                + " include/linux/socket.h, include/linux/net.h, include/linux/statfs.h, include/linux/sched/coredump.h";
        Path unistdH = libcInclude == null ? null : libcInclude.resolve("unistd.h");
        if (unistdH != null && Files.isRegularFile(unistdH)) {
            String libcPkg = HeaderVersion.describe(unistdH);
            csource += "; access(2) modes from the C library's " + libcPkg + " unistd.h (no uapi header has them)";
            inputs.put("libc", libcPkg + " unistd.h sha256:" + HeaderVersion.sha256(unistdH));
        } else {
            missing("C library header unistd.h below " + opt.libcInclude() + " (install libc6-dev or set "
                    + Options.ENV_LIBC + "); the access(2) modes are left empty");
        }
        write(SYSCALLS_DIR + "/" + arch.classPrefix() + "Constants.java",
                JavaEmitter.constants(arch, csource, cr.families()));
    }

    /**
     * The C library include folder of an arch: its own when the arch's include roots hold a {@code unistd.h}
     * (a cross libc6-dev), else the host's. The constants taken from it (the access(2) modes) are the same on
     * every Linux architecture.
     */
    private Path libcInclude(ArchHeaders arch) {
        for (Path root : arch.includeRoots()) {
            if (Files.isRegularFile(root.resolve("unistd.h"))) {
                return root;
            }
        }
        return Files.isRegularFile(opt.libcInclude().resolve("unistd.h")) ? opt.libcInclude() : null;
    }

    /** The bundled prototypes of arch-specific syscalls that no installed header declares. */
    static Map<String, PrototypeReader.Prototype> archPrototypes(String arch) {
        String name = arch + "-prototypes.h";
        try (java.io.InputStream in = Generator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return PrototypeReader.readText(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The prototype of a syscall: its entry point when the header names one, else {@code sys_new<name>} (the
     * 64-bit kernels use the "new" stat and uname variants), else {@code sys_<name>}, else an override; first in
     * {@code syscalls.h}, then in the supplement of arch-specific prototypes.
     */
    static PrototypeReader.Prototype match(SyscallReader.Entry e, Map<String, PrototypeReader.Prototype> protos,
                                           Map<String, PrototypeReader.Prototype> archProtos) {
        List<String> candidates = new ArrayList<>();
        if (e.entryPoint() != null) {
            candidates.add(e.entryPoint());
        }
        candidates.add("sys_new" + e.name());
        candidates.add("sys_" + e.name());
        if (ENTRY_OVERRIDES.containsKey(e.name())) {
            candidates.add(ENTRY_OVERRIDES.get(e.name()));
        }
        for (Map<String, PrototypeReader.Prototype> m : List.of(protos, archProtos)) {
            for (String c : candidates) {
                PrototypeReader.Prototype p = m.get(c);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private void generateErrno(ArchHeaders arch, Path kernelErrno, String kernelPkg) {
        ErrnoReader.Result r = ErrnoReader.read(arch.includeRoots(), kernelErrno);
        warn(r.warnings(), "errno");
        Path uapiErrno = null;
        for (Path root : arch.includeRoots()) {
            if (Files.isRegularFile(root.resolve("asm-generic/errno.h"))) {
                uapiErrno = root.resolve("asm-generic/errno.h");
                break;
            }
        }
        if (uapiErrno == null || r.codes().isEmpty()) {
            missing("asm-generic/errno.h below " + arch.includeRoots() + "; keeping the committed Errno.java");
            return;
        }
        List<String> problems = new ArrayList<>();
        Strerror.Result messages = Strerror.read(r.codes().stream().map(ErrnoReader.Code::number).toList(),
                problems);
        if (messages == null) {
            missing("the C library's strerror texts (" + String.join("; ", problems)
                    + "; perl runs strerror(3)); keeping the committed Errno.java");
            return;
        }
        String source = HeaderVersion.describe(uapiErrno) + " asm-generic/errno-base.h, asm-generic/errno.h, "
                + kernelPkg + " include/linux/errno.h and " + messages.libc() + " strerror(3)";
        inputs.put("errno", HeaderVersion.describe(uapiErrno) + " asm-generic/errno.h sha256:"
                + HeaderVersion.sha256(uapiErrno));
        inputs.put("strerror", messages.libc());
        opt.log().println("[codegen] errno: " + r.codes().size() + " codes, aliases " + r.aliases().keySet()
                + ", strerror texts of " + messages.libc());
        write(ERRNO_FILE, JavaEmitter.errno(source, r, messages.messages()));
    }

    private void warn(List<String> list, String what) {
        if (opt.verbose()) {
            for (String w : list) {
                opt.log().println("[codegen] " + what + ": " + w);
            }
        } else {
            long shown = list.stream().filter(w -> !w.contains("cannot evaluate #if")).peek(
                    w -> opt.log().println("[codegen] " + what + ": " + w)).count();
            if (shown < list.size()) {
                opt.log().println("[codegen] " + what + ": " + (list.size() - shown)
                        + " #if conditions could not be evaluated and were taken as false (--verbose lists them)");
            }
        }
        warnings.addAll(list);
    }

    /** Updates the changed lines of KERNEL_VERSION and keeps the others (from skipped architectures). */
    private void writeKernelVersion() {
        Path file = opt.projectRoot().resolve(KERNEL_VERSION_FILE);
        Map<String, String> lines = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int eq = l.indexOf(" = ");
                    if (!l.startsWith("#") && eq > 0) {
                        lines.put(l.substring(0, eq), l.substring(eq + 3));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        lines.putAll(inputs);
        StringBuilder sb = new StringBuilder();
        sb.append("# Headers and C library the committed tables were generated from. Written by\n")
                .append("# `mvn -pl codegen compile exec:java`; do not edit.\n");
        for (String key : List.of("x86_64", "aarch64", "kernel", "errno", "libc", "strerror")) {
            if (lines.containsKey(key)) {
                sb.append(key).append(" = ").append(lines.get(key)).append('\n');
            }
        }
        write(KERNEL_VERSION_FILE, sb.toString());
    }

    private void write(String relative, String content) {
        Path p = opt.projectRoot().resolve(relative);
        try {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            if (Files.isRegularFile(p) && java.util.Arrays.equals(Files.readAllBytes(p), bytes)) {
                unchanged.add(p);
                return;
            }
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
            written.add(p);
            opt.log().println("[codegen] wrote " + relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
