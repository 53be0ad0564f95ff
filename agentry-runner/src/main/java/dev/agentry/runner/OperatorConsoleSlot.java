package dev.agentry.runner;

import dev.agentry.console.OperatorConsole;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Secret;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where {@code agentry run BOT --console PORT} starts the operator console on 127.0.0.1: the
 * operator token comes from {@code AGENTRY_CONSOLE_TOKEN}, or a random one is made and printed
 * once. Calls the bot's policy holds for approval wait in the bot's durable approval queue
 * ({@code approvals.db} in its data folder) until an operator decides in the console.
 */
final class OperatorConsoleSlot {
    private OperatorConsoleSlot() {}

    /** Nothing to refuse: the console is part of this build. */
    static void requireAvailable() {}

    /**
     * Starts the operator console for a running bot.
     *
     * @param runtime the running runtime
     * @param port the port on 127.0.0.1
     * @param env the environment (the operator token)
     * @param out where to print its address
     * @return the console, to close when the bot stops
     */
    static AutoCloseable start(AgentRuntime runtime, int port, Map<String, String> env, PrintStream out) {
        String configured = env.getOrDefault("AGENTRY_CONSOLE_TOKEN", "");
        boolean made = configured.isBlank();
        String token = made ? HexFormat.of().formatHex(new SecureRandom().generateSeed(16)) : configured;
        OperatorConsole console = OperatorConsole.builder().runtime(runtime).port(port)
                .operatorToken(Secret.of(token, "${AGENTRY_CONSOLE_TOKEN}")).build().start();
        out.println("console: " + console.uri() + (made ? " (operator token for this run: " + token + "; set AGENTRY_CONSOLE_TOKEN to choose one)"
                : " (operator token from AGENTRY_CONSOLE_TOKEN)"));
        return console;
    }
}
