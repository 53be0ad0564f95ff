package dev.agentry.tools.social.internal;

import dev.agentry.tools.social.FeedPost;
import dev.agentry.tools.social.LocalFeed;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A terminal connected to a {@link LocalFeed}; see {@link LocalFeed#console}. */
public final class LocalConsole {
    private static final Logger log = LoggerFactory.getLogger(LocalConsole.class);

    private LocalConsole() {}

    /**
     * Posts each input line and prints the agent's posts, until the input ends.
     *
     * @param feed the feed
     * @param in the terminal input
     * @param out where posts are printed
     * @return a handle that stops printing when closed
     */
    public static Closeable start(LocalFeed feed, InputStream in, PrintStream out) {
        Closeable subscription = feed.subscribe(post -> {
            if (post.author().id().equals(feed.self().id())) {
                out.println("[" + post.id() + "] " + post.author().handle()
                        + post.inReplyTo().map(r -> " (to " + r + ")").orElse("") + ": " + post.text());
            }
        });
        Thread reader = new Thread(() -> readLines(feed, in, out), "agentry-local-console");
        reader.setDaemon(true);
        reader.start();
        return subscription;
    }

    private static void readLines(LocalFeed feed, InputStream in, PrintStream out) {
        try (var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Optional<Line> parsed = Line.parse(line);
                if (parsed.isEmpty()) {
                    continue;
                }
                try {
                    Line l = parsed.get();
                    FeedPost post = l.replyTo().isPresent() ? feed.appendReply(l.author(), l.replyTo().get(), l.text()) : feed.append(l.author(), l.text());
                    out.println("[" + post.id() + "] " + post.author().handle() + ": " + post.text());
                } catch (RuntimeException e) {
                    out.println("! " + e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("local console input failed: {}", e.getMessage());
        }
    }

    /**
     * A parsed console line: {@code alice: hello}, {@code >3 alice: hi} (a reply to post 3), or text
     * without a name (posted by {@code "you"}).
     *
     * @param author the author
     * @param text the text
     * @param replyTo the post answered, if any
     */
    record Line(String author, String text, Optional<String> replyTo) {
        static Optional<Line> parse(String line) {
            String rest = line.strip();
            if (rest.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> replyTo = Optional.empty();
            if (rest.startsWith(">")) {
                int space = rest.indexOf(' ');
                if (space > 1) {
                    replyTo = Optional.of(rest.substring(1, space));
                    rest = rest.substring(space + 1).strip();
                }
            }
            int colon = rest.indexOf(':');
            if (colon > 0 && rest.substring(0, colon).matches("[A-Za-z0-9_.-]+")) {
                String text = rest.substring(colon + 1).strip();
                return text.isEmpty() ? Optional.empty() : Optional.of(new Line(rest.substring(0, colon), text, replyTo));
            }
            return Optional.of(new Line("you", rest, replyTo));
        }
    }
}
