package dev.agentry.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The terminal, read with JLine's line editor: arrow keys, history (kept in the data folder across
 * runs), Ctrl-D and Ctrl-C at the prompt end the input cleanly. Text printed while a line is being
 * typed (an autonomous post) appears above the prompt. Not thread-safe, except {@link #screen()}.
 */
final class TerminalLines implements Lines {
    private final Terminal terminal;
    private final LineReader reader;

    private TerminalLines(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    /**
     * Opens the process's terminal (a plain one when standard input is not a terminal).
     *
     * @param history the history file
     * @return the lines
     */
    static TerminalLines open(Path history) {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("agentry")
                    .variable(LineReader.HISTORY_FILE, history).build();
            return new TerminalLines(terminal, reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> next() {
        try {
            return Optional.of(reader.readLine("> "));
        } catch (UserInterruptException | EndOfFileException end) {
            return Optional.empty();
        }
    }

    /** @return where the console prints: above the prompt while a line is being typed */
    Consumer<String> screen() {
        return line -> {
            reader.printAbove(line);
        };
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
            terminal.close();
        } catch (IOException ignored) {
            // the history is a convenience
        }
    }
}
