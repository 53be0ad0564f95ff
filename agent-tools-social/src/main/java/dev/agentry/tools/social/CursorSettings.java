package dev.agentry.tools.social;

import dev.agentry.core.CursorStore;
import dev.agentry.tools.social.internal.Once;
import java.util.Objects;

/**
 * Where a feed's delivery cursor lives: the durable store and the key. A poller and a webhook of
 * the same feed use the same default key, so a feed can move between polling and webhooks without
 * losing its place. Set once each, through the builders of {@link FeedPoller} and
 * {@link FeedWebhook}.
 */
final class CursorSettings {
    private final Once once;
    private CursorStore store;
    private String key;

    CursorSettings(Once once) {
        this.once = once;
    }

    void store(CursorStore cursors) {
        once.mark("cursors");
        this.store = Objects.requireNonNull(cursors, "cursors");
    }

    void key(String cursorKey) {
        once.mark("cursorKey");
        if (cursorKey == null || cursorKey.isBlank()) {
            throw new IllegalArgumentException("cursorKey must not be blank");
        }
        this.key = cursorKey;
    }

    boolean hasStore() {
        return store != null;
    }

    CursorStore store() {
        return store;
    }

    /** The configured key, else {@code feed + ":mentions:" + own account id} (which asks the feed who it is). */
    String key(Feed feed) {
        return key != null ? key : feed.name() + ":mentions:" + feed.self().id();
    }
}
