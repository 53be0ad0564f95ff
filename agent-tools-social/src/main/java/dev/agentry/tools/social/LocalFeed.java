package dev.agentry.tools.social;

import dev.agentry.core.Event;
import dev.agentry.tools.social.internal.JsonSupport;
import dev.agentry.tools.social.internal.Trusts;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A feed that lives in the process, optionally backed by an append-only JSONL file, for examples,
 * tests and talking to an agent from a terminal ({@link #console}).
 *
 * <p>Anyone can {@link #append(String, String)} a post; the agent reads every post not its own
 * since its cursor (the post's sequence number), and its replies and posts are appended as its own
 * account. With a file, every post is one JSON line, written and forced to disk before the call
 * returns, and posts appended by other processes are picked up on the next read. Thread-safe.
 */
public final class LocalFeed implements Feed {
    private static final Logger log = LoggerFactory.getLogger(LocalFeed.class);

    private final String name;
    private final FeedAccount self;
    private final Path file;
    private final Trusts trusts;
    private final Clock clock;
    private final TextLimit limit;
    private final Map<Long, FeedPost> posts = new LinkedHashMap<>();
    private final Map<String, String> postIdsByIdempotencyKey = new java.util.HashMap<>();
    private final List<Consumer<FeedPost>> listeners = new CopyOnWriteArrayList<>();
    private long fileOffset;
    private long lastId;

    private LocalFeed(Builder b) {
        this.name = b.name;
        this.self = new FeedAccount(b.self, b.self);
        this.file = b.file;
        this.trusts = new Trusts(b.owners, b.trusted);
        this.clock = b.clock;
        this.limit = b.limit;
        if (file != null) {
            synchronized (this) {
                refresh();
            }
        }
    }

    /**
     * Creates an in-memory feed named {@code "local"} whose own account is {@code "agent"}.
     *
     * @return the feed
     */
    public static LocalFeed inMemory() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Appends a post by someone (a person, another agent, a test).
     *
     * @param author the author's handle, also their account id
     * @param text the text
     * @return the post
     */
    public FeedPost append(String author, String text) {
        return append(author, text, Optional.empty());
    }

    /**
     * Appends a reply by someone to an existing post.
     *
     * @param author the author's handle
     * @param postId the post answered
     * @param text the text
     * @return the post
     * @throws IllegalArgumentException if no such post exists
     */
    public FeedPost appendReply(String author, String postId, String text) {
        return append(author, text, Optional.of(postId));
    }

    /**
     * Returns all posts, oldest first.
     *
     * @return a snapshot of the posts
     */
    public synchronized List<FeedPost> posts() {
        refresh();
        return List.copyOf(posts.values());
    }

    /**
     * Calls a listener with every post appended through this instance from now on.
     *
     * @param listener the listener, called on the appending thread
     * @return a handle that removes the listener when closed
     */
    public Closeable subscribe(Consumer<FeedPost> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Connects a terminal to the feed: each line read from {@code in} such as {@code alice: hello}
     * becomes a post by alice ({@code >3 alice: hi} replies to post 3; a line without a name is
     * posted by {@code "you"}); every post of the agent is printed to {@code out}. Reads on a daemon
     * thread until the input ends or the returned handle is closed.
     *
     * @param feed the feed
     * @param in the terminal input, usually {@code System.in}
     * @param out where the agent's posts are printed, usually {@code System.out}
     * @return a handle that stops printing when closed
     */
    public static Closeable console(LocalFeed feed, InputStream in, PrintStream out) {
        Closeable subscription = feed.subscribe(post -> {
            if (post.author().id().equals(feed.self.id())) {
                out.println("[" + post.id() + "] " + post.author().handle()
                        + post.inReplyTo().map(r -> " (to " + r + ")").orElse("") + ": " + post.text());
            }
        });
        Thread reader = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    ConsoleLine parsed = ConsoleLine.parse(line);
                    if (parsed == null) {
                        continue;
                    }
                    try {
                        FeedPost post = feed.append(parsed.author(), parsed.text(), parsed.replyTo());
                        out.println("[" + post.id() + "] " + post.author().handle() + ": " + post.text());
                    } catch (RuntimeException e) {
                        out.println("! " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                log.warn("local console input failed: {}", e.getMessage());
            }
        }, "agentry-local-console");
        reader.setDaemon(true);
        reader.start();
        return subscription;
    }

    /** A parsed console line. */
    record ConsoleLine(String author, String text, Optional<String> replyTo) {
        static ConsoleLine parse(String line) {
            String rest = line.strip();
            if (rest.isEmpty()) {
                return null;
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
                return text.isEmpty() ? null : new ConsoleLine(rest.substring(0, colon), text, replyTo);
            }
            return new ConsoleLine("you", rest, replyTo);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public FeedAccount self() {
        return self;
    }

    @Override
    public TextLimit textLimit() {
        return limit;
    }

    @Override
    public synchronized FeedBatch read(Optional<String> cursor) {
        refresh();
        long since = cursor.map(c -> {
            try {
                return Long.parseLong(c);
            } catch (NumberFormatException e) {
                log.warn("{}: ignoring unreadable cursor '{}'", name, c);
                return 0L;
            }
        }).orElse(0L);
        var items = new ArrayList<FeedBatch.Item>();
        for (var entry : posts.entrySet()) {
            if (entry.getKey() > since && !entry.getValue().author().id().equals(self.id())) {
                items.add(new FeedBatch.Item(entry.getValue(), Long.toString(entry.getKey())));
            }
        }
        return new FeedBatch(items, lastId > since ? Optional.of(Long.toString(lastId)) : Optional.empty());
    }

    @Override
    public PostResult publish(Draft draft) {
        if (!limit.fits(draft.text())) {
            throw new FeedException(name, 0, name + " post not sent: " + limit.describeExcess(draft.text()));
        }
        Appended appended = append(self.id(), draft.text(), draft.inReplyTo(), draft.idempotencyKey());
        return new PostResult(name, appended.post().id(), appended.existed());
    }

    @Override
    public synchronized FeedThread lookup(String postId) {
        refresh();
        FeedPost post = find(postId).orElseThrow(() -> new FeedException(name, 404, name + " post " + postId + " does not exist"));
        List<FeedPost> thread = posts.values().stream()
                .filter(p -> p.conversation().equals(post.conversation()) && !p.id().equals(post.id())).toList();
        return new FeedThread(post, thread);
    }

    @Override
    public Event toEvent(FeedPost post) {
        return trusts.toEvent(post);
    }

    @Override
    public String toString() {
        return "LocalFeed[" + name + (file == null ? "" : ", " + file) + "]";
    }

    private FeedPost append(String author, String text, Optional<String> replyTo) {
        return append(author, text, replyTo, Optional.empty()).post();
    }

    private record Appended(FeedPost post, boolean existed) {}

    /** Appends a post unless one with the same idempotency key exists (checked under the file lock). */
    private Appended append(String author, String text, Optional<String> replyTo, Optional<String> idempotencyKey) {
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("author must not be blank");
        }
        FeedPost post;
        synchronized (this) {
            if (file == null) {
                Optional<FeedPost> known = idempotencyKey.map(postIdsByIdempotencyKey::get).flatMap(this::find);
                if (known.isPresent()) {
                    return new Appended(known.get(), true);
                }
                post = newPost(++lastId, author, text, replyTo);
                posts.put(lastId, post);
                idempotencyKey.ifPresent(key -> postIdsByIdempotencyKey.put(key, post.id()));
            } else {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
                        FileLock ignored = channel.lock()) {
                    refresh();
                    Optional<FeedPost> known = idempotencyKey.map(postIdsByIdempotencyKey::get).flatMap(this::find);
                    if (known.isPresent()) {
                        return new Appended(known.get(), true);
                    }
                    post = newPost(lastId + 1, author, text, replyTo);
                    ObjectNode json = toJson(post);
                    idempotencyKey.ifPresent(key -> json.put("idem", key));
                    String prefix = endsWithNewline(channel) ? "" : "\n"; // a writer killed mid-line must not swallow this post
                    byte[] line = (prefix + JsonSupport.MAPPER.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
                    channel.position(channel.size());
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to " + file, e);
                }
                refresh();
            }
        }
        for (Consumer<FeedPost> listener : listeners) {
            try {
                listener.accept(post);
            } catch (RuntimeException e) {
                log.warn("{}: a listener failed: {}", name, e.getMessage());
            }
        }
        return new Appended(post, false);
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

    private FeedPost newPost(long id, String author, String text, Optional<String> replyTo) {
        String conversation = Long.toString(id);
        if (replyTo.isPresent()) {
            conversation = find(replyTo.get())
                    .orElseThrow(() -> new FeedException(name, 404, name + " post " + replyTo.get() + " does not exist"))
                    .conversation();
        }
        return new FeedPost(name, Long.toString(id), new FeedAccount(author, author), conversation, text, replyTo,
                clock.instant(), Map.of());
    }

    private Optional<FeedPost> find(String postId) {
        try {
            return Optional.ofNullable(posts.get(Long.parseLong(postId)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode toJson(FeedPost post) {
        ObjectNode node = JsonSupport.MAPPER.createObjectNode();
        node.put("id", post.id());
        node.put("author", post.author().id());
        node.put("conversation", post.conversation());
        node.put("text", post.text());
        post.inReplyTo().ifPresent(r -> node.put("inReplyTo", r));
        node.put("createdAt", post.createdAt().toString());
        return node;
    }

    /** Reads lines appended to the file since the last refresh. Caller holds the monitor. */
    private void refresh() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= fileOffset) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - fileOffset));
            channel.position(fileOffset);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read all
            }
            byte[] bytes = buffer.array();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    parseLine(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            fileOffset += start; // an incomplete last line is read again next time
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void parseLine(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            JsonNode node = JsonSupport.MAPPER.readTree(line);
            long id = Long.parseLong(JsonSupport.text(node, "id").orElseThrow());
            String author = JsonSupport.text(node, "author").orElseThrow();
            String text = node.path("text").asString();
            FeedPost post = new FeedPost(name, Long.toString(id), new FeedAccount(author, author),
                    JsonSupport.text(node, "conversation").orElse(Long.toString(id)), text,
                    JsonSupport.text(node, "inReplyTo"),
                    JsonSupport.instant(JsonSupport.text(node, "createdAt")).orElse(clock.instant()), Map.of());
            posts.put(id, post);
            JsonSupport.text(node, "idem").ifPresent(key -> postIdsByIdempotencyKey.put(key, post.id()));
            lastId = Math.max(lastId, id);
        } catch (RuntimeException e) {
            log.warn("{}: skipping malformed line in {}: {}", name, file, JsonSupport.excerpt(line));
        }
    }

    /** Configures a {@link LocalFeed}. Not thread-safe. */
    public static final class Builder {
        private String name = "local";
        private String self = "agent";
        private Path file;
        private final java.util.Set<String> owners = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> trusted = new java.util.LinkedHashSet<>();
        private Clock clock = Clock.systemUTC();
        private TextLimit limit = new TextLimit(4096, TextLimit.Unit.CHARACTERS);

        private Builder() {}

        /**
         * Sets the feed's name, the source of its events (default {@code "local"}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            if (name == null || !name.matches("[a-z0-9_-]+")) {
                throw new IllegalArgumentException("name must be lower-case letters, digits, '_' or '-', was: " + name);
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the agent's handle on the feed (default {@code "agent"}).
         *
         * @param handle the handle
         * @return this builder
         */
        public Builder self(String handle) {
            if (handle == null || handle.isBlank()) {
                throw new IllegalArgumentException("self must not be blank");
            }
            this.self = handle;
            return this;
        }

        /**
         * Backs the feed with an append-only JSONL file, created on first post.
         *
         * @param file the file
         * @return this builder
         */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
            return this;
        }

        /**
         * Adds handles whose posts are {@code OWNER} events.
         *
         * @param handles handles
         * @return this builder
         */
        public Builder owners(String... handles) {
            owners.addAll(List.of(handles));
            return this;
        }

        /**
         * Adds handles whose posts are {@code TRUSTED} events.
         *
         * @param handles handles
         * @return this builder
         */
        public Builder trusted(String... handles) {
            trusted.addAll(List.of(handles));
            return this;
        }

        /**
         * Sets the clock posts are stamped with.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the text limit (default 4096 characters).
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder textLimit(TextLimit limit) {
            this.limit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * Builds the feed, reading the file's existing posts.
         *
         * @return the feed
         * @throws UncheckedIOException if the file cannot be read
         */
        public LocalFeed build() {
            if (file != null && file.getParent() != null) {
                try {
                    Files.createDirectories(file.getParent());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the folder of " + file, e);
                }
            }
            return new LocalFeed(this);
        }
    }
}
