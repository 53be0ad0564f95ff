package dev.agentry.tools.social.internal;

import dev.agentry.tools.social.FeedAccount;
import dev.agentry.tools.social.FeedException;
import dev.agentry.tools.social.FeedPost;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local feed's append-only JSONL file: one post a line, appended under an exclusive file lock
 * and forced to disk, read incrementally (lines appended by other processes are picked up, an
 * incomplete last line is read again later, malformed lines are skipped). Not thread-safe: the
 * feed calls it under its own monitor; the file lock orders writers across processes.
 */
public final class LocalPostLog {
    private static final Logger log = LoggerFactory.getLogger(LocalPostLog.class);

    /**
     * A post read from the file and the idempotency key it was published with.
     *
     * @param post the post
     * @param idempotencyKey the key, if it had one
     */
    public record Entry(FeedPost post, Optional<String> idempotencyKey) {}

    private final String feed;
    private final Path file;
    private final Clock clock;
    private long offset;
    private FileChannel locked;

    /**
     * Opens the log of a feed, creating its folder.
     *
     * @param feed the feed's name, the {@link FeedPost#feed()} of the posts read
     * @param file the file
     * @param clock stamps posts whose line has no time
     * @throws FeedException with {@link FeedException.Reason#STORAGE} if the folder cannot be created
     */
    public LocalPostLog(String feed, Path file, Clock clock) {
        this.feed = feed;
        this.file = file;
        this.clock = clock;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw storage("cannot create the folder of " + file, e);
        }
    }

    /**
     * Returns the file.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Reads the complete lines appended since the last read.
     *
     * @return the posts, in file order
     * @throws FeedException with {@link FeedException.Reason#STORAGE} if the file cannot be read
     */
    public List<Entry> readNew() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= offset) {
                return entries;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - offset));
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read all that is there
            }
            byte[] bytes = buffer.array();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    parse(new String(bytes, start, i - start, StandardCharsets.UTF_8)).ifPresent(entries::add);
                    start = i + 1;
                }
            }
            offset += start;
            return entries;
        } catch (IOException e) {
            throw storage("cannot read " + file, e);
        }
    }

    /**
     * Runs an action while holding the file's exclusive lock; the action may {@link #readNew()} to
     * catch up with other writers and {@link #append} a post.
     *
     * @param action what to do under the lock
     * @param <T> the action's result
     * @return the action's result
     * @throws FeedException with {@link FeedException.Reason#STORAGE} if the file cannot be locked
     */
    public <T> T locked(Supplier<T> action) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
                FileLock ignored = channel.lock()) {
            locked = channel;
            return action.get();
        } catch (IOException e) {
            throw storage("cannot append to " + file, e);
        } finally {
            locked = null;
        }
    }

    /**
     * Appends a post as one line and forces it to disk. Only inside {@link #locked}.
     *
     * @param post the post
     * @param idempotencyKey its idempotency key, if any
     * @throws IllegalStateException outside {@link #locked}
     * @throws FeedException with {@link FeedException.Reason#STORAGE} if the write fails
     */
    public void append(FeedPost post, Optional<String> idempotencyKey) {
        if (locked == null) {
            throw new IllegalStateException("append outside locked(..)");
        }
        ObjectNode json = JsonSupport.MAPPER.createObjectNode();
        json.put("id", post.id());
        json.put("author", post.author().id());
        json.put("conversation", post.conversation());
        json.put("text", post.text());
        post.inReplyTo().ifPresent(r -> json.put("inReplyTo", r));
        json.put("createdAt", post.createdAt().toString());
        idempotencyKey.ifPresent(key -> json.put("idem", key));
        try {
            String prefix = endsWithNewline(locked) ? "" : "\n"; // a writer killed mid-line must not swallow this post
            ByteBuffer buffer = ByteBuffer.wrap((prefix + JsonSupport.MAPPER.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8));
            locked.position(locked.size());
            while (buffer.hasRemaining()) {
                locked.write(buffer);
            }
            locked.force(true);
        } catch (IOException e) {
            throw storage("cannot append to " + file, e);
        }
    }

    private static boolean endsWithNewline(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return true;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private Optional<Entry> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JsonSupport.MAPPER.readTree(line);
            String id = Long.toString(Long.parseLong(JsonSupport.text(node, "id").orElseThrow()));
            String author = JsonSupport.text(node, "author").orElseThrow();
            FeedPost post = new FeedPost(feed, id, new FeedAccount(author, author), JsonSupport.text(node, "conversation").orElse(id),
                    node.path("text").asString(), JsonSupport.text(node, "inReplyTo"),
                    JsonSupport.instant(JsonSupport.text(node, "createdAt")).orElse(clock.instant()), Map.of());
            return Optional.of(new Entry(post, JsonSupport.text(node, "idem")));
        } catch (RuntimeException e) {
            log.warn("{}: skipping malformed line in {}: {}", feed, file, JsonSupport.excerpt(line));
            return Optional.empty();
        }
    }

    private FeedException storage(String message, IOException cause) {
        return new FeedException(feed, FeedException.Reason.STORAGE, feed + ": " + message, cause);
    }
}
