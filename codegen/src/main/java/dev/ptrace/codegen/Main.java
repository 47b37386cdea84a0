package dev.ptrace.codegen;

/**
 * Entry point of {@code mvn -pl codegen compile exec:java}: regenerates the syscall tables, constant families,
 * signal tables and {@code dev.ptrace.Errno} from the Linux headers installed on this machine. See
 * {@link Options#USAGE} for arguments and environment variables.
 *
 * <p>It throws instead of calling {@code System.exit}, because {@code exec:java} runs inside Maven's JVM.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the generator.
     *
     * @throws IllegalStateException when a header is missing under STRICT, or a header cannot be understood
     */
    public static void main(String[] args) {
        Options opt;
        try {
            opt = Options.parse(args, System.getenv(), System.getProperties(), System.out);
        } catch (Options.UsageException e) {
            if (e.getMessage().startsWith("usage:")) {
                System.out.println(e.getMessage());
                return;
            }
            throw e;
        }
        opt.log().println("[codegen] project root " + opt.projectRoot() + ", architectures " + opt.archs()
                + (opt.strict() ? ", strict" : ""));
        Generator.Report r = new Generator(opt).run();
        opt.log().println("[codegen] done: " + r.written().size() + " file(s) written, " + r.unchanged().size()
                + " unchanged" + (r.skipped().isEmpty() ? "" : ", skipped: " + r.skipped()));
    }
}
