package dev.agentry.runner;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.ToolCall;
import dev.agentry.core.TurnResult;
import dev.agentry.tools.social.FeedPost;
import dev.agentry.tools.social.LocalFeed;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terminal side of a bot: each line (typed or scripted) becomes a post on the terminal feed by
 * the named user ({@code alice: hello}; {@code >3 bob: hi} replies to post 3; a line without a name
 * is the operator), is submitted to the agent, and the turn is printed as it happened: tool calls
 * with the policy's decision and rule, transaction hashes, the bot's posts and its reply.
 *
 * <p>Other lines: {@code # comment}; {@code ?expect TEXT} fails the run unless the previous turn's
 * printed output contains {@code TEXT} (case-insensitive); {@code /NAME} runs a command such as
 * {@code /tick} (an autonomous post now); {@code /quit} ends. Not thread-safe, except that
 * {@link #submit} may be called from a timer thread while the console reads.
 */
final class Console {
    private static final Pattern SENT = Pattern.compile("\\{\\s*\"status\"\\s*:\\s*\"(success|pending)\"");
    private static final Pattern TX_HASH = Pattern.compile("\"txHash\"\\s*:\\s*\"(0x[0-9a-fA-F]{64})\"");

    /**
     * What a run did, printed as its last line.
     *
     * @param messages messages and ticks processed
     * @param toolCalls tool calls the model made
     * @param denied tool calls the policy refused
     * @param transactions transactions sent (tool results with a transaction hash)
     * @param failures failed turns plus unmet {@code ?expect} lines
     */
    record Summary(int messages, int toolCalls, int denied, int transactions, int failures) {
        String line() {
            return "summary: " + messages + " messages, " + toolCalls + " tool calls (" + denied + " denied), "
                    + transactions + " transactions, " + failures + " failed";
        }
    }

    private final AgentRuntime runtime;
    private final String agentId;
    private final LocalFeed feed;
    private final Consumer<String> screen;
    private final Map<String, Supplier<Event>> commands = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<FeedPost> botPosts = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private int messages;
    private int toolCalls;
    private int denied;
    private int transactions;
    private int failures;
    private String lastTurn = "";

    Console(AgentRuntime runtime, String agentId, LocalFeed feed, Consumer<String> screen) {
        this.runtime = runtime;
        this.agentId = agentId;
        this.feed = feed;
        this.screen = screen;
    }

    /** Adds a command such as {@code /tick}, which submits the event the supplier makes. */
    Console command(String name, Supplier<Event> event) {
        commands.put(name, event);
        return this;
    }

    /**
     * Reads lines until the input ends or {@code /quit}, processing each one.
     *
     * @param lines the input
     * @param interactive whether the lines are typed (not echoed) rather than scripted
     * @return what happened
     */
    Summary play(Lines lines, boolean interactive) {
        try (Closeable subscription = feed.subscribe(post -> {
            if (post.author().id().equals(feed.self().id())) {
                botPosts.add(post);
            }
        })) {
            for (Optional<String> line = lines.next(); line.isPresent() && !line.get().strip().equals("/quit"); line = lines.next()) {
                process(line.get().strip(), interactive);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return summary();
    }

    /** @return the counts so far */
    Summary summary() {
        synchronized (lock) {
            return new Summary(messages, toolCalls, denied, transactions, failures);
        }
    }

    /**
     * Starts a virtual thread that submits an event after each delay (autonomous posts).
     *
     * @param delay the next delay
     * @param event makes the next event
     * @return a handle that stops the timer
     */
    Closeable every(Supplier<Duration> delay, Supplier<Event> event) {
        Thread timer = Thread.ofVirtual().name("agentry-timer").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(delay.get());
                    submit(event.get(), "(on its own)");
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
            expect(line.substring("?expect ".length()).strip());
        } else if (line.startsWith("/")) {
            Supplier<Event> command = commands.get(line.substring(1));
            if (command == null) {
                screen.accept("! unknown command " + line + "; known: /quit" + commands.keySet().stream().map(c -> ", /" + c).reduce("", String::concat));
            } else {
                submit(command.get(), line);
            }
        } else {
            post(line, interactive);
        }
    }

    private void expect(String expected) {
        synchronized (lock) {
            if (lastTurn.toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT))) {
                screen.accept("  ✓ expected \"" + expected + "\"");
            } else {
                failures++;
                screen.accept("  ✗ expected \"" + expected + "\" in the last turn, but it was not there");
            }
        }
    }

    private void post(String line, boolean interactive) {
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
            screen.accept("! " + e.getMessage());
            return;
        }
        Event event = feed.toEvent(post);
        String shown = "[" + post.id() + "] " + author + " (" + event.trust().name().toLowerCase(Locale.ROOT) + ")"
                + replyTo.map(r -> " (to " + r + ")").orElse("") + ": " + rest;
        submit(event, interactive ? null : shown);
    }

    /**
     * Submits one event, waits for its turn and prints what happened.
     *
     * @param event the event
     * @param heading printed before the turn, or {@code null}
     */
    void submit(Event event, String heading) {
        TurnResult result = null;
        String error = null;
        try {
            result = runtime.submit(agentId, event).get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        }
        synchronized (lock) {
            StringBuilder turn = new StringBuilder();
            messages++;
            if (heading != null) {
                screen.accept(heading);
            }
            if (result == null) {
                failures++;
                print(turn, "  ! " + error);
            } else {
                printTurn(result, turn);
            }
            lastTurn = turn.toString();
        }
    }

    private void printTurn(TurnResult result, StringBuilder turn) {
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
    }

    private void print(StringBuilder turn, String text) {
        screen.accept(text);
        turn.append(text).append('\n');
    }
}
