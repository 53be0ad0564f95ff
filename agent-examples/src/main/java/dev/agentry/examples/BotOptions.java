package dev.agentry.examples;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Command-line options shared by the sample bots:
 * {@code [--script FILE] [--config FILE] [--data DIR]}.
 *
 * @param script a scripted conversation to run instead of reading the terminal
 * @param config the bot's configuration file instead of {@code agent-examples/bots/NAME/config.json}
 * @param dataDir where the memory store, feed file and chain state live (default
 *     {@code data/NAME} interactively, a fresh temporary folder with {@code --script})
 */
public record BotOptions(Optional<Path> script, Optional<Path> config, Optional<Path> dataDir) {

    /**
     * Parses command-line arguments.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException naming an unknown option or a missing value
     */
    public static BotOptions parse(String... args) {
        Optional<Path> script = Optional.empty();
        Optional<Path> config = Optional.empty();
        Optional<Path> data = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value; usage: [--script FILE] [--config FILE] [--data DIR]");
            }
            Path value = Path.of(args[++i]);
            switch (option) {
                case "--script" -> script = Optional.of(value);
                case "--config" -> config = Optional.of(value);
                case "--data" -> data = Optional.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option + "; usage: [--script FILE] [--config FILE] [--data DIR]");
            }
        }
        return new BotOptions(script, config, data);
    }

    /**
     * Options for a scripted run.
     *
     * @param script the script
     * @param dataDir the data folder
     * @return the options
     */
    public static BotOptions scripted(Path script, Path dataDir) {
        return new BotOptions(Optional.of(script), Optional.empty(), Optional.of(dataDir));
    }
}
