package dev.agentry.tools.social;

import dev.agentry.core.Event;
import dev.agentry.tools.social.FeedException.Reason;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.LocalConsole;
import dev.agentry.tools.social.internal.LocalPostLog;
import dev.agentry.tools.social.internal.Once;
import dev.agentry.tools.social.internal.Trusts;
import java.io.Closeable;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feed that lives in the process, optionally backed by an append-only JSONL file, for examples,
 * tests and talking to an agent from a terminal ({@link #console}).
 *
 * <p>Anyone can {@link #append(String, String)} a post; the agent reads every post not its own
 * since its cursor (the post's sequence number), and its replies and posts are appended as its own
 * account. With a file, every post is one JSON line, written and forced to disk before the call
 * returns, and posts appended by other processes are picked up on the next read. A publication
 * with an idempotency key already used (even by an earlier process) returns the earlier post.
 * File failures are {@link FeedException}s with {@link FeedException.Reason#STORAGE}. Thread-safe.
 */
public final class LocalFeed implements Feed {
    private static final Logger log = LoggerFactory.getLogger(LocalFeed.class);

    private final String name;
    private final FeedAccount self;
    private final Optional<LocalPostLog> file;
    private final Trusts trusts;
    private final Clock clock;
    private final TextLimit limit;
    private final Map<Long, FeedPost> posts = new LinkedHashMap<>();
    private final Map<String, String> postIdsByIdempotencyKey = new HashMap<>();
    private final List<Consumer<FeedPost>> listeners = new CopyOnWriteArrayList<>();
    private long lastId;

    private LocalFeed(Builder b) {
        this.name = b.name;
        this.self = new FeedAccount(b.self, b.self);
        this.trusts = new Trusts(b.owners, b.trusted);
        this.clock = b.clock;
        this.limit = b.limit;
        this.file = b.file.map(f -> new LocalPostLog(b.name, f, b.clock));
        synchronized (this) {
            catchUp();
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
     * @throws IllegalArgumentException if the author is blank
     */
    public FeedPost append(String author, String text) {
        return append(author, text, Optional.empty(), Optional.empty()).post();
    }

    /**
     * Appends a reply by someone to an existing post.
     *
     * @param author the author's handle
     * @param postId the post answered
     * @param text the text
     * @return the post
     * @throws FeedException with {@link FeedException.Reason#NOT_FOUND} if no such post exists
     */
    public FeedPost appendReply(String author, String postId, String text) {
        return append(author, text, Optional.of(postId), Optional.empty()).post();
    }

    /**
     * Returns all posts, oldest first.
     *
     * @return a snapshot of the posts
     */
    public synchronized List<FeedPost> posts() {
        catchUp();
        return List.copyOf(posts.values());
    }

    /**
     * Calls a listener with every post appended through this instance from now on.
     *
     * @param listener the listener, called on the appending thread; its failures are logged
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
        return LocalConsole.start(feed, in, out);
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
        catchUp();
        long since = cursor.map(c -> {
            try {
                return Long.parseLong(c);
            } catch (NumberFormatException e) {
                log.warn("{}: ignoring unreadable cursor '{}'", name, c);
                return 0L;
            }
        }).orElse(0L);
        var items = new ArrayList<FeedBatch.Item>();
        posts.forEach((id, post) -> {
            if (id > since && !post.author().id().equals(self.id())) {
                items.add(new FeedBatch.Item(post, Long.toString(id)));
            }
        });
        return new FeedBatch(items, lastId > since ? Optional.of(Long.toString(lastId)) : Optional.empty());
    }

    @Override
    public PostResult publish(Draft draft) {
        limit.requireFits(name, draft.text());
        Appended appended = append(self.id(), draft.text(), draft.inReplyTo(), draft.idempotencyKey());
        return new PostResult(name, appended.post().id(), appended.existed());
    }

    @Override
    public synchronized FeedThread lookup(String postId) {
        catchUp();
        FeedPost post = find(postId).orElseThrow(() -> notFound(postId));
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
        return "LocalFeed[" + name + file.map(f -> ", " + f.file()).orElse("") + "]";
    }

    private record Appended(FeedPost post, boolean existed) {}

    /** Appends a post unless one with the same idempotency key exists (checked under the file lock). */
    private Appended append(String author, String text, Optional<String> replyTo, Optional<String> idempotencyKey) {
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("author must not be blank, was: " + author);
        }
        Appended appended;
        synchronized (this) {
            appended = file.isEmpty() ? add(author, text, replyTo, idempotencyKey)
                    : file.get().locked(() -> {
                        catchUp();
                        return add(author, text, replyTo, idempotencyKey);
                    });
        }
        if (!appended.existed()) {
            notifyListeners(appended.post());
        }
        return appended;
    }

    /** Adds a post (writing it to the file first, if any). Caller holds the monitor and the file lock. */
    private Appended add(String author, String text, Optional<String> replyTo, Optional<String> idempotencyKey) {
        Optional<FeedPost> known = idempotencyKey.map(postIdsByIdempotencyKey::get).flatMap(this::find);
        if (known.isPresent()) {
            return new Appended(known.get(), true);
        }
        long id = lastId + 1;
        String conversation = replyTo.isEmpty() ? Long.toString(id)
                : find(replyTo.get()).orElseThrow(() -> notFound(replyTo.get())).conversation();
        FeedPost post = new FeedPost(name, Long.toString(id), new FeedAccount(author, author), conversation, text, replyTo,
                clock.instant(), Map.of());
        file.ifPresent(f -> f.append(post, idempotencyKey));
        remember(post, idempotencyKey);
        return new Appended(post, false);
    }

    private void notifyListeners(FeedPost post) {
        for (Consumer<FeedPost> listener : listeners) {
            try {
                listener.accept(post);
            } catch (RuntimeException e) {
                log.warn("{}: a listener failed: {}", name, e.getMessage());
            }
        }
    }

    /** Reads what was appended to the file since the last time. Caller holds the monitor. */
    private void catchUp() {
        file.ifPresent(f -> f.readNew().forEach(entry -> remember(entry.post(), entry.idempotencyKey())));
    }

    private void remember(FeedPost post, Optional<String> idempotencyKey) {
        long id = Long.parseLong(post.id());
        posts.put(id, post);
        idempotencyKey.ifPresent(key -> postIdsByIdempotencyKey.put(key, post.id()));
        lastId = Math.max(lastId, id);
    }

    private Optional<FeedPost> find(String postId) {
        try {
            return Optional.ofNullable(posts.get(Long.parseLong(postId)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private FeedException notFound(String postId) {
        return new FeedException(name, Reason.NOT_FOUND, name + " post " + postId + " does not exist");
    }

    /** Configures a {@link LocalFeed}. Not thread-safe; each setting may be given once. */
    public static final class Builder {
        private final Once once = new Once("LocalFeed.Builder");
        private String name = "local";
        private String self = "agent";
        private Optional<Path> file = Optional.empty();
        private final Set<String> owners = new LinkedHashSet<>();
        private final Set<String> trusted = new LinkedHashSet<>();
        private Clock clock = Clock.systemUTC();
        private TextLimit limit = new TextLimit(4096, TextLimit.Unit.CHARACTERS);

        private Builder() {}

        /**
         * Sets the feed's name, the source of its events (default {@code "local"}).
         *
         * @param name lower-case letters, digits, {@code _} or {@code -}
         * @return this builder
         */
        public Builder name(String name) {
            once.mark("name");
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
            once.mark("self");
            if (handle == null || handle.isBlank()) {
                throw new IllegalArgumentException("self must not be blank, was: " + handle);
            }
            this.self = handle;
            return this;
        }

        /**
         * Backs the feed with an append-only JSONL file, created (with its folder) on first use.
         *
         * @param file the file
         * @return this builder
         */
        public Builder file(Path file) {
            once.mark("file");
            this.file = Optional.of(Objects.requireNonNull(file, "file").toAbsolutePath());
            return this;
        }

        /**
         * Sets the handles whose posts are {@code OWNER} events.
         *
         * @param handles handles, none blank
         * @return this builder
         */
        public Builder owners(String... handles) {
            once.mark("owners");
            owners.addAll(FeedSettings.ids("owners", handles));
            return this;
        }

        /**
         * Sets the handles whose posts are {@code TRUSTED} events.
         *
         * @param handles handles, none blank
         * @return this builder
         */
        public Builder trusted(String... handles) {
            once.mark("trusted");
            trusted.addAll(FeedSettings.ids("trusted", handles));
            return this;
        }

        /**
         * Sets the clock posts are stamped with (default: the system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            once.mark("clock");
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
            once.mark("textLimit");
            this.limit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * Builds the feed, reading the file's existing posts.
         *
         * @return the feed
         * @throws FeedException with {@link FeedException.Reason#STORAGE} if the file or its folder
         *     cannot be read or created
         */
        public LocalFeed build() {
            return new LocalFeed(this);
        }
    }
}
