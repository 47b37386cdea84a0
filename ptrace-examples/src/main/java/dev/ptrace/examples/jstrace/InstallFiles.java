package dev.ptrace.examples.jstrace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the files an installed jstrace has besides its launcher and jar, under a {@code share} folder: the manual
 * page {@code man/man1/jstrace.1} ({@link ManPage}) and the bash completion
 * {@code bash-completion/completions/jstrace} ({@link BashCompletion}). The build runs it before packaging.
 */
public final class InstallFiles {

    private InstallFiles() {
    }

    /**
     * Writes the files.
     *
     * @param args the {@code share} folder to write into
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: InstallFiles SHARE-FOLDER");
        }
        Path share = Path.of(args[0]);
        write(share.resolve("man/man1/jstrace.1"), ManPage.render(JstraceOptions.commandLine(new Jstrace())
                .getCommandSpec()));
        write(share.resolve("bash-completion/completions/jstrace"), BashCompletion.render());
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
