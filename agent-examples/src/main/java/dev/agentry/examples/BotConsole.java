package dev.agentry.examples;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.ToolCall;
import dev.agentry.core.TurnResult;
import dev.agentry.tools.social.FeedPost;
import dev.agentry.tools.social.LocalFeed;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terminal side of a sample bot: each line typed (or read from a script) becomes a post on
 * the bot's {@link LocalFeed} by the named user ({@code alice: hello}; {@code >3 bob: hi} replies to
 * post 3; a line without a name is the operator, {@code you}), is submitted to the agent, and
 * the turn is printed as it happened: tool calls with the policy's decision and rule, transaction
 * hashes, and the bot's posts.
 *
 * <p>Script-only lines: {@code # comment}; {@code ?expect TEXT} fails the run unless the previous
 * turn's printed output contains {@code TEXT} (case-insensitive); {@code /NAME} runs a bot command
 * such as {@code /tick} (an autonomous post now); {@code /quit} ends. Not thread-safe, except that
 * {@link #submit} may be called from a timer thread while the console reads.
 */
public final class BotConsole {
    private static final Pattern SENT = Pattern.compile("\\{\\s*\"status\"\\s*:\\s*\"(success|pending)\"");
    private static final Pattern TX_HASH = Pattern.compile("\"txHash\"\\s*:\\s*\"(0x[0-9a-fA-F]{64})\"");

    private final AgentRuntime runtime;
    private final String agentId;
    private final LocalFeed feed;
    private final PrintStream out;
    private final Map<String, Supplier<Event>> commands = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<FeedPost> botPosts = new ConcurrentLinkedQueue<>();
    private final Object printLock = new Object();
    private int messages;
    private int toolCalls;
    private int denied;
    private int transactions;
    private int failures;
    private String lastTurn = "";

    /**
     * Creates a console for one agent on one local feed.
     *
     * @param runtime the started runtime
     * @param agentId the agent
     * @param feed the agent's local feed
     * @param out where to print
     */
    public BotConsole(AgentRuntime runtime, String agentId, LocalFeed feed, PrintStream out) {
        this.runtime = runtime;
        this.agentId = agentId;
        this.feed = feed;
        this.out = out;
    }

    /**
     * Adds a command such as {@code /tick}, which submits the event the supplier makes.
     *
     * @param name the command without the slash
     * @param event makes the event to submit
     * @return this console
     */
    public BotConsole command(String name, Supplier<Event> event) {
        commands.put(name, event);
        return this;
    }

    /**
     * Reads lines until the input ends or {@code /quit}, processing each one.
     *
     * @param lines the input
     * @param interactive whether to show a prompt and skip echoing the line
     * @return counts of what happened
     * @throws IOException if reading fails
     */
    public BotSummary run(BufferedReader lines, boolean interactive) throws IOException {
        try (Closeable subscription = feed.subscribe(post -> {
            if (post.author().id().equals(feed.self().id())) {
                botPosts.add(post);
            }
        })) {
            String line;
            while (true) {
                if (interactive) {
                    out.print("> ");
                    out.flush();
                }
                line = lines.readLine();
                if (line == null || line.strip().equals("/quit")) {
                    break;
                }
                process(line.strip(), interactive);
            }
        }
        return summary(Map.of());
    }

    /**
     * Returns the counts so far.
     *
     * @param facts facts to include
     * @return the summary
     */
    public BotSummary summary(Map<String, String> facts) {
        synchronized (printLock) {
            return new BotSummary(messages, toolCalls, denied, transactions, failures, facts);
        }
    }

    /**
     * Starts a virtual thread that submits an event after each delay (autonomous posts in the
     * terminal).
     *
     * @param delay the next delay
     * @param event makes the next event
     * @return a handle that stops the timer
     */
    public Closeable every(Supplier<Duration> delay, Supplier<Event> event) {
        Thread timer = Thread.ofVirtual().name("bot-timer").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(delay.get());
                    submit(event.get(), "(timer)");
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        return timer::interrupt;
    }

    private void process(String line, boolean interactive) {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (line.startsWith("?expect ")) {
            String expected = line.substring("?expect ".length()).strip();
            synchronized (printLock) {
                if (lastTurn.toLowerCase().contains(expected.toLowerCase())) {
                    out.println("  ✓ expected \"" + expected + "\"");
                } else {
                    failures++;
                    out.println("  ✗ expected \"" + expected + "\" in the last turn, but it was not there");
                }
            }
            return;
        }
        if (line.startsWith("/")) {
            Supplier<Event> command = commands.get(line.substring(1));
            if (command == null) {
                out.println("! unknown command " + line + "; known: /quit" + commands.keySet().stream().map(c -> ", /" + c).reduce("", String::concat));
                return;
            }
            submit(command.get(), line);
            return;
        }
        Optional<String> replyTo = Optional.empty();
        String rest = line;
        if (rest.startsWith(">")) {
            int space = rest.indexOf(' ');
            if (space > 1) {
                replyTo = Optional.of(rest.substring(1, space));
                rest = rest.substring(space + 1).strip();
            }
        }
        String author = "you";
        int colon = rest.indexOf(':');
        if (colon > 0 && rest.substring(0, colon).matches("[A-Za-z0-9_.-]+")) {
            author = rest.substring(0, colon);
            rest = rest.substring(colon + 1).strip();
        }
        FeedPost post;
        try {
            post = replyTo.isPresent() ? feed.appendReply(author, replyTo.get(), rest) : feed.append(author, rest);
        } catch (RuntimeException e) {
            out.println("! " + e.getMessage());
            return;
        }
        Event event = feed.toEvent(post);
        String shown = "[" + post.id() + "] " + author + " (" + event.trust().name().toLowerCase() + ")"
                + replyTo.map(r -> " (to " + r + ")").orElse("") + ": " + rest;
        submit(event, interactive ? null : shown);
    }

    /**
     * Submits one event, waits for its turn and prints what happened.
     *
     * @param event the event
     * @param heading printed before the turn, or {@code null}
     */
    public void submit(Event event, String heading) {
        TurnResult result = null;
        String error = null;
        try {
            result = runtime.submit(agentId, event).get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            error = e.getMessage();
        }
        synchronized (printLock) {
            StringBuilder turn = new StringBuilder();
            messages++;
            if (heading != null) {
                out.println(heading);
            }
            if (result == null) {
                failures++;
                print(turn, "  ! " + error);
                lastTurn = turn.toString();
                return;
            }
            for (ToolCall call : result.toolCalls()) {
                toolCalls++;
                if (call.decision() != ToolCall.Decision.ALLOW) {
                    denied++;
                }
                print(turn, "  [tool] " + call.tool() + " " + call.arguments() + " → policy " + call.decision()
                        + (call.rule().equals("default") ? "" : " (" + call.rule() + ")") + " → " + call.outcome() + ": " + call.result());
                Matcher hash = TX_HASH.matcher(call.result());
                if (call.outcome() == ToolCall.Outcome.OK && SENT.matcher(call.result()).lookingAt() && hash.find()) {
                    transactions++;
                    print(turn, "  [tx] " + hash.group(1));
                }
            }
            List<FeedPost> posts = new ArrayList<>();
            for (FeedPost p; (p = botPosts.poll()) != null; ) {
                posts.add(p);
            }
            for (FeedPost p : posts) {
                print(turn, "[" + p.id() + "] " + p.author().handle() + p.inReplyTo().map(r -> " (to " + r + ")").orElse("") + ": " + p.text());
            }
            switch (result.outcome()) {
                case REPLIED -> {
                    if (posts.isEmpty()) {
                        print(turn, "  " + agentId + ": " + result.reply().orElse(""));
                    }
                }
                case SILENT -> {
                    if (posts.isEmpty()) {
                        print(turn, "  (" + agentId + " chose not to answer)");
                    }
                }
                case DUPLICATE -> print(turn, "  (already processed)");
                default -> {
                    failures++;
                    print(turn, "  ! turn " + result.outcome() + ": " + result.error().orElse(""));
                }
            }
            lastTurn = turn.toString();
        }
    }

    private void print(StringBuilder turn, String text) {
        out.println(text);
        turn.append(text).append('\n');
    }
}
