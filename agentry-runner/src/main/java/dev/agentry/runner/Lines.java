package dev.agentry.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the console's lines come from: a script file or the terminal ({@link TerminalLines}). */
interface Lines extends AutoCloseable {

    /**
     * Returns the next line.
     *
     * @return the line, or empty when the input ended (end of file, Ctrl-D, Ctrl-C)
     */
    Optional<String> next();

    @Override
    void close();

    /**
     * Reads a script file.
     *
     * @param script the file
     * @return its lines
     * @throws UserError if it cannot be read
     */
    static Lines script(Path script) {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot read the script " + script + ": " + (Files.exists(script) ? e.getClass().getSimpleName() : "no such file"));
        }
        return new Lines() {
            @Override
            public Optional<String> next() {
                try {
                    return Optional.ofNullable(reader.readLine());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // nothing was written
                }
            }
        };
    }
}
