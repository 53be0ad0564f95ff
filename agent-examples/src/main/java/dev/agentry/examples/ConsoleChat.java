package dev.agentry.examples;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first sample: a console chat with a persona (Sage) and one tool (a calculator). Type a
 * message, or {@code name: message} to speak as someone else; {@code /quit} ends. With
 * {@code --script FILE} it reads the conversation from a file and prints a summary.
 */
public final class ConsoleChat {
    private ConsoleChat() {}

    /**
     * Runs the chat.
     *
     * @param args {@code [--script FILE]}
     * @throws Exception on I/O failure
     */
    public static void main(String[] args) throws Exception {
        Path script = args.length == 2 && args[0].equals("--script") ? Path.of(args[1]) : null;
        int failures = run(script == null ? System.in : Files.newInputStream(script), System.out, System.getenv(), script == null);
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * Runs a conversation read from {@code input}.
     *
     * @param input lines to read
     * @param out where to print
     * @param env environment for the model choice
     * @param interactive whether to show prompts
     * @return the number of failed turns
     * @throws IOException on read failure
     */
    public static int run(InputStream input, PrintStream out, Map<String, String> env, boolean interactive) throws IOException {
        Persona persona;
        try (InputStream in = ConsoleChat.class.getResourceAsStream("/personas/sage.json")) {
            persona = Persona.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "personas/sage.json");
        }
        DemoModel demo = DemoModel.builder()
                .when("(-?\\d+(?:\\.\\d+)?)\\s*([-+*/x×÷])\\s*(-?\\d+(?:\\.\\d+)?)",
                        m -> new DemoModel.Call("calculate", "{\"a\":\"" + m.group(1) + "\",\"operator\":\"" + m.group(2) + "\",\"b\":\"" + m.group(3) + "\"}"))
                .otherwise("Hello! I can do exact arithmetic: try \"what is 0.1 + 0.2\". (Set OPENAI_API_KEY for a real conversation.)")
                .build();
        Models.Choice choice = Models.fromEnvironment(env, demo);
        out.println("Agentry console chat with " + persona.name() + " — model: " + choice.description());
        if (interactive) {
            out.println("Type a message (or 'name: message' to speak as someone else); /quit to leave.");
        }
        AtomicInteger turns = new AtomicInteger();
        int failures = 0;
        int toolCalls = 0;
        try (AgentRuntime runtime = AgentRuntime.builder().build()) {
            runtime.register(Agent.builder("sage").persona(persona).model(choice.model()).toolsFrom(new Calculator()).build());
            runtime.start();
            BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
            String line;
            while (true) {
                if (interactive) {
                    out.print("> ");
                    out.flush();
                }
                line = reader.readLine();
                if (line == null || line.strip().equals("/quit")) {
                    break;
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String author = "you";
                String text = line.strip();
                int colon = text.indexOf(':');
                if (colon > 0 && colon < 20 && text.substring(0, colon).matches("[A-Za-z0-9_.-]+")) {
                    author = text.substring(0, colon);
                    text = text.substring(colon + 1).strip();
                }
                if (!interactive) {
                    out.println(author + "> " + text);
                }
                Trust trust = author.equals("you") ? Trust.OWNER : Trust.UNTRUSTED;
                Event event = Event.of("console-" + turns.incrementAndGet(), "console", author, "console", text, trust);
                TurnResult result;
                try {
                    result = runtime.submit("sage", event).get(5, TimeUnit.MINUTES);
                } catch (Exception e) {
                    out.println("  ! " + e.getMessage());
                    failures++;
                    continue;
                }
                for (ToolCall call : result.toolCalls()) {
                    toolCalls++;
                    out.println("  [tool] " + call.tool() + " " + call.arguments() + " → policy " + call.decision()
                            + (call.rule().equals("default") ? "" : " (" + call.rule() + ")") + " → " + call.result());
                }
                switch (result.outcome()) {
                    case REPLIED -> out.println(persona.name() + "> " + result.reply().orElse(""));
                    case SILENT -> out.println("  (" + persona.name() + " chose not to answer)");
                    default -> {
                        failures++;
                        out.println("  ! turn " + result.outcome() + ": " + result.error().orElse(""));
                    }
                }
            }
        }
        out.println("summary: " + turns.get() + " messages, " + toolCalls + " tool calls, " + failures + " failed");
        return failures;
    }
}
