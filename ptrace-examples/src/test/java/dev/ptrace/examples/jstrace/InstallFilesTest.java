package dev.ptrace.examples.jstrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man page and the bash completion the build installs: made from the option tables, so every option
 * {@code --help} shows is in the page and every option jstrace reads is completed; the page is valid troff and the
 * completion completes what it should in a real bash.
 */
class InstallFilesTest {

    @TempDir
    Path dir;

    private Path share() throws Exception {
        Path share = dir.resolve("share");
        InstallFiles.main(new String[] {share.toString()});
        return share;
    }

    /** Runs {@code command} in {@code dir}; returns its stdout, stderr going to {@code errors} when not null. */
    private String run(List<String> command, StringBuilder errors) throws Exception {
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ended: " + command);
        String stderr = Files.readString(err);
        if (errors != null) {
            errors.append(stderr);
        }
        assertEquals(0, p.exitValue(), command + ": " + stderr);
        return out;
    }

    @Test
    void theManPageHasEveryOptionOfTheHelpAndEveryRefusalAndIsValidTroff() throws Exception {
        String page = Files.readString(share().resolve("man/man1/jstrace.1"));
        for (OptionSpec option : JstraceOptions.commandLine(new Jstrace()).getCommandSpec().options()) {
            for (String name : option.names()) {
                assertEquals(!option.hidden(), page.contains("\\fB" + ManPage.text(name) + "\\fR"), name);
            }
        }
        for (String reason : OptionChecks.REASONS.values()) {
            assertTrue(page.contains(ManPage.text(reason)), reason);
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "needs groff to check the page's troff");
        StringBuilder warnings = new StringBuilder();
        String rendered = run(List.of("groff", "-man", "-ww", "-Tutf8", "-P-cbou",
                share().resolve("man/man1/jstrace.1").toString()), warnings);
        assertEquals("", warnings.toString(), "groff's warnings");
        assertTrue(rendered.contains("--string-limit=STRSIZE"), rendered);
        assertTrue(rendered.contains("-e EXPR"), rendered);
    }

    /** What {@code _jstrace} offers for the command line {@code words} (the last one being completed). */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder call = new StringBuilder(". '" + script + "'; COMP_WORDS=(");
        for (String w : words) {
            call.append(" '").append(w).append('\'');
        }
        call.append("); COMP_CWORD=").append(words.length - 1)
                .append("; _jstrace; printf '%s\\n' \"${COMPREPLY[@]}\"");
        String out = run(List.of("bash", "--norc", "--noprofile", "-c", call.toString()), null);
        return out.lines().filter(line -> !line.isEmpty()).toList();
    }

    @Test
    void theCompletionOffersOptionsFilesPidsAndLeavesTheTracedCommandAlone() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        Path script = share().resolve("bash-completion/completions/jstrace");
        Files.writeString(dir.resolve("mine.txt"), "");
        assertEquals(List.of("--follow-forks"), complete(script, "jstrace", "--fol"));
        List<String> longs = complete(script, "jstrace", "--");
        for (String name : StraceGetopt.longOptions().keySet()) {
            assertTrue(longs.contains("--" + name), name + " in " + longs);
        }
        assertTrue(complete(script, "jstrace", "-").contains("-f"));
        // a file after -o, also at the end of a cluster; -s8 carries its value, -s 8 takes the next word
        assertEquals(List.of("mine.txt"), complete(script, "jstrace", "-f", "-o", "mi"));
        assertEquals(List.of("mine.txt"), complete(script, "jstrace", "-fo", "mi"));
        assertEquals(List.of("--string-limit", "--strings-in-hex"), complete(script, "jstrace", "-s8", "--stri"));
        assertEquals(List.of("mine.txt"), complete(script, "jstrace", "-s", "8", "--output", "mi"));
        String self = Long.toString(ProcessHandle.current().pid());
        assertTrue(complete(script, "jstrace", "-p", self).contains(self), "this JVM's pid is offered");
        // the command and its arguments: jstrace's options are no longer offered
        assertTrue(complete(script, "jstrace", "-f", "ec").contains("echo"));
        List<String> ofTheCommand = complete(script, "jstrace", "-f", "-e", "trace=open", "ls", "--fol");
        assertFalse(ofTheCommand.contains("--follow-forks"), ofTheCommand.toString());
        assertEquals(List.of("mine.txt"), complete(script, "jstrace", "--", "cat", "mi"));
    }
}
