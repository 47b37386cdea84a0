package dev.ptrace.examples.jstrace;

import dev.ptrace.strace.StraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** An event sink that writes a document ({@code --json}, {@code --perfetto}): a failed write is unchecked. */
interface EventWriter extends Consumer<StraceEvent> {

    /**
     * Writes what {@code event} adds to the document.
     *
     * @param event the event
     * @throws IOException if the output fails
     */
    void write(StraceEvent event) throws IOException;

    @Override
    default void accept(StraceEvent event) {
        try {
            write(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
