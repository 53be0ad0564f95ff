package dev.agentry.runner;

import dev.agentry.core.AgentRuntime;
import java.io.PrintStream;

/**
 * THE ONE PLACE where {@code agentry run BOT --console PORT} starts the operator console, once the
 * module {@code agent-console} (built separately) is part of the build. To wire it: add
 * {@code agent-console} to this module's dependencies, make {@link #AVAILABLE} {@code true}, and
 * replace the body of {@link #start} with
 *
 * <pre>{@code
 * Secret token = Secret.of(env.getOrDefault("AGENTRY_CONSOLE_TOKEN", random 32 bytes as hex), "${AGENTRY_CONSOLE_TOKEN}");
 * OperatorConsole console = OperatorConsole.builder().runtime(runtime).port(port).operatorToken(token).build();
 * console.start();
 * out.println("console: http://127.0.0.1:" + port + "/ (operator token from AGENTRY_CONSOLE_TOKEN, or printed once here)");
 * return console;
 * }</pre>
 *
 * Until then {@code --console} is refused before anything is started.
 */
final class OperatorConsoleSlot {
    /** Whether this build includes the operator console. */
    static final boolean AVAILABLE = false;

    private OperatorConsoleSlot() {}

    /**
     * Refuses {@code --console} early, before anything is created, when the console is not built in.
     *
     * @throws UserError if it is not available
     */
    static void requireAvailable() {
        if (!AVAILABLE) {
            throw new UserError("--console needs the operator console (module agent-console), which this build of agentry does not include yet");
        }
    }

    /**
     * Starts the operator console for a running bot.
     *
     * @param runtime the running runtime
     * @param port the port on 127.0.0.1
     * @param env the environment (the operator token)
     * @param out where to print its address
     * @return the console, to close when the bot stops
     */
    static AutoCloseable start(AgentRuntime runtime, int port, java.util.Map<String, String> env, PrintStream out) {
        requireAvailable();
        throw new IllegalStateException("unreachable: the operator console is not wired");
    }
}
