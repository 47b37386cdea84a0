package dev.ptrace.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ptrace.Arch;
import dev.ptrace.StackFrame;
import dev.ptrace.Stop;
import dev.ptrace.Tracee;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Tracee#stackTrace()} on real processes: a C program built at -O0 and -O2 with a few call depths, a
 * signal handler's frame, and code in an anonymous mapping. Run by every backend through a subclass.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class StackTraceBehaviour extends TracerBehaviourBase {

    private static int number(String name) {
        boolean x86 = Arch.current() == Arch.X86_64;
        return switch (name) {
            case "getpid" -> x86 ? 39 : 172;
            case "getppid" -> x86 ? 110 : 173;
            default -> x86 ? 102 : 174; // getuid
        };
    }

    /** Runs the program and returns the stack at the first exit of each of getpid, getppid and getuid. */
    private Map<String, List<StackFrame>> stacks(Path program, String... args) {
        List<String> argv = new ArrayList<>(List.of(program.toString()));
        argv.addAll(List.of(args));
        tracer.spawn(argv);
        Map<String, List<StackFrame>> out = new HashMap<>();
        runToEnd(s -> {
            if (s instanceof Stop.SyscallExit x) {
                for (String name : List.of("getpid", "getppid", "getuid")) {
                    if (x.number() == number(name)) {
                        out.putIfAbsent(name, x.tracee().stackTrace()); // raise() calls getpid too
                    }
                }
            }
        });
        return out;
    }

    private static List<String> names(List<StackFrame> frames) {
        return frames.stream().map(StackFrame::symbol).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void framesOfAnUnoptimisedProgramNameEachCall(int depth) {
        Path program = TestPrograms.build("calldepth-O0", TestPrograms.CALL_DEPTH, "-O0");
        List<StackFrame> frames = stacks(program, Integer.toString(depth)).get("getpid");
        List<String> expected = new ArrayList<>(List.of("syscall", "leaf"));
        for (int i = 0; i <= depth; i++) {
            expected.add("rec");
        }
        expected.add("main");
        List<String> names = names(frames);
        assertEquals(expected, names.subList(0, expected.size()), frames.toString());
        assertEquals("_start", names.get(names.size() - 1), frames.toString());
        assertTrue(frames.get(0).file().endsWith("libc.so.6"), frames.toString());
        assertEquals(program.toString(), frames.get(1).file());
        for (StackFrame f : frames) {
            assertTrue(f.inFile(), f.toString());
            assertTrue(f.symbolOffset() > 0, "a return address lies after its function's start: " + f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O2"})
    void aSignalHandlersStackReachesThroughTheSignalFrameToMain(String optimisation) {
        Path program = TestPrograms.build("calldepth" + optimisation, TestPrograms.CALL_DEPTH, optimisation);
        Map<String, List<StackFrame>> stacks = stacks(program, "2");
        List<String> handler = names(stacks.get("getppid"));
        assertEquals("syscall", handler.get(0), handler.toString());
        assertTrue(handler.contains("main"), "unwound through the signal frame: " + handler);
        assertEquals("_start", handler.get(handler.size() - 1), handler.toString());
        List<String> getpid = names(stacks.get("getpid"));
        assertTrue(getpid.contains("main") && getpid.contains("rec"), getpid.toString());
    }

    @org.junit.jupiter.api.Test
    void aFrameInAnonymousMemoryEndsTheStack() {
        Path program = TestPrograms.build("calldepth-O0", TestPrograms.CALL_DEPTH, "-O0");
        List<StackFrame> frames = stacks(program, "0", "anonymous").get("getuid");
        assertEquals(1, frames.size(), frames.toString());
        assertFalse(frames.get(0).inFile());
        assertEquals("", frames.get(0).symbol());
    }
}
