package dev.ptrace.bench;

import dev.ptrace.Ptrace;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;
import dev.ptrace.Tracer;
import dev.ptrace.spi.TracerProvider;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of the native surface through each backend, measured on the tracer thread (so no thread
 * hand-off is included): a cheap ptrace request on a stopped tracee, a register read, a 4 KiB memory read. A
 * separate benchmark measures one call made from another thread, hand-off included.
 *
 * <p>Run: {@code java -jar ptrace-bench/target/benchmarks.jar} (as root or with CAP_SYS_PTRACE). Built on JDK 22+ the
 * jar has the FFM backend too: {@code java -jar ptrace-bench/target/benchmarks.jar -p backend=ffm,jna,jnr}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NativeCallBenchmark {
    private static final int CALLS = 1000;

    @Param({"jna", "jnr"})
    public String backend;

    private Tracer tracer;
    private Tracee tracee;
    private long stackAddress;

    @Setup(Level.Trial)
    public void start() {
        TracerProvider provider = ServiceLoader.load(TracerProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(backend)).findFirst()
                .orElseThrow(() -> new IllegalStateException("backend " + backend + " is not on the classpath"));
        tracer = Ptrace.open(provider);
        tracee = tracer.spawn(List.of("/bin/sleep", "3600"));
        Stop first = tracer.waitAny();
        stackAddress = ((Stop.SyscallEntry) first).stackPointer() & ~4095L;
    }

    @TearDown(Level.Trial)
    public void stop() {
        tracer.close();
    }

    /** {@code PTRACE_GETEVENTMSG}: the cheapest request that reaches the kernel's ptrace code. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long eventMessage() {
        return tracer.execute(() -> {
            long sum = 0;
            for (int i = 0; i < CALLS; i++) {
                sum += tracee.eventMessage();
            }
            return sum;
        });
    }

    /** {@code PTRACE_GETREGSET NT_PRSTATUS} into a register snapshot. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long registers() {
        return tracer.execute(() -> {
            long sum = 0;
            for (int i = 0; i < CALLS; i++) {
                sum += tracee.registers().stackPointer();
            }
            return sum;
        });
    }

    /** A 4 KiB read with {@code process_vm_readv}. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long read4k() {
        byte[] buffer = new byte[4096];
        return tracer.execute(() -> {
            long sum = 0;
            for (int i = 0; i < CALLS; i++) {
                sum += tracee.memory().readPartial(stackAddress, buffer, 0, buffer.length);
            }
            return sum;
        });
    }

    /** One request made from a thread other than the tracer thread: the hand-off cost included. */
    @Benchmark
    public long eventMessageFromAnotherThread() {
        return tracee.eventMessage();
    }
}
